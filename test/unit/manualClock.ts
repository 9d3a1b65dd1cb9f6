import type { Clock } from '../../src/core/clock';

interface Timer { at: number; ms: number; fn: () => void; seq: number }

/** A clock that only moves when the test says so; its timers fire in `advance`, in time order. */
export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];
  /** How many timers have fired. */
  fired = 0;

  constructor(start = 1_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  schedule = (ms: number, fn: () => void): (() => void) => {
    const timer = { at: this.t + Math.max(0, ms), ms, fn, seq: this.seq++ };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((x) => x !== timer); };
  };

  /** Moves time forward by `ms`, firing every timer that falls due on the way, each at its own time. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      this.fired++;
      next.fn();
    }
    this.t = end;
  }

  /** Delays (as scheduled) of the timers still waiting. */
  pending(): number[] {
    return this.timers.map((x) => x.ms);
  }
}
