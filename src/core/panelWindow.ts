/**
 * Flow control from the panel. Streamed messages are counted; those that nearly fill the window carry their number,
 * and the panel acknowledges, at most once per animation frame, the last numbered one it has drawn (which covers
 * every message before it). While `size` messages are unacknowledged the host sends no more and lets text accumulate
 * into the next message, so the message rate follows what the webview path (extension host →
 * workbench → iframe) really delivers: one message per token while it keeps up, bigger messages when it does not.
 * (A fixed gap guessed wrong both ways: 4 ms let 200 tokens/s pile up in the path, 16 ms held tokens back when the
 * extension host was busy. See bench/latency and the README's Latency section.)
 */

/**
 * Messages in flight before text waits for an ack. An ack comes back a path's round trip plus up to a frame after its
 * message left (40–60 ms on the loaded 2-core machine), so 4 lets about a message per frame through while bounding
 * what can queue in the path; 2 held text back under load, 3 and 4 were alike (A/B in bench/latency).
 */
export const DEFAULT_WINDOW = 4;
/** The longest text waits for an ack before it goes anyway (an ack lost, the panel hidden and drawing no frames). */
export const DEFAULT_MAX_HOLD_MS = 100;

/** What the coalescer needs to know of the window. */
export interface SendWindow {
  /** True while fewer than the window's size of messages are unacknowledged. */
  readonly open: boolean;
  /** Calls `cb` once, the next time the window opens; the returned function cancels that. */
  whenOpen(cb: () => void): () => void;
}

export class PanelWindow implements SendWindow {
  private lastSent = 0;
  private lastAcked = 0;
  private readonly waiters = new Set<() => void>();

  /** `listening`: whether a panel is there to draw and ack (messages to no panel are not in flight: nothing holds). */
  constructor(readonly size = DEFAULT_WINDOW, readonly maxHoldMs = DEFAULT_MAX_HOLD_MS, private readonly listening: () => boolean = () => true) {}

  get inFlight(): number {
    return this.lastSent - this.lastAcked;
  }

  get open(): boolean {
    return this.inFlight < this.size || !this.listening();
  }

  /**
   * Counts a message being posted now; returns the number to put on it when the panel should ack it, else undefined.
   * An ack is asked for only once the window is nearly full (and covers every message before it), so a stream that
   * never fills the window costs an ack per `size - 1` messages, not one per token. Numbers run on across turns, so a
   * late ack is never misread.
   */
  next(): number | undefined {
    this.lastSent++;
    return this.inFlight >= this.size - 1 ? this.lastSent : undefined;
  }

  /** The panel has drawn every streamed message up to `seq`. Stale acks, and acks of what was never sent, are ignored. */
  ack(seq: number): void {
    if (!Number.isSafeInteger(seq) || seq <= this.lastAcked || seq > this.lastSent) return;
    this.lastAcked = seq;
    this.wake();
  }

  /** The panel (re)loaded: what was sent to the page before is not coming back as acks. */
  reset(): void {
    this.lastAcked = this.lastSent;
    this.wake();
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
