import * as assert from 'node:assert/strict';
import { ChatEngine, type EngineSettings, type StoredTurn } from '../../src/core/chatEngine';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import type { HostMessage } from '../../src/core/protocol';
import { parseHostMessage } from '../../src/core/protocolParse';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import { loadCounter, type TokenCounterLoader } from '../../src/core/tokenCounter';
import { o200kCounter } from '../../src/core/tokenizer';
import { AFTER_TURN_MS, TokenizerGate, withTokenizerGate } from '../../src/core/tokenizerGate';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { TEST_KEY, until } from './helpers';
import { ManualClock } from './manualClock';

/**
 * The tokenizer's first load blocks the host's thread for ~0.2-0.3 s: a draft typed while an answer streams must not
 * put it in the middle of the stream. The real engine and SDK against the local server; the after-turn wait on a
 * clock the test moves by hand; "when" is told by the order of the messages the engine posted.
 */
describe('draft estimates while an answer streams (TokenizerGate)', () => {
  let server: ProviderServer;
  let posted: HostMessage[];
  let clock: ManualClock;
  /** For each call of the tokenizer's loader: how many messages had been posted by then. */
  let loadsAt: number[];
  let loader: TokenCounterLoader;
  let settings: EngineSettings;

  beforeEach(async () => {
    server = await startProviderServer();
    posted = [];
    clock = new ManualClock();
    loadsAt = [];
    // A new loader per test: whether "the tokenizer is in memory" is kept per loader.
    loader = async () => {
      loadsAt.push(posted.length);
      return o200kCounter;
    };
    settings = {
      provider: 'openai', model: 'gpt-4o-mini', baseUrl: server.openaiBaseUrl, maxOutputTokens: 512, maxInputTokens: 32_000,
      idleTimeoutMs: 5000, totalTimeoutMs: 60_000, prices: DEFAULT_PRICES,
    };
  });
  afterEach(async () => { await server.close(); });

  const engineWith = (restored: StoredTurn[] = []) => new ChatEngine(withTokenizerGate({
    post: (m) => {
      assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), `engine posted an invalid message: ${JSON.stringify(m)}`);
      posted.push(m);
    },
    settings: () => settings,
    getApiKey: async () => TEST_KEY,
    loadProvider: async () => createOpenAIProvider,
    loadTokenCounter: loader,
    clock,
  }), restored);
  const indexOf = (type: HostMessage['type']) => posted.findIndex((m) => m.type === type);
  /** The last turn-end or turn-error the engine posted. */
  const outcome = () => [...posted].reverse().find((m) => m.type === 'turn-end' || m.type === 'turn-error');
  const endOf = () => { const m = outcome(); return m?.type === 'turn-end' ? m : undefined; };
  const hasText = () => posted.some((m) => m.type === 'delta');
  const answeredSeqs = () => posted.flatMap((m) => (m.type === 'draft-estimate' ? [m.seq] : []));
  const pendingSeqs = () => posted.flatMap((m) => (m.type === 'draft-estimate-pending' ? [m.seq] : []));
  const draft = (engine: ChatEngine, seq: number, text = 'Why a Map?') => engine.handle({ type: 'draft', text, seq });
  /** A stopped answer from an earlier window: continuing it streams a turn that gets no estimate of its own. */
  const stopped: StoredTurn = {
    content: 'Explain this code.\n\n```js\na()\n```', superseded: false,
    snapshot: { turnId: 't1', prompt: { text: 'Explain this code.', code: 'a()' }, provider: 'openai', model: 'gpt-4o-mini', state: 'cancelled', text: 'It calls' },
  };

  it('a draft typed while a cold turn streams: "estimate after this answer" at once, the tokenizer loaded only after the turn ended, then its figures', async () => {
    const engine = engineWith();
    server.enqueue({ kind: 'script', tokens: 150, tokensPerSecond: 100 });
    const running = engine.explain({ code: 'a()' });
    await until(hasText, 10_000, 'the first text');
    const drafted = draft(engine, 1);
    assert.deepEqual(posted.at(-1), { type: 'draft-estimate-pending', seq: 1 }, 'the panel is told why no figures come yet');
    await running;
    await drafted;
    const end = indexOf('turn-end');
    assert.ok(end > 0);
    // The turn's own estimate and the draft's share the one load, and it came after the answer's end.
    assert.equal(loadsAt.length, 1, 'one load');
    assert.ok(loadsAt[0] > end, `loaded after the turn-end (message ${loadsAt[0]}, turn-end ${end})`);
    assert.deepEqual(answeredSeqs(), [1]);
    assert.ok(posted.findIndex((m) => m.type === 'draft-estimate') > end);
  });

  it('several drafts during the stream: one load after it, only the newest draft answered (the older ones resolve unanswered)', async () => {
    const engine = engineWith([stopped]);
    server.enqueue({ kind: 'script', tokens: 150, tokensPerSecond: 100 });
    const running = engine.continue('t1');
    await until(hasText, 10_000, 'the first text');
    const drafts = [1, 2, 3].map((seq) => draft(engine, seq, 'Why a Map'.slice(0, 6 + seq)));
    await Promise.all(drafts.slice(0, 2)); // superseded: settled without an estimate
    assert.deepEqual(pendingSeqs(), [1, 2, 3]);
    await running;
    clock.advance(AFTER_TURN_MS);
    await drafts[2];
    assert.equal(loadsAt.length, 1, 'one load, not one per draft');
    assert.deepEqual(answeredSeqs(), [3]);
  });

  it('an answer that ends with its usage reported: no load the moment it ends, the draft answered AFTER_TURN_MS later', async () => {
    const engine = engineWith([stopped]);
    server.enqueue({ kind: 'script', tokens: 150, tokensPerSecond: 100 });
    const running = engine.continue('t1');
    await until(hasText, 10_000, 'the first text');
    const drafted = draft(engine, 7);
    await running;
    const end = endOf();
    assert.equal(end?.finishReason, 'stop');
    assert.equal(end?.usage.estimated, false, 'counted by the provider: the turn itself loaded nothing');
    assert.equal(loadsAt.length, 0, 'the answer\'s last messages leave before the load');
    clock.advance(AFTER_TURN_MS - 1);
    assert.equal(loadsAt.length, 0);
    clock.advance(1);
    await drafted;
    assert.equal(loadsAt.length, 1);
    assert.deepEqual(answeredSeqs(), [7]);
  });

  // A stopped or failed answer is counted with the tokenizer once its stream has ended (StreamSession): the draft's
  // estimate shares that load, and is answered as soon as the turn is over.
  const lastDelta = () => posted.map((m) => m.type).lastIndexOf('delta');
  const assertOneLoadAfterTheAnswer = (seq: number) => {
    assert.equal(loadsAt.length, 1);
    assert.ok(loadsAt[0] > lastDelta(), 'every delta was posted before the load');
    assert.deepEqual(answeredSeqs(), [seq]);
  };

  it('Stop releases the wait: nothing loads while it streams; once stopped, the draft is answered', async () => {
    const engine = engineWith([stopped]);
    server.enqueue({ kind: 'script', tokens: 2000, tokensPerSecond: 50 });
    const running = engine.continue('t1');
    await until(hasText, 10_000, 'the first text');
    const drafted = draft(engine, 7);
    const count = posted.length;
    await until(() => posted.length > count + 2, 10_000, 'more of the answer');
    assert.equal(loadsAt.length, 0, 'no load while the answer streams');
    await engine.cancel();
    await running;
    await drafted;
    assert.equal(endOf()?.finishReason, 'cancelled');
    assertOneLoadAfterTheAnswer(7);
  });

  it('a failed turn releases the wait too (the stream stalls, the idle timeout ends it)', async () => {
    const engine = engineWith([stopped]);
    server.enqueue({ kind: 'script', tokens: 200, tokensPerSecond: 200, stallAfterBytes: 600, stallMs: 60_000 });
    const running = engine.continue('t1');
    await until(hasText, 10_000, 'the first text');
    const drafted = draft(engine, 2);
    assert.equal(loadsAt.length, 0);
    clock.advance(settings.idleTimeoutMs);
    await running;
    await drafted;
    assert.equal(outcome()?.type, 'turn-error');
    assertOneLoadAfterTheAnswer(2);
  });

  it('with the tokenizer in memory a draft is answered at once while the answer streams, with no "after this answer"', async () => {
    await loadCounter(loader);
    const engine = engineWith();
    server.enqueue({ kind: 'script', tokens: 2000, tokensPerSecond: 50 });
    const running = engine.explain({ code: 'a()' });
    await until(hasText, 10_000, 'the first text');
    await draft(engine, 4);
    assert.deepEqual(answeredSeqs(), [4]);
    assert.equal(indexOf('turn-end'), -1, 'answered before the turn ended');
    assert.deepEqual(pendingSeqs(), []);
    await engine.cancel();
    await running;
    assert.equal(loadsAt.length, 1, 'the load before the test, none since');
  });
});

