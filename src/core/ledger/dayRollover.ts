import type { Calendar } from './calendar';

/** Wall-clock time (ms since the epoch, which days are counted in) and one-shot timers. */
export interface WallClock {
  now(): number;
  schedule(ms: number, fn: () => void): () => void;
}

/**
 * Timers count monotonic time, which stops while the machine sleeps: a 6-hour timer set at 18:00 before a night's
 * suspend would fire mid-morning. So no wait is longer than this; each wake-up looks at the wall clock again.
 */
export const MAX_WAIT_MS = 3_600_000;
/** Fire just after midnight, never a hair before it (a zone's day can end a few ms off a timer's rounding). */
const MARGIN_MS = 1_000;

/**
 * Milliseconds from `now` to the first moment of the next local day: the calendar is only asked which day a moment
 * falls on, so daylight-saving days of 23 or 25 hours need no special case. Found by bisection to the millisecond.
 */
export function msUntilNextDay(now: number, calendar: Calendar): number {
  const today = calendar.dayKey(now);
  let lo = now; // still today
  let hi = now + 27 * 3_600_000; // surely another day
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (calendar.dayKey(mid) === today) lo = mid;
    else hi = mid;
  }
  return hi - now;
}

/**
 * Calls `onNewDay` once each time the local day changes while the window stays open (the status bar's "today" and
 * the budgets' day start afresh at midnight, not at the next request).
 */
export class DayRollover {
  private day: string;
  private cancel: (() => void) | undefined;

  constructor(private readonly clock: WallClock, private readonly calendar: Calendar, private readonly onNewDay: (day: string) => void) {
    this.day = calendar.dayKey(clock.now());
    this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private arm(): void {
    const wait = Math.min(msUntilNextDay(this.clock.now(), this.calendar) + MARGIN_MS, MAX_WAIT_MS);
    this.cancel = this.clock.schedule(wait, () => this.tick());
  }

  private tick(): void {
    const day = this.calendar.dayKey(this.clock.now());
    if (day !== this.day) {
      this.day = day;
      this.onNewDay(day);
    }
    this.arm();
  }
}
