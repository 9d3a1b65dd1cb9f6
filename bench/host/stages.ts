/**
 * `tsx bench/host/stages.ts [--tokens 10000] [--rate 0] [--rounds 6] [--wires openai,anthropic]`: host CPU per token, stage by
 * stage, on the same burst: the SDK alone (bare), + the provider adapter (its events iterated, nothing else),
 * + the response body tap the session's idle timer asks for (onWireActivity), + StreamSession (no listener), + the rest of the engine (turnStream, DeltaCoalescer, the stand-in panel's
 * validation, snapshot and saves: the whole of "ours"). Stages are interleaved round by round, in rotating order,
 * so a drifting machine load falls on all of them. Each difference is what that stage adds.
 */
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import { StreamSession } from '../../src/core/streamSession';
import { profiled } from './profiler';
import { expectedText } from './stats';
import { StampedServer } from './serverClient';
import { readBare, readOurs, type Wire } from './streams';

const argv = process.argv.slice(2);
const flag = (name: string, d: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : d;
};
const TOKENS = Number(flag('tokens', '10000'));
const ROUNDS = Number(flag('rounds', '6'));
/** Tokens per second the server paces at; 0: a burst. */
const RATE = Number(flag('rate', '0'));
const WIRES = flag('wires', 'openai,anthropic').split(',') as Wire[];
const PROMPT = 'Explain what this function does and where it could fail.';
const KEY = 'bench-key-not-a-secret';
const MODEL: Record<Wire, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-sonnet-4-20250514' };
let n = 0;

type Stage = 'SDK (bare)' | '+ adapter' | '+ body tap' | '+ StreamSession' | '+ engine (ours)';
const ALL_STAGES: Stage[] = ['SDK (bare)', '+ adapter', '+ body tap', '+ StreamSession', '+ engine (ours)'];
/** --only 3,4: some stages (by index), e.g. one at a time under a profiler (--profile DIR). */
const STAGES = argv.includes('--only') ? flag('only', '').split(',').map((i) => ALL_STAGES[Number(i)]) : ALL_STAGES;

function provider(server: StampedServer, wire: Wire) {
  const config = { apiKey: KEY, baseUrl: wire === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl };
  return wire === 'openai' ? createOpenAIProvider(config) : createAnthropicProvider(config);
}

const request = (model: string) => ({ model, system: 'You explain code.', messages: [{ role: 'user' as const, content: PROMPT }], maxOutputTokens: 100_000 });

async function run(server: StampedServer, wire: Wire, stage: Stage): Promise<string> {
  const model = `${MODEL[wire]}#stage-${n++}`;
  switch (stage) {
    case 'SDK (bare)':
      return (await readBare(server, { wire, model, prompt: PROMPT })).text;
    case '+ adapter':
    case '+ body tap': {
      // The tap is what the session asks for (onWireActivity, for its idle timer): here with an empty callback.
      const req = stage === '+ body tap' ? { ...request(model), onWireActivity: () => {} } : request(model);
      let text = '';
      await provider(server, wire).stream(req, new AbortController().signal, (ev) => { if (ev.type === 'delta') text += ev.text; });
      return text;
    }
    case '+ StreamSession':
      return (await new StreamSession({ provider: provider(server, wire), request: request(model), priceFor: () => undefined }).run()).text;
    case '+ engine (ours)':
      return (await readOurs(server, { wire, model, prompt: PROMPT })).text;
  }
}

async function main(): Promise<void> {
  const server = await StampedServer.start();
  const cpu = new Map<string, number[]>();
  try {
    for (const wire of WIRES) for (const stage of STAGES) { await server.enqueue({ kind: 'script', tokens: 50, ttftMs: 0 }); await run(server, wire, stage); }
    await profiled(argv.includes('--profile') ? flag('profile', '') : undefined, `stages-${STAGES.length === 1 ? ALL_STAGES.indexOf(STAGES[0]) : 'all'}-${WIRES.join('-')}`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const wire of WIRES) {
        const order = STAGES.map((_, i) => STAGES[(i + round) % STAGES.length]);
        for (const stage of order) {
          await server.enqueue({ kind: 'script', tokens: TOKENS, ttftMs: 0, ...(RATE ? { tokensPerSecond: RATE } : {}) });
          const c0 = process.cpuUsage();
          const text = await run(server, wire, stage);
          const c = process.cpuUsage(c0);
          if (text !== expectedText(TOKENS)) throw new Error(`${stage} ${wire}: the text read is not the text sent`);
          const key = `${wire} ${stage}`;
          cpu.set(key, [...(cpu.get(key) ?? []), (c.user + c.system) / TOKENS]);
        }
      }
    }
    });
  } finally {
    await server.stop();
  }
  console.log(`Host CPU per token by stage, ${RATE ? `${TOKENS} tokens at ${RATE}/s` : `a burst of ${TOKENS} tokens`}, ${ROUNDS} rounds (median, µs; added: over the stage before).`);
  for (const wire of WIRES) {
    let before = 0;
    for (const stage of STAGES) {
      const xs = [...(cpu.get(`${wire} ${stage}`) ?? [])].sort((a, b) => a - b);
      const med = xs[Math.floor(xs.length / 2)];
      console.log(`  ${wire.padEnd(10)} ${stage.padEnd(16)} ${med.toFixed(2).padStart(7)}  ${before ? `+${(med - before).toFixed(2)}` : ''}`);
      before = med;
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
