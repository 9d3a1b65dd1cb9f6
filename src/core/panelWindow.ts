/**
 * Flow control toward the panel. Each streamed message is counted until VS Code has delivered it to the panel's frame
 * (`webview.postMessage` settles once the workbench has taken it off the wire and handed it on); while `size`
 * messages are undelivered the host sends no more and lets text accumulate into the next message. So the message rate
 * follows what the congested part of the path really delivers — in code-server the workbench's main thread, which
 * reads every WebSocket frame and relays it, shared with the panel — one message per token while it keeps up, bigger
 * messages when it does not. Once in the panel's frame, messages are cheap: the page draws whatever has arrived at
 * its next frame.
 *
 * (It used to count until the panel acked after drawing, which cost a message back through the same path for every
 * two or three sent; the delivery reply is one VS Code sends anyway. A fixed gap guessed wrong both ways: 4 ms let
 * 200 tokens/s pile up in the path, 16 ms held tokens back. See bench/latency and the README's Latency section.)
 */

/**
 * Messages on their way before text waits. At 200 tokens/s in code-server it passed about 80 messages a second (237
 * WebSocket frames for a 586-token answer, traced), about what the acks' window of 4 did (213).
 */
export const DEFAULT_WINDOW = 2;
/** The longest text waits for a delivery before it goes anyway (a reply that never comes, a stalled workbench). */
export const DEFAULT_MAX_HOLD_MS = 100;

/** What the coalescer needs to know of the window. */
export interface SendWindow {
  /** True while fewer than the window's size of messages are undelivered. */
  readonly open: boolean;
  /** Calls `cb` once, the next time the window opens; the returned function cancels that. */
  whenOpen(cb: () => void): () => void;
}

export class PanelWindow implements SendWindow {
  private undelivered = 0;
  private readonly waiters = new Set<() => void>();
  /** One callback for every delivery, rather than a closure per message (the host's per-token path). */
  private readonly settled = (): void => {
    this.undelivered--;
    this.wake();
  };

  /** `listening`: whether a panel is there to deliver to (messages to no panel are not in flight: nothing holds). */
  constructor(readonly size = DEFAULT_WINDOW, readonly maxHoldMs = DEFAULT_MAX_HOLD_MS, private readonly listening: () => boolean = () => true) {}

  get inFlight(): number {
    return this.undelivered;
  }

  get open(): boolean {
    return this.undelivered < this.size || !this.listening();
  }

  /**
   * A streamed message was posted; `delivery` settles (either way) when VS Code has delivered it. Without one (no
   * panel to post to) there is nothing to wait for.
   */
  sent(delivery: PromiseLike<unknown> | void): void {
    if (!delivery) return;
    this.undelivered++;
    delivery.then(this.settled, this.settled);
  }

  whenOpen(cb: () => void): () => void {
    this.waiters.add(cb);
    return () => this.waiters.delete(cb);
  }

  private wake(): void {
    if (!this.open || !this.waiters.size) return;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const cb of waiting) cb();
  }
}
