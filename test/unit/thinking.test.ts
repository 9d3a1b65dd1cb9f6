import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ChatEngine } from '../../src/core/chatEngine';
import { DeltaCoalescer, type StreamKind } from '../../src/core/deltaCoalescer';
import { lastAnswerMarkdown } from '../../src/core/lastAnswer';
import { recordFromEntry } from '../../src/core/ledger/fromEntry';
import { parseRecord, serializeRecord } from '../../src/core/ledger/record';
import type { ModelPrice } from '../../src/core/pricing';
import type { HostMessage } from '../../src/core/protocol';
import type { Provider } from '../../src/core/provider';
import type { LedgerEntry } from '../../src/core/costLedger';
import { fixturesDir } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';
import { providerFor, sessionFor } from './helpers';
import { ManualClock } from './manualClock';

/**
 * Thinking from the provider's stream to the panel, through the real OpenAI SDK against the local server, with the
 * `reasoning_content` deltas of an OpenAI-compatible reasoning model (test/fixtures/compat/deepseek-chat-reasoning-panel.sse).
 */
const TRANSCRIPT = `${fixturesDir()}/compat/deepseek-chat-reasoning-panel.sse`;
const REASONING = 'The user wants `tryTake` explained. It refills the bucket from the time that passed, capped at `capacity`, then takes `cost` tokens if there are enough.\n\n'
  + 'What about a caller asking for more than is there? It returns `false` and takes nothing, so callers can retry later. Worth saying that up front.';
const ANSWER = '`tryTake` refills the bucket for the time that passed, then spends `cost` tokens if it can; otherwise it returns `false` and leaves the bucket as it was.';
const PRICE: ModelPrice = { input: 0.5, output: 2 };

type Msg<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

