import { systemClock, type Clock } from './clock';

/**
 * Runs `save` at most once per interval while changes keep coming: at once when the interval since the last save has
 * passed (leading edge), otherwise when it ends (trailing edge), so what is saved is never more than one interval
 * behind the latest change, even when changes then stop.
 */
export class SaveThrottle {
  private lastSaveAt = -Infinity;
  private cancelPending: (() => void) | undefined;

  constructor(
    private readonly save: () => void,
    private readonly intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Something changed that should be saved. */
  changed(): void {
    if (this.cancelPending) return;
    const wait = this.lastSaveAt + this.intervalMs - this.clock.now();
    if (wait > 0) this.cancelPending = this.clock.schedule(wait, () => this.saveNow());
    else this.saveNow();
  }

  /** Drop a pending trailing save (the caller saved everything itself). */
  cancel(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
  }

  private saveNow(): void {
    this.cancel();
    this.lastSaveAt = this.clock.now();
    this.save();
  }
}
