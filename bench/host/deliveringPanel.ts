/**
 * A stand-in panel whose posts return a delivery, as `webview.postMessage` does in VS Code, so bench:host can run the
 * engine with the `PanelWindow` the extension ships (chatHost.ts) instead of the 4 ms gap. Each delivery settles on
 * a later turn of the event loop (a setImmediate), as VS Code's reply comes back on its own socket read.
 *
 * What it leaves out: the path's transit (the extension host's connection and the workbench's main thread, see
 * bench/latency), so deliveries here come back sooner than in VS Code and the window closes less often.
 */
import type { HostMessage } from '../../src/core/protocol';
import { StandInPanel } from './standInPanel';

export class DeliveringPanel extends StandInPanel {
  /** Deliveries still to settle when the read ended (none once the engine's last message is delivered). */
  private pending = 0;

  override post(m: HostMessage): Promise<boolean> {
    super.post(m);
    this.pending++;
    return new Promise((resolve) => setImmediate(() => {
      this.pending--;
      resolve(true);
    }));
  }

  /** Deliveries posted but not yet settled. */
  get undelivered(): number {
    return this.pending;
  }
}
