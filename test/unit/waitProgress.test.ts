/** VS Code's progress on the panel while nothing has arrived (src/extension/waitProgress.ts). */
import * as assert from 'node:assert/strict';
import type { HostMessage } from '../../src/core/protocol';
import { WaitProgress } from '../../src/extension/waitProgress';

const start = (turnId: string): HostMessage => ({ type: 'turn-start', turnId, prompt: { text: 'q' }, provider: 'openai', model: 'm' });
const delta = (turnId: string, text: string): HostMessage => ({ type: 'delta', turnId, text });

/** A WaitProgress whose shown progress records when it ended (as the number of messages observed by then). */
function harness() {
  const spans: Array<{ from: number; to?: number }> = [];
  let seen = 0;
  const p = new WaitProgress((done) => {
    const span: { from: number; to?: number } = { from: seen };
    spans.push(span);
    void done.then(() => { span.to = seen; });
  });
  const feed = async (...ms: HostMessage[]) => {
    for (const m of ms) { seen++; p.observe(m); await Promise.resolve(); await Promise.resolve(); }
  };
  return { p, spans, feed };
}

describe('progress on the panel while waiting for the first token', () => {
  it('shows from the turn start until the first text, through retry statuses and empty deltas', async () => {
    const { p, spans, feed } = harness();
    await feed(start('t1'), { type: 'turn-status', turnId: 't1', text: 'Retrying in 2 s' }, delta('t1', ''), { type: 'a11y-settings', announce: 'off' });
    assert.equal(p.isShowing, true);
    await feed(delta('t1', 'Hi'), delta('t1', ' there'));
    assert.deepEqual(spans, [{ from: 1, to: 5 }]);
    assert.equal(p.isShowing, false);
  });

  it('ends on an error or an end with no text, on a new chat, and when the next turn replaces it', async () => {
    const { spans, feed } = harness();
    await feed(start('t1'), { type: 'turn-error', turnId: 't1', partialText: '', error: { kind: 'network', message: 'x', retryable: true } });
    await feed(start('t2'), start('t3'), { type: 'clear' });
    await feed({ type: 'turn-resume', turnId: 't3' }, delta('other', 'x'), { type: 'turn-end', turnId: 't3', finishReason: 'cancelled', usage: { inputTokens: 1, outputTokens: 0, estimated: true }, costUsd: null, metrics: { ttftMs: null, totalMs: 1, tokensPerSecond: null } });
    assert.deepEqual(spans, [{ from: 1, to: 2 }, { from: 3, to: 4 }, { from: 4, to: 5 }, { from: 6, to: 8 }]);
  });

  it('dispose ends a progress still showing', async () => {
    const { p, spans, feed } = harness();
    await feed(start('t1'));
    p.dispose();
    await Promise.resolve();
    assert.equal(spans[0].to, 1);
  });
});