describe('TokenizerGate on its own', () => {
  let clock: ManualClock;
  let loads: number;
  let loader: TokenCounterLoader;
  beforeEach(() => {
    clock = new ManualClock();
    loads = 0;
    loader = async () => {
      loads++;
      return o200kCounter;
    };
  });
  const job = (ran: string[], name: string) => async () => { ran.push(name); await loadCounter(loader); };

  it('a turn starting during the after-turn wait keeps the draft waiting until that turn has ended too', async () => {
    const gate = new TokenizerGate(loader, clock);
    const ran: string[] = [];
    gate.streamingChanged(true);
    const done = gate.run(job(ran, 'a'));
    gate.streamingChanged(false);
    clock.advance(AFTER_TURN_MS / 2);
    gate.streamingChanged(true); // the next answer begins: the pending release is called off
    clock.advance(10 * AFTER_TURN_MS);
    assert.deepEqual(ran, []);
    assert.equal(gate.holds, true);
    gate.streamingChanged(false);
    clock.advance(AFTER_TURN_MS);
    await done;
    assert.deepEqual(ran, ['a']);
    assert.equal(gate.holds, false);
  });

  it('once something else has loaded the tokenizer, a newer draft runs at once and the waiting one is dropped', async () => {
    const gate = new TokenizerGate(loader, clock);
    const ran: string[] = [];
    gate.streamingChanged(true);
    const first = gate.run(job(ran, 'a'));
    await loadCounter(loader); // e.g. a turn's estimate
    assert.equal(gate.holds, false);
    await gate.run(job(ran, 'b'));
    await first;
    gate.streamingChanged(false);
    clock.advance(AFTER_TURN_MS);
    assert.deepEqual(ran, ['b']);
    assert.equal(loads, 1);
  });

  it('nothing streaming: a cold draft is estimated at once, as before', async () => {
    const gate = new TokenizerGate(loader, clock);
    const ran: string[] = [];
    assert.equal(gate.holds, false);
    await gate.run(job(ran, 'a'));
    assert.deepEqual(ran, ['a']);
    assert.equal(loads, 1);
  });

  it('two first loads at once (a draft and a turn\'s estimate) build the tables once', async () => {
    const [a, b] = await Promise.all([loadCounter(loader), loadCounter(loader)]);
    assert.equal(a, b);
    assert.equal(loads, 1);
  });
});
