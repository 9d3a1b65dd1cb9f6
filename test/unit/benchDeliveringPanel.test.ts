import * as assert from 'node:assert/strict';
import { DeliveringPanel } from '../../bench/host/deliveringPanel';
import type { HostMessage } from '../../src/core/protocol';

// bench:host's stand-in page for the flow window: its posts must return a delivery that settles later, as VS Code's
// webview.postMessage does, or the "flow" figures are not the shipped configuration's.
describe('bench:host DeliveringPanel (the stand-in page whose posts are delivered)', () => {
  const delta: HostMessage = { type: 'delta', turnId: 't1', text: 'x' };

  it('settles each post on a later turn of the event loop, not at once', async () => {
    const panel = new DeliveringPanel();
    let delivered = false;
    void panel.post(delta).then((ok) => { delivered = ok; });
    await Promise.resolve();
    assert.equal(delivered, false, 'not within the posting turn');
    assert.equal(panel.undelivered, 1);
    await new Promise((r) => setImmediate(r));
    await Promise.resolve();
    assert.equal(delivered, true);
    assert.equal(panel.undelivered, 0);
  });

  it('keeps what it was posted, validated, like the plain stand-in', () => {
    const panel = new DeliveringPanel();
    void panel.post(delta);
    assert.equal(panel.arrivals.length, 1);
    assert.throws(() => panel.post({ type: 'delta', turnId: 't1' } as unknown as HostMessage), /invalid message/);
  });
});
