import * as assert from 'node:assert/strict';
import { AckingPanel, FRAME_MS, nextFrameAt } from '../../bench/host/ackingPanel';
import type { HostMessage, WebviewMessage } from '../../src/core/protocol';

// bench:host's stand-in page for the flow window: it must ack as src/webview does, or the "flow" figures are not the
// shipped configuration's.
describe('bench:host AckingPanel (the stand-in page that acks)', () => {
  const delta = (seq?: number): HostMessage => ({ type: 'delta', turnId: 't1', text: 'x', ...(seq === undefined ? {} : { seq }) });
  const frame = () => new Promise((resolve) => setTimeout(resolve, FRAME_MS * 2));

  it('puts frames on a 60 Hz grid, always after now', () => {
    assert.equal(nextFrameAt(0), FRAME_MS);
    assert.equal(nextFrameAt(FRAME_MS), 2 * FRAME_MS);
    assert.equal(nextFrameAt(FRAME_MS * 3 + 1), FRAME_MS * 4);
    assert.ok(nextFrameAt(1e6) > 1e6);
  });

  it('acks the last numbered message once, after a frame, for everything received before it', async () => {
    const acks: WebviewMessage[] = [];
    const panel = new AckingPanel((m) => acks.push(m));
    panel.post(delta());
    panel.post(delta(3));
    panel.post(delta(4));
    assert.deepEqual(acks, [], 'an ack waits for the frame that draws the message');
    await frame();
    assert.deepEqual(acks, [{ type: 'rendered', seq: 4 }]);
    await frame();
    assert.equal(acks.length, 1, 'nothing new arrived, so no second ack');
    panel.post(delta(9));
    await frame();
    assert.deepEqual(acks.at(-1), { type: 'rendered', seq: 9 });
    panel.dispose();
  });

  it('asks for no frame and sends no ack for messages without a number (the host is not waiting)', async () => {
    const acks: WebviewMessage[] = [];
    const panel = new AckingPanel((m) => acks.push(m));
    panel.post(delta());
    panel.post({ type: 'clear' });
    await frame();
    assert.deepEqual(acks, []);
    panel.dispose();
  });

  it('drops a pending frame once the read is over', async () => {
    const acks: WebviewMessage[] = [];
    const panel = new AckingPanel((m) => acks.push(m));
    panel.post(delta(1));
    panel.dispose();
    await frame();
    assert.deepEqual(acks, []);
  });
});
