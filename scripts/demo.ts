/**
 * npm run demo — the main job end to end without an API key: starts the local provider server, takes a real selection
 * from a sample file, and streams its explanation through the real SDK path (ChatEngine → StreamSession → official
 * OpenAI / Anthropic SDK → HTTP + SSE) to this terminal, token by token, then prints the stats line.
 *
 * Options: --provider openai|anthropic|both (default both)   --rate <tokens/s> (default 40)   --stop-after <tokens>
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChatEngine } from '../src/core/chatEngine';
import { formatCost, formatStatsLine } from '../src/core/format';
import { DEFAULT_PRICES } from '../src/core/pricing';
import type { ProviderId } from '../src/core/provider';
import { createAnthropicProvider } from '../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../src/core/providers/openaiProvider';
import { o200kCounter } from '../src/core/tokenizer';
import { fixturesDir } from '../test/server/fixtures';
import { startProviderServer } from '../test/server/providerServer';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const color = process.stdout.isTTY ? (code: number, s: string) => `\x1b[${code}m${s}\x1b[0m` : (_: number, s: string) => s;

async function main(): Promise<void> {
  const which = arg('provider', 'both');
  const providers: ProviderId[] = which === 'both' ? ['openai', 'anthropic'] : [which as ProviderId];
  const rate = Number(arg('rate', '40'));
  const stopAfter = Number(arg('stop-after', '0'));

  const sampleFile = path.join(fixturesDir(), 'sample', 'rateLimiter.ts');
  const lines = fs.readFileSync(sampleFile, 'utf8').split('\n');
  const [start, end] = [10, 18]; // the tryTake method, 1-based inclusive
  const code = lines.slice(start - 1, end).join('\n');
  const answer = fs.readFileSync(path.join(fixturesDir(), 'sample', 'rateLimiter.answer.md'), 'utf8');

  const server = await startProviderServer();
  let provider: ProviderId = providers[0];
  let tokens = 0;
  const engine: ChatEngine = new ChatEngine({
    post: (m) => {
      if (m.type === 'turn-start') {
        process.stdout.write(color(2, `── ${m.provider} · ${m.model} · ${m.prompt.fileName} (lines ${start}–${end}) ──\n`));
        process.stdout.write(color(36, code) + '\n\n');
      } else if (m.type === 'delta') {
        process.stdout.write(m.text);
        tokens++;
        if (stopAfter && tokens >= stopAfter) void engine.cancel();
      } else if (m.type === 'turn-status') {
        process.stdout.write(color(33, `\n[${m.text}]\n`));
      } else if (m.type === 'turn-end') {
        const stats = formatStatsLine({ ...m.usage, ...m.metrics, costUsd: m.costUsd });
        const marker = m.finishReason === 'cancelled' ? color(33, '\n[stopped — partial answer kept]') : '';
        process.stdout.write(`${marker}\n\n${color(32, stats)}\n\n`);
      } else if (m.type === 'turn-error') {
        process.stdout.write(color(31, `\n[${m.error.kind}] ${m.error.message}\n\n`));
      }
    },
    settings: () => ({
      provider,
      model: provider === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-20250514',
      baseUrl: provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl,
      maxOutputTokens: 1024, maxInputTokens: 32_000,
      idleTimeoutMs: 30_000,
      totalTimeoutMs: 120_000,
      prices: DEFAULT_PRICES,
    }),
    getApiKey: async () => 'local-demo-key',
    loadProvider: async (id) => (id === 'openai' ? createOpenAIProvider : createAnthropicProvider),
    loadTokenCounter: async () => o200kCounter,
  });

  console.log(color(1, `Stream Explain demo — local provider server at ${server.url} (no API key needed)\n`));
  for (const p of providers) {
    await engine.newChat(); // each provider explains from a fresh conversation
    provider = p;
    tokens = 0;
    server.enqueue({ kind: 'script', text: answer, tokensPerSecond: rate, ttftMs: 350 });
    await engine.explain({ code, language: 'typescript', fileName: 'test/fixtures/sample/rateLimiter.ts', startLine: start, endLine: end });
  }
  const t = engine.ledger.totals();
  console.log(color(1, `Session: ${t.requests} request(s), ${t.inputTokens} in / ${t.outputTokens} out tokens, ${formatCost(t.costUsd)}`));
  await server.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
