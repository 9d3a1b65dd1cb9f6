import * as assert from 'node:assert/strict';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { sessionFor, until } from './helpers';
import { ManualClock } from './manualClock';

/**
 * A reasoning model may think for longer than the idle timeout before its answer, the provider keeping the connection
 * alive meanwhile: OpenAI-compatible servers with SSE comments (`: keep-alive`), Anthropic with `event: ping`. Both
 * SDKs consume those without yielding anything, so only the response bytes show them (activityFetch). Driven on the
 * manual clock: each time the session reads its clock (it does at every sign of life: a chunk read, an event), the
 * test moves time on by a little under half the timeout. Two such steps with no sign of life between them (the timer
 * re-arming reads the clock too) stay under the timeout, so it never fires while the stream shows life, and the time
 * that passed between the thinking and the answer says how long a silence of events the session survived.
 */
const IDLE = 1000;
const STEP = IDLE / 2 - 50;

const openaiChunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-keepalive', object: 'chat.completion.chunk', created: 1764633600, model: 'deepseek-reasoner', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const anthropicEvent = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const OPENAI_PINGS = [
  openaiChunk({ role: 'assistant', content: null, reasoning_content: 'Considering the edge cases.' }),
  ...Array.from({ length: 5 }, () => ': keep-alive\n\n'),
  openaiChunk({ content: 'Done.', reasoning_content: null }),
  openaiChunk({ content: '' }, 'stop'),
  'data: [DONE]\n\n',
];

const ANTHROPIC_PINGS = [
  anthropicEvent('message_start', { message: { id: 'msg_keepalive', type: 'message', role: 'assistant', model: 'claude-sonnet-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 20, output_tokens: 1 } } }),
  anthropicEvent('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
  anthropicEvent('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Considering the edge cases.' } }),
  // As the API sends it: a space after the colon.
  ...Array.from({ length: 5 }, () => 'event: ping\ndata: {"type": "ping"}\n\n'),
  anthropicEvent('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIMc2lnbmF0dXJl' } }),
  anthropicEvent('content_block_stop', { index: 0 }),
  anthropicEvent('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
  anthropicEvent('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Done.' } }),
  anthropicEvent('content_block_stop', { index: 1 }),
  anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } }),
  anthropicEvent('message_stop', {}),
];

const THINKING_ONLY = [
  openaiChunk({ role: 'assistant', content: null, reasoning_content: 'First, ' }),
  ...['the refill, ', 'then the cap, ', 'then the take, ', 'then the refusal, ', 'then the result.'].map((t) => openaiChunk({ content: null, reasoning_content: t })),
  openaiChunk({ content: 'Done.', reasoning_content: null }),
  openaiChunk({ content: '' }, 'stop'),
  'data: [DONE]\n\n',
];

/** Offsets between the pieces: each its own write, a little apart, as a server flushes them. */
const cuts = (pieces: string[]) => pieces.slice(0, -1).reduce<number[]>((acc, p) => [...acc, (acc.at(-1) ?? 0) + Buffer.byteLength(p)], []);

describe('the idle timer and a model that thinks in silence (manual clock, local server)', () => {
  let server: ProviderServer;
  beforeEach(async () => { server = await startProviderServer(); });
  afterEach(async () => { await server.close(); });

  async function survive(wire: 'openai' | 'anthropic', pieces: string[]) {
    server.enqueue({ kind: 'raw', body: pieces.join(''), splitAt: cuts(pieces), delayMs: 30 });
    const clock = new ManualClock();
    let reads = 0;
    const session = sessionFor(server, wire, {
      model: wire === 'openai' ? 'deepseek-reasoner' : 'claude-sonnet-5',
      idleTimeoutMs: IDLE, totalTimeoutMs: 0, now: () => { reads++; return clock.now(); }, schedule: clock.schedule,
    });
    const seen: Array<['thinking' | 'answer', number]> = [];
    let finished = false;
    const running = session.run({
      onThinking: () => seen.push(['thinking', clock.now()]),
      onDelta: () => seen.push(['answer', clock.now()]),
    }).finally(() => { finished = true; });
    let handled = 0;
    for (;;) {
      await until(() => reads > handled || finished, 10_000, 'the next sign of life');
      if (finished) break;
      handled = reads;
      clock.advance(STEP);
    }
    const result = await running;
    const thoughtAt = seen.find(([k]) => k === 'thinking')![1];
    const answerAt = seen.find(([k]) => k === 'answer')![1];
    return { result, quiet: answerAt - thoughtAt };
  }

  it('OpenAI-compatible: SSE comment keep-alives between thinking and answer keep the stream alive past the idle timeout', async () => {
    const { result, quiet } = await survive('openai', OPENAI_PINGS);
    assert.equal(result.status, 'done', result.error?.message);
    assert.deepEqual([result.thinking, result.text], ['Considering the edge cases.', 'Done.']);
    assert.ok(quiet > IDLE, `only comments came for ${quiet} ms of the session's time, more than the ${IDLE} ms idle timeout`);
  });

  it('Anthropic: `event: ping` between thinking and answer keeps the stream alive past the idle timeout', async () => {
    const { result, quiet } = await survive('anthropic', ANTHROPIC_PINGS);
    assert.equal(result.status, 'done', result.error?.message);
    assert.deepEqual([result.thinking, result.text], ['Considering the edge cases.', 'Done.']);
    assert.ok(quiet > IDLE, `only pings came for ${quiet} ms of the session's time, more than the ${IDLE} ms idle timeout`);
  });

  it('thinking deltas alone keep it alive too: a long think is not a stalled stream', async () => {
    const { result, quiet } = await survive('openai', THINKING_ONLY);
    assert.equal(result.status, 'done', result.error?.message);
    assert.equal(result.thinking, 'First, the refill, then the cap, then the take, then the refusal, then the result.');
    assert.ok(quiet > IDLE, `thought for ${quiet} ms of the session's time with no answer token`);
  });

  it('and a stream that goes silent is still stopped: keep-alives do not switch the idle timer off', async () => {
    const pieces = OPENAI_PINGS.slice(0, 3);
    server.enqueue({ kind: 'raw', body: pieces.join(''), splitAt: cuts(pieces), delayMs: 30, stallAfterBytes: Buffer.byteLength(pieces.join('')), stallMs: 60_000 });
    const clock = new ManualClock();
    const session = sessionFor(server, 'openai', {
      model: 'deepseek-reasoner', idleTimeoutMs: IDLE, totalTimeoutMs: 0, now: () => clock.now(), schedule: clock.schedule,
    });
    let thought = false;
    const running = session.run({ onThinking: () => { thought = true; } });
    // The thinking chunk's bytes and its event were the latest signs of life (the keep-alives after it come at the same
    // clock time): a full idle timeout after them ends the stream.
    await until(() => thought, 10_000, 'the thinking');
    clock.advance(IDLE);
    const result = await running;
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'idle_timeout');
    assert.equal(result.thinking, 'Considering the edge cases.', 'the thinking so far is kept');
  });
});
