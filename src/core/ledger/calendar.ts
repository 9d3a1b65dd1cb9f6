/**
 * Which local day a moment falls on. Passed in rather than read from the machine, so "today" is the user's today in
 * the extension and a fixed, known zone in tests.
 */
export interface Calendar {
  /** "YYYY-MM-DD" of the local day holding `ms`. */
  dayKey(ms: number): string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** The machine's time zone, daylight saving included (Date's local getters). */
export const localCalendar: Calendar = {
  dayKey(ms) {
    const d = new Date(ms);
    return ymd(d.getFullYear(), d.getMonth() + 1, d.getDate());
  },
};

/** A zone at a fixed offset from UTC, in minutes east (UTC+02:00 → 120, UTC−05:00 → −300). */
export function fixedOffsetCalendar(offsetMinutes: number): Calendar {
  return {
    dayKey(ms) {
      const d = new Date(ms + offsetMinutes * 60_000);
      return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    },
  };
}

/** The day `days` after (or before, when negative) a day key: calendar arithmetic, no clock, no zone. */
export function shiftDay(dayKey: string, days: number): string {
  const [y, m, d] = dayKey.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export const monthOf = (dayKey: string): string => dayKey.slice(0, 7);
