import * as assert from 'node:assert/strict';
import { ChatEngine, type EngineSettings } from '../../src/core/chatEngine';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import type { HostMessage } from '../../src/core/protocol';
import { parseHostMessage } from '../../src/core/protocol';
import type { ProviderId } from '../../src/core/provider';
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import { o200kCounter } from '../../src/core/tokenizer';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { TEST_KEY, until } from './helpers';

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
      assert.deepEqual([types()[0], types().at(-1)], ['turn-start', 'turn-end']);
      const start = posted[0] as Extract<HostMessage, { type: 'turn-start' }>;
      assert.equal(start.prompt.code, 'const f = (a, b) => a + b;');
      assert.equal(start.provider, provider);
      assert.equal(textOf(start.turnId), 'It **adds** two numbers.\n\nThat is all.');
      const end = posted.at(-1) as Extract<HostMessage, { type: 'turn-end' }>;
      assert.equal(end.finishReason, 'stop');
      assert.equal(end.usage.outputTokens, 7, 'one token per word piece');
      assert.equal(end.usage.estimated, false);
      assert.ok(end.costUsd! > 0);
      assert.ok(end.metrics.ttftMs !== null);
      assert.deepEqual(streamingChanges, [true, false]);
      assert.equal(engine.ledger.all().length, 1);
      assert.equal(engine.ledger.totals().costUsd, end.costUsd);
      const sent = server.requests[0].body.messages as Array<{ role: string; content: string }>;
      assert.ok(sent.at(-1)!.content.includes('```javascript\nconst f = (a, b) => a + b;\n```'));
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
    const end = posted.at(-1) as Extract<HostMessage, { type: 'turn-end' }>;
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

  it('saves the conversation while a turn streams, the streaming turn as stopped with its text and estimated cost', async () => {
    const saves: ReturnType<ChatEngine['exportTurns']>[] = [];
    const saver: ChatEngine = new ChatEngine({
      post: () => undefined, settings: () => settings, getApiKey: async () => key,
      loadProvider: async () => createOpenAIProvider, loadTokenCounter: async () => o200kCounter,
      onConversationChange: () => saves.push(saver.exportTurns()), checkpointMs: 200,
    });
    server.enqueue({ kind: 'script', tokens: 80, tokensPerSecond: 80 });
    const started = Date.now();
    await saver.explain({ code: 'a()' });
    const elapsed = Date.now() - started;
    const midStream = saves.filter((turns) => turns.length === 1 && turns[0].snapshot.end?.finishReason === 'cancelled');
    assert.ok(midStream.length >= 2, `${midStream.length} saves while streaming`);
    assert.ok(saves.length <= Math.ceil(elapsed / 200) + 2, `${saves.length} saves in ${elapsed} ms: throttled`);
    const last = midStream.at(-1)![0];
    assert.equal(last.snapshot.state, 'cancelled');
    assert.ok(last.snapshot.text.length > 0);
    assert.equal(last.snapshot.end?.usage.estimated, true);
    assert.ok((last.snapshot.end?.costUsd ?? 0) > 0, 'with an estimated cost');
    // What a window that went away mid-answer comes back to.
    const restored = new ChatEngine({ post: () => undefined, settings: () => settings, getApiKey: async () => key, loadProvider: async () => createOpenAIProvider }, [last]);
    assert.deepEqual(restored.snapshot().map((t) => [t.state, t.text]), [['cancelled', last.snapshot.text]]);
    assert.equal(saves.at(-1)![0].snapshot.state, 'done', 'the final save has the finished turn');
  });

  it('a save while a turn streams is at most one interval behind, even when the stream then stalls', async () => {
    const saves: string[] = [];
    const posts: Array<{ at: number; text: string }> = [];
    let shown = '';
    const saver: ChatEngine = new ChatEngine({
      post: (m) => { if (m.type === 'delta') posts.push({ at: Date.now(), text: (shown += m.text) }); },
      settings: () => settings, getApiKey: async () => key,
      loadProvider: async () => createOpenAIProvider, loadTokenCounter: async () => o200kCounter,
      onConversationChange: () => saves.push(saver.exportTurns()[0].snapshot.text), checkpointMs: 200,
    });
    // About 100 ms of tokens (several posts, one leading save), then 800 ms of silence, then the rest.
    server.enqueue({ kind: 'script', tokens: 40, tokensPerSecond: 100, stallAfterBytes: 2500, stallMs: 800 });
    await saver.explain({ code: 'a()' });
    let gap = 1;
    for (let i = 2; i < posts.length; i++) if (posts[i].at - posts[i - 1].at > posts[gap].at - posts[gap - 1].at) gap = i;
    const beforeStall = posts[gap - 1].text;
    assert.ok(gap >= 2 && beforeStall !== shown, 'the stream stalled after a few posts');
    assert.ok(saves.includes(beforeStall), 'what was shown before the stall was saved during it');
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
