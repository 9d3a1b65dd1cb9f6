/**
 * While a turn streams, the conversation is saved at most once per interval (a reload in the browser gives no time
 * to save): at once when the interval has passed, otherwise at its end, so what is saved is never more than one
 * interval behind what the user saw, even when the stream then stalls.
 */
export class Checkpoint {
  private savedAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly save: () => void, private readonly intervalMs: number, private readonly now: () => number = Date.now) {}

  /** Something changed: save now, or at the end of the current interval. */
  request(): void {
    if (this.timer) return;
    const wait = this.savedAt + this.intervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.saveNow(), wait);
      return;
    }
    this.saveNow();
  }

  /** A turn ended and is saved in full by the caller: a pending mid-stream save would only repeat it. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private saveNow(): void {
    this.cancel();
    this.savedAt = this.now();
    this.save();
  }
}