describe('thinking: from the stream to the panel, the snapshot, the numbers', () => {
  let server: ProviderServer;
  beforeEach(async () => { server = await startProviderServer(); });
  afterEach(async () => { await server.close(); });

  it('the session keeps thinking apart from the answer, exactly, with the reported reasoning tokens and their cost', async () => {
    server.enqueue({ kind: 'replay', transcript: TRANSCRIPT });
    const thought: string[] = [];
    const answered: string[] = [];
    const result = await sessionFor(server, 'openai', { model: 'deepseek-reasoner', priceFor: () => PRICE })
      .run({ onThinking: (t) => thought.push(t), onDelta: (t) => answered.push(t) });
    assert.equal(result.status, 'done');
    assert.equal(result.text, ANSWER, 'the answer has no reasoning in it');
    assert.equal(result.thinking, REASONING);
    assert.equal(thought.join(''), REASONING);
    assert.equal(answered.join(''), ANSWER);
    assert.deepEqual([result.usage.outputTokens, result.usage.reasoningTokens], [96, 61]);
    assert.equal(result.costUsd, (214 * 0.5 + 96 * 2) / 1e6, 'reasoning is already in the output tokens: billed once');
    assert.equal(result.reasoningCostUsd, (61 * 2) / 1e6);
  });

  it('time to first token splits into first thinking token and first answer token; speed counts from the first of either', async () => {
    server.enqueue({ kind: 'replay', transcript: TRANSCRIPT });
    // Every event the SDK-backed provider sinks moves the session's clock 100 ms: the figures are exact.
    const clock = new ManualClock(0);
    const real = providerFor(server, 'openai');
    const stepping: Provider = {
      id: real.id,
      stream: (request, signal, sink) => real.stream(request, signal, (ev) => {
        clock.advance(100);
        sink(ev);
      }),
    };
    const result = await sessionFor(server, 'openai', { model: 'deepseek-reasoner', provider: stepping, now: () => clock.now() }).run();
    // Events: start (100), 12 thinking (200…1300), 8 answer deltas (1400…2100), usage (2200), done (2300); the finish
    // chunk's empty content yields nothing.
    assert.equal(result.metrics.thinkingTtftMs, 200);
    assert.equal(result.metrics.ttftMs, 1400);
    assert.equal(result.metrics.totalMs, 2300);
    assert.equal(result.metrics.tokensPerSecond, 96 / 2.1);
  });

  it('a stream without thinking has no thinking time, and its speed still counts from its first answer token', async () => {
    server.enqueue({ kind: 'script', text: 'Plain answer here.' });
    const result = await sessionFor(server, 'openai').run();
    assert.equal(result.thinking, '');
    assert.equal('thinkingTtftMs' in result.metrics, false);
    assert.ok(result.metrics.ttftMs !== null);
    assert.equal(result.usage.reasoningTokens, undefined);
    assert.equal(result.reasoningCostUsd, undefined);
  });

  it('the engine posts thinking and answer as their own messages in arrival order; the snapshot, a reload and the ledger carry it; the answer, Read Last Answer and the next request never do', async () => {
    server.enqueue({ kind: 'replay', transcript: TRANSCRIPT });
    const entries: LedgerEntry[] = [];
    const h = new EngineHarness(server, 'openai', { model: 'deepseek-reasoner', prices: { openai: { 'deepseek-reasoner': PRICE } } }, { onTurnRecorded: (e) => entries.push(e) });
    await h.engine.explain({ code: 'tryTake(cost) { … }', language: 'typescript' });
    const streamed = h.posted.filter((m): m is Msg<'thinking'> | Msg<'delta'> => m.type === 'thinking' || m.type === 'delta');
    const firstDelta = streamed.findIndex((m) => m.type === 'delta');
    assert.ok(firstDelta > 0, 'thinking came first');
    assert.ok(streamed.slice(firstDelta).every((m) => m.type === 'delta'), 'then only the answer, as the model sent it');
    const turnId = streamed[0].turnId;
    assert.equal(streamed.filter((m) => m.type === 'thinking').map((m) => m.text).join(''), REASONING);
    assert.equal(h.shownText(turnId), ANSWER);

    const end = h.lastEnd() as Msg<'turn-end'>;
    assert.equal(end.type, 'turn-end');
    assert.equal(end.usage.reasoningTokens, 61);
    assert.equal(end.reasoningCostUsd, (61 * 2) / 1e6);
    assert.ok(end.metrics.thinkingTtftMs !== undefined && end.metrics.ttftMs !== null && end.metrics.thinkingTtftMs <= end.metrics.ttftMs);

    const [snap] = h.engine.snapshot();
    assert.deepEqual([snap.text, snap.thinking], [ANSWER, REASONING]);
    const md = lastAnswerMarkdown(h.engine.snapshot())!;
    assert.ok(md.includes(ANSWER) && !md.includes('Worth saying that up front'), 'Read Last Answer is the answer alone');

    // A reload: the saved conversation, JSON and back, restores the thinking with the turn.
    const saved = JSON.parse(JSON.stringify(h.engine.exportConversation()));
    const reloaded = new ChatEngine({ post: () => {}, settings: () => h.settings, getApiKey: async () => 'k', loadProvider: async () => { throw new Error('unused'); } }, saved);
    assert.equal(reloaded.snapshot()[0].thinking, REASONING);

    // The follow-up sends the answer back, never the thinking.
    server.enqueue({ kind: 'script', text: 'Yes.' });
    await h.engine.ask('Does it block?');
    const sent = JSON.stringify(server.requests[1].body.messages);
    assert.ok(sent.includes('leaves the bucket as it was'), 'the answer is in the history');
    assert.ok(!sent.includes('Worth saying that up front'), 'the thinking is not');

    assert.equal(entries[0].reasoningTokens, 61, 'the ledger entry has the reported reasoning tokens');
    assert.equal(entries[0].thinkingTtftMs, end.metrics.thinkingTtftMs);
    const record = parseRecord(JSON.parse(serializeRecord(recordFromEntry(entries[0], 'ws'))))!;
    assert.equal(record.reasoningTokens, 61);
    assert.equal(record.thinkingTtftMs, Math.round(end.metrics.thinkingTtftMs! * 1000) / 1000);
    assert.equal(entries[1].thinkingTtftMs, null, 'an answer without thinking has none');
  });

  it('a turn stopped while thinking keeps its thinking in the snapshot, and counts it as estimated reasoning output', async () => {
    server.enqueue({ kind: 'replay', transcript: TRANSCRIPT, delayMs: 20 });
    let stopped = false;
    // Stop is pressed as the first thinking reaches the panel.
    const h: EngineHarness = new EngineHarness(server, 'openai', { model: 'deepseek-reasoner' }, {
      minGapMs: 0,
      post: (m) => {
        h.posted.push(m);
        if (m.type === 'thinking' && !stopped) { stopped = true; void h.engine.cancel(); }
      },
    });
    await h.engine.explain({ code: 'tryTake()' });
    const [snap] = h.engine.snapshot();
    assert.equal(snap.state, 'cancelled');
    assert.equal(snap.text, '');
    assert.ok(snap.thinking && REASONING.startsWith(snap.thinking), `thinking kept: ${snap.thinking}`);
    const end = h.lastEnd() as Msg<'turn-end'>;
    assert.equal(end.usage.estimated, true);
    assert.ok(end.usage.reasoningTokens! > 0 && end.usage.outputTokens === end.usage.reasoningTokens, 'what it thought is what it spent');
  });

  it('records written before thinking was timed read back, as "no thinking"', () => {
    const old = { schema: 1, time: '2026-11-01T10:00:00.000Z', workspace: 'w', conversationId: 'c', turnId: 't', provider: 'openai', model: 'm',
      inputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 2, reasoningTokens: 0, estimated: false, cost: 0.1,
      ttftMs: 5, durationMs: 9, tokensPerSecond: 3, finish: 'done' };
    assert.equal(parseRecord(old)?.thinkingTtftMs, undefined);
    assert.equal(parseRecord({ ...old, thinkingTtftMs: -1 }), undefined, 'a bad figure is still refused');
    assert.ok(fs.existsSync(TRANSCRIPT));
  });
});

describe('DeltaCoalescer with thinking', () => {
  it('flushes thinking and answer runs in the order they arrived, merging only neighbours of the same kind', () => {
    const out: Array<[StreamKind, string]> = [];
    const c = new DeltaCoalescer((text, kind) => out.push([kind, text]), 4, () => 0);
    // All in one event-loop turn (one socket read): nothing goes out until the turn ends or the turn's end flushes.
    c.push('Let me ', 'thinking');
    c.push('see.', 'thinking');
    c.push('It ', 'answer');
    c.push('Hmm, ', 'thinking');
    c.push('or not. ', 'thinking');
    c.push('adds one.', 'answer');
    assert.deepEqual(out, [], 'held until the end of the event-loop turn');
    c.flush();
    assert.deepEqual(out, [['thinking', 'Let me see.'], ['answer', 'It '], ['thinking', 'Hmm, or not. '], ['answer', 'adds one.']]);
    c.dispose();
  });
});
