/** The default interval: about one 60 Hz frame (16.7 ms). */
export const DEFAULT_INTERVAL_MS = 16;

/**
 * Batches token deltas into at most one message per interval (about one animation frame). The first delta after a
 * quiet period goes out at once, so slow streams are not held back; bursts are merged, so fast streams do not flood
 * postMessage with one message per token.
 */
export class DeltaCoalescer {
  private buffer = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = -Infinity;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(text: string): void {
    if (!text) return;
    this.buffer += text;
    if (this.timer) return;
    const wait = this.lastFlush + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Emit whatever is buffered now (before the turn ends, so no text trails its turn-end). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    this.lastFlush = this.now();
    this.emit(text);
  }

  dispose(): void {
    this.flush();
  }
}
