import * as assert from 'node:assert/strict';
import { ChatEngine, type EngineSettings } from '../../src/core/chatEngine';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import type { HostMessage } from '../../src/core/protocol';
import { parseHostMessage } from '../../src/core/protocolParse';
import type { ProviderId } from '../../src/core/provider';
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import { loadCounter } from '../../src/core/tokenCounter';
import { o200kCounter } from '../../src/core/tokenizer';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { TEST_KEY, until } from './helpers';
import { ManualClock } from './manualClock';

describe('ChatEngine: selection → provider → panel messages', () => {
  let server: ProviderServer;
  let posted: HostMessage[];
  let missingKey: ProviderId[];
  let streamingChanges: boolean[];
  let settings: EngineSettings;
  let key: string | undefined;
  let engine: ChatEngine;

  beforeEach(async () => {
    server = await startProviderServer();
    posted = [];
    missingKey = [];
    streamingChanges = [];
    key = TEST_KEY;
    settings = {
      provider: 'openai', model: 'gpt-4o-mini', baseUrl: server.openaiBaseUrl, maxOutputTokens: 512, maxInputTokens: 32_000,
      idleTimeoutMs: 5000, totalTimeoutMs: 60_000, prices: DEFAULT_PRICES,
    };
    engine = new ChatEngine({
      post: (m) => {
        assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), `engine posted an invalid message: ${JSON.stringify(m)}`);
        posted.push(m);
      },
      settings: () => settings,
      getApiKey: async () => key,
      loadProvider: async (id) => (id === 'openai' ? createOpenAIProvider : createAnthropicProvider),
      loadTokenCounter: async () => o200kCounter,
      onMissingKey: (p) => missingKey.push(p),
      onStreamingChange: (s) => streamingChanges.push(s),
    });
  });
  afterEach(async () => { await server.close(); });

  const types = () => posted.map((m) => m.type);
  const textOf = (turnId: string) => posted.filter((m): m is Extract<HostMessage, { type: 'delta' }> => m.type === 'delta' && m.turnId === turnId).map((m) => m.text).join('');

  for (const provider of ['openai', 'anthropic'] as const) {
    it(`explains a selection with ${provider}: turn-start, deltas with the exact answer, turn-end with stats`, async () => {
      settings = { ...settings, provider, model: provider === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-20250514', baseUrl: provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl };
      server.enqueue({ kind: 'script', text: 'It **adds** two numbers.\n\nThat is all.', tokensPerSecond: 200 });
      await engine.explain({ code: 'const f = (a, b) => a + b;', language: 'javascript', fileName: 'f.js', startLine: 1, endLine: 1 });
      // The question's cost figures come last: the first request of an engine loads the tokenizer only after its end.
      assert.deepEqual([types()[0], ...types().slice(-2)], ['turn-start', 'turn-end', 'turn-estimate']);
      const start = posted[0] as Extract<HostMessage, { type: 'turn-start' }>;
      assert.equal(start.prompt.code, 'const f = (a, b) => a + b;');
      assert.equal(start.provider, provider);
      assert.equal(textOf(start.turnId), 'It **adds** two numbers.\n\nThat is all.');
      const end = posted.at(-2) as Extract<HostMessage, { type: 'turn-end' }>;
      assert.equal(end.finishReason, 'stop');
      assert.equal(end.usage.outputTokens, 7, 'one token per word piece');
      assert.equal(end.usage.estimated, false);
      assert.ok(end.costUsd! > 0);
      assert.ok(end.metrics.ttftMs !== null);
      assert.deepEqual(streamingChanges, [true, false]);
      assert.equal(engine.ledger.all().length, 1);
      assert.equal(engine.ledger.totals().costUsd, end.costUsd);
      // Anthropic gets the code message as a text block carrying a prompt-cache breakpoint (promptCache.test.ts).
      const sent = server.requests[0].body.messages as Array<{ role: string; content: string | Array<{ text: string }> }>;
      const last = sent.at(-1)!.content;
      assert.ok((typeof last === 'string' ? last : last.map((b) => b.text).join('')).includes('```javascript\nconst f = (a, b) => a + b;\n```'));
    });
  }

  it('a follow-up question carries the conversation so far', async () => {
    server.enqueue({ kind: 'script', text: 'First answer.' }, { kind: 'script', text: 'Second answer.' });
    await engine.explain({ code: 'x++', language: 'c' });
    await engine.ask('Is it atomic?');
    const msgs = server.requests[1].body.messages as Array<{ role: string; content: string }>;
    assert.deepEqual(msgs.slice(1).map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(msgs[2].content, 'First answer.');
    assert.equal(msgs[3].content, 'Is it atomic?');
  });

  it('a new request while one streams cancels the old one first', async () => {
    server.enqueue({ kind: 'script', tokens: 2000, tokensPerSecond: 100 }, { kind: 'script', text: 'Fresh.' });
    const first = engine.explain({ code: 'a()' });
    await until(() => posted.some((m) => m.type === 'delta'), 5000, 'first deltas');
    await engine.explain({ code: 'b()' });
    await first;
    const ends = posted.filter((m) => m.type === 'turn-end') as Array<Extract<HostMessage, { type: 'turn-end' }>>;
    assert.deepEqual(ends.map((e) => e.finishReason), ['cancelled', 'stop']);
    // The old turn ended before the new one started.
    const firstEnd = types().indexOf('turn-end');
    const secondStart = types().lastIndexOf('turn-start');
    assert.ok(firstEnd < secondStart);
    await server.requests[0].ended;
    assert.equal(server.requests[0].clientDisconnected, true);
    assert.equal(engine.ledger.all().map((e) => e.status).join(','), 'cancelled,done');
    assert.equal(ends[0].usage.estimated, true);
  });

  it('cancel from the panel stops the stream and keeps the partial text', async () => {
    server.enqueue({ kind: 'script', tokens: 2000, tokensPerSecond: 100 });
    const run = engine.explain({ code: 'a()' });
    await until(() => posted.some((m) => m.type === 'delta'), 5000, 'deltas');
    const turnId = engine.currentTurnId!;
    await engine.handle({ type: 'cancel', turnId });
    await run;
    // (The question's cost figures may follow the end: the tokenizer's first load waits for it.)
    const end = posted.filter((m) => m.type !== 'turn-estimate').at(-1) as Extract<HostMessage, { type: 'turn-end' }>;
    assert.equal(end.finishReason, 'cancelled');
    const snap = engine.snapshot()[0];
    assert.equal(snap.state, 'cancelled');
    assert.equal(snap.text, textOf(turnId));
    assert.ok(snap.text.length > 0);
    assert.equal(engine.streaming, false);
  });

  it('a missing key asks for one and sends nothing', async () => {
    key = undefined;
    await engine.explain({ code: 'a()' });
    assert.deepEqual(missingKey, ['openai']);
    assert.equal(server.requests.length, 0);
    const err = posted.at(-1) as Extract<HostMessage, { type: 'turn-error' }>;
    assert.equal(err.type, 'turn-error');
    assert.equal(err.error.action, 'set-api-key');
    assert.match(err.error.message, /OPENAI_API_KEY/);
    assert.equal(engine.ledger.all().length, 0, 'nothing was sent, nothing is billed');
  });

  it('a malformed base URL is reported before any request', async () => {
    settings = { ...settings, baseUrl: 'localhost:1234/v1' };
    await engine.explain({ code: 'a()' });
    const err = posted.at(-1) as Extract<HostMessage, { type: 'turn-error' }>;
    assert.equal(err.error.kind, 'config');
    assert.match(err.error.message, /not an http\(s\) URL/);
    assert.equal(server.requests.length, 0);
  });

  it('retry re-asks the same question as a new turn replacing the failed one, which stays in history, folded', async () => {
    server.enqueue({ kind: 'replay', transcript: 'openai-chat-truncated.DERIVED' }, { kind: 'script', text: 'Complete answer.' });
    await engine.explain({ code: 'a()' });
    const failed = posted.find((m) => m.type === 'turn-error') as Extract<HostMessage, { type: 'turn-error' }>;
    assert.equal(failed.error.kind, 'interrupted');
    assert.equal(failed.partialText, 'Olá!');
    await engine.handle({ type: 'retry', turnId: failed.turnId });
    assert.equal(server.requests[1].body.messages && (server.requests[1].body.messages as unknown[]).length, 2, 'system + the same user message only');
    const snaps = engine.snapshot();
    assert.deepEqual(snaps.map((s) => s.state), ['error', 'done']);
    assert.equal(snaps[0].text, 'Olá!', 'the interrupted text is kept on screen');
    assert.equal(snaps[1].text, 'Complete answer.');
    assert.deepEqual(snaps.map((s) => s.superseded), [true, undefined]);
    const restart = posted.filter((m) => m.type === 'turn-start').at(-1) as Extract<HostMessage, { type: 'turn-start' }>;
    assert.equal(restart.replaces, failed.turnId, 'the panel is told which answer the new one replaces');
    await engine.handle({ type: 'retry', turnId: failed.turnId });
    assert.equal(server.requests.length, 2, 'an attempt already retried is not retried again');
  });

  describe('saving the conversation while a turn streams (on a clock the test moves by hand)', () => {
    let clock: ManualClock;
    let saves: ReturnType<ChatEngine['exportTurns']>[];
    let shown: string;
    let saver: ChatEngine;
    const savedText = (i: number) => saves[i][0].snapshot.text;

    beforeEach(async () => {
      clock = new ManualClock();
      saves = [];
      shown = '';
      // The tokenizer already in memory, as after a draft was estimated: its first load would add a save after the end.
      const loadTokenCounter = async () => o200kCounter;
      await loadCounter(loadTokenCounter);
      saver = new ChatEngine({
        post: (m) => { if (m.type === 'delta') shown += m.text; },
        settings: () => settings, getApiKey: async () => key,
        loadProvider: async () => createOpenAIProvider, loadTokenCounter,
        onConversationChange: () => saves.push(saver.exportTurns()), clock,
      });
    });

    it('saves at the first text, then at most once a second, each save holding all that was shown (a stall loses nothing)', async () => {
      server.enqueue({ kind: 'script', tokens: 2000, tokensPerSecond: 50 }); // far longer than the test: stopped below
      const running = saver.explain({ code: 'a()' });
      await until(() => shown.length > 0, 10_000, 'the first text');
      // However many deltas arrive while the clock stands still, only the first one was saved (at once).
      await until(() => shown.length > savedText(0).length, 10_000, 'more text than was saved');
      assert.equal(saves.length, 1, 'one save while the clock stood still');
      assert.ok(shown.startsWith(savedText(0)));
      clock.advance(999);
      assert.equal(saves.length, 1, 'no second save within the second');
      // The second is up: the pending save runs without waiting for another delta, as it must when the stream stalls,
      // and holds exactly what the panel has been shown.
      clock.advance(1);
      assert.equal(saves.length, 2);
      assert.equal(savedText(1), shown);
      const mid = saves[1][0].snapshot;
      assert.equal(mid.state, 'cancelled', 'a streaming turn is saved as it would be after a reload: stopped');
      assert.equal(mid.end?.usage.estimated, true);
      assert.ok((mid.end?.costUsd ?? 0) > 0, 'with an estimated cost');
      // What a window that went away mid-answer comes back to.
      const restored = new ChatEngine({ post: () => undefined, settings: () => settings, getApiKey: async () => key, loadProvider: async () => createOpenAIProvider }, [saves[1][0]]);
      assert.deepEqual(restored.snapshot().map((t) => [t.state, t.text]), [['cancelled', shown]]);

      await until(() => shown.length > savedText(1).length, 10_000, 'text after the second save');
      clock.advance(1000);
      assert.equal(saves.length, 3);
      assert.equal(savedText(2), shown);
      await saver.cancel();
      await running;
      assert.equal(saves.length, 4, 'the end of the turn is saved at once');
      assert.equal(saves[3][0].snapshot.state, 'cancelled');
      assert.equal(savedText(3), shown);
    });

    it('the final save has the finished turn, and no mid-stream save comes after it', async () => {
      server.enqueue({ kind: 'script', text: 'A short answer in several tokens, streamed quickly.', tokensPerSecond: 400 });
      await saver.explain({ code: 'a()' });
      assert.ok(saves.length >= 2, 'the first text, then the end');
      assert.equal(saves.at(-1)![0].snapshot.state, 'done');
      assert.deepEqual(clock.pending(), [], 'the pending mid-stream save was dropped');
      const count = saves.length;
      clock.advance(60_000);
      assert.equal(saves.length, count, 'no save after the end');
    });
  });

  it('ready replays the whole conversation so a re-shown panel loses nothing', async () => {
    server.enqueue({ kind: 'script', text: 'Kept.' });
    await engine.explain({ code: 'a()' });
    posted = [];
    await engine.handle({ type: 'ready' });
    const history = posted[0] as Extract<HostMessage, { type: 'history' }>;
    assert.equal(history.type, 'history');
    assert.equal(history.turns[0].text, 'Kept.');
    assert.equal(history.turns[0].state, 'done');
    assert.equal(history.turns[0].end?.usage.outputTokens, 1);
  });

  it('new chat clears the conversation', async () => {
    server.enqueue({ kind: 'script', text: 'One.' }, { kind: 'script', text: 'Two.' });
    await engine.explain({ code: 'a()' });
    await engine.handle({ type: 'new-chat' });
    assert.equal(posted.at(-1)!.type, 'clear');
    assert.deepEqual(engine.snapshot(), []);
    await engine.ask('fresh question');
    assert.equal((server.requests[1].body.messages as unknown[]).length, 2);
  });
});
