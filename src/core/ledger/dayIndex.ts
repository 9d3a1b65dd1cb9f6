import type { Calendar } from './calendar';
import type { LedgerColumns } from './columns';

const DAY_MS = 86_400_000;
const QUARTER_HOUR = 900_000;
/** A local day key as a number (days since 1970-01-01 of that calendar date), so ranges are integer compares. */
export const dayNumber = (key: string) => Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10))) / DAY_MS;

/**
 * The local day of every record, kept across reports: a segment only grows, so only its new records are converted,
 * each through a memo per quarter hour (every zone's offset is a multiple of 15 minutes).
 */
export class DayIndex {
  private readonly days = new WeakMap<LedgerColumns, { n: number; days: Int32Array }>();
  private readonly memo = new Map<number, number>();

  constructor(readonly calendar: Calendar) {}

  of(cols: LedgerColumns): Int32Array {
    let entry = this.days.get(cols);
    if (!entry || entry.days.length < cols.length) {
      const days = new Int32Array(Math.max(cols.num.time.length, 16));
      if (entry) days.set(entry.days.subarray(0, entry.n));
      entry = { n: entry?.n ?? 0, days };
      this.days.set(cols, entry);
    }
    const t = cols.num.time;
    let lastQ = NaN;
    let d = 0;
    for (let i = entry.n; i < cols.length; i++) {
      const q = Math.floor(t[i] / QUARTER_HOUR);
      if (q !== lastQ) { // neighbours mostly share their quarter hour: no lookup for them
        const known = this.memo.get(q);
        d = known ?? dayNumber(this.calendar.dayKey(q * QUARTER_HOUR));
        if (known === undefined) this.memo.set(q, d);
        lastQ = q;
      }
      entry.days[i] = d;
    }
    entry.n = cols.length;
    return entry.days;
  }
}
