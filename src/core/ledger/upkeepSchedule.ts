/** One-shot timers (setTimeout in the extension, a hand-driven clock in tests). */
export interface UpkeepTimers {
  schedule(ms: number, fn: () => void): () => void;
}

/** After activation, the window settles before the first upkeep (VS Code and other extensions are starting too). */
export const UPKEEP_AFTER_START_MS = 10_000;
/** After a request lands, wait for the burst to end (a follow-up question often comes within seconds). */
export const UPKEEP_AFTER_CHANGE_MS = 20_000;
/** A run that fell due while an answer streamed goes this long after the stream ends (unless another one starts). */
export const UPKEEP_AFTER_STREAM_MS = 2_000;

/**
 * When the ledger's snapshot upkeep (snapshotUpkeep.ts) runs in a window: once when the window is idle after
 * activation (verifying every snapshot, so a corrupt one is rebuilt), then after requests land, debounced. Never two
 * at once: a change during a run runs it again afterwards. So a report opened in any window finds every month's
 * snapshot at most one debounce behind, and the one-time migration of a ledger without snapshots happens here, not
 * when the user opens the report. A run never starts while an answer streams (`busy`): it shares the extension host's
 * one thread with the tokens on their way to the panel, so it waits for the stream to end.
 */
export class UpkeepSchedule {
  private cancel: (() => void) | undefined;
  private running = false;
  private again = false;
  private verified = false;
  private stopped = false;
  /** A run fell due while `busy`: it goes once the stream ends (`idle`). */
  private waiting = false;

  constructor(
    private readonly run: (verify: boolean) => Promise<void>,
    private readonly timers: UpkeepTimers,
    private readonly log: (line: string) => void = () => {},
    private readonly busy: () => boolean = () => false,
  ) {}

  start(): void {
    this.arm(UPKEEP_AFTER_START_MS);
  }

  /** A request landed (in this window): the current month's snapshot is behind. */
  changed(): void {
    if (this.running) this.again = true;
    else this.arm(UPKEEP_AFTER_CHANGE_MS);
  }

  /** The answer that was streaming ended: a run it held back goes shortly. */
  idle(): void {
    if (!this.waiting) return;
    this.waiting = false;
    this.arm(UPKEEP_AFTER_STREAM_MS);
  }

  dispose(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    this.cancel?.();
    this.cancel = this.timers.schedule(ms, () => void this.fire());
  }

  private async fire(): Promise<void> {
    this.cancel = undefined;
    if (this.busy()) {
      this.waiting = true;
      return;
    }
    this.running = true;
    const verify = !this.verified;
    try {
      await this.run(verify);
      this.verified = true;
    } catch (err) {
      this.log(`Cost ledger: snapshot upkeep failed (${err instanceof Error ? err.message : String(err)}); the report reads the month files instead.`);
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      this.arm(UPKEEP_AFTER_CHANGE_MS);
    }
  }
}
