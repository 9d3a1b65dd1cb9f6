import type { Clock } from './clock';

/**
 * Fires `onIdle` once nothing has touched it for `ms`. A touch only notes the time: one timer runs at a time and,
 * when it fires early because touches came meanwhile, re-arms for what is left. (Re-arming a timer on every event
 * and every chunk read cost two timer insertions and removals per token on the host's hottest path.)
 */
export class IdleTimer {
  private lastTouch = 0;
  private cancel: (() => void) | undefined;

  constructor(private readonly ms: number, private readonly clock: Clock, private readonly onIdle: () => void) {}

  /** Starts (or restarts) the wait from now; does nothing when `ms` is 0 or less (disabled). */
  start(): void {
    if (this.ms <= 0) return;
    this.stop();
    this.lastTouch = this.clock.now();
    this.arm(this.ms);
  }

  /** Something arrived: the quiet period begins again. */
  touch(): void {
    this.lastTouch = this.clock.now();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private arm(wait: number): void {
    this.cancel = this.clock.schedule(wait, () => {
      this.cancel = undefined;
      const quiet = this.clock.now() - this.lastTouch;
      if (quiet >= this.ms) this.onIdle();
      else this.arm(this.ms - quiet);
    });
  }
}
