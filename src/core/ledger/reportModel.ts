import { monthOf, shiftDay, type Calendar } from './calendar';
import { modelKey, perModel, totals, type LedgerTotals, type ModelRow, type PeriodTotals } from './queries';
import type { LedgerRecord } from './record';

/** The report's range filter: today, the last 7 or 30 days (today included), this calendar month, or all time. */
export const REPORT_RANGES = ['today', '7d', '30d', 'month', 'all'] as const;
export type ReportRange = (typeof REPORT_RANGES)[number];

/** Null provider / workspace: all of them. */
export interface ReportFilter {
  range: ReportRange;
  provider: string | null;
  workspace: string | null;
}

export const DEFAULT_FILTER: ReportFilter = { range: '30d', provider: null, workspace: null };

/** The recent-requests table holds the newest this many requests of the filter (sorted in the page). */
export const RECENT_LIMIT = 200;
/** The chart stacks this many models by colour; the rest are one "other" layer. */
export const CHART_SERIES = 6;
export const CHART_DAYS = 30;
export const OTHER_SERIES = 'other models';

export interface ChartData {
  /** Local day keys, oldest first. */
  days: string[];
  /** One layer per model ("provider/model"), most expensive over the 30 days first; `costs[i]` is for `days[i]`. */
  series: Array<{ model: string; costs: number[] }>;
}

/** Everything the report page shows, computed on the host so the page never receives the whole ledger. */
export interface ReportData {
  /** Local day key of "now". */
  today: string;
  filter: ReportFilter;
  /** Every provider and workspace in the ledger, for the filter menus. */
  options: { providers: string[]; workspaces: string[] };
  /** Fixed periods, under the provider and workspace filters (not the range). */
  periods: PeriodTotals;
  /** The whole filter, range included. */
  selected: LedgerTotals;
  /** The last 30 days, under the provider and workspace filters. */
  chart: ChartData;
  /** Per model, over the whole filter. */
  models: ModelRow[];
  /** The newest requests of the filter, newest first. */
  recent: LedgerRecord[];
}

const QUARTER_HOUR = 900_000;

/**
 * Local day keys of the ledger's records, kept across reports: when the ledger only grew at its end (the usual case:
 * requests landed since), only the new records are converted. Each conversion is memoised per quarter hour (every
 * zone's offset is a multiple of 15 minutes), so 100,000 records cost a few thousand calendar conversions.
 */
export class DayKeys {
  private days: string[] = [];
  private first: LedgerRecord | undefined;
  private last: LedgerRecord | undefined;
  private readonly memo = new Map<number, string>();

  constructor(private readonly calendar: Calendar) {}

  of(records: readonly LedgerRecord[]): string[] {
    const n = this.days.length;
    const grew = n > 0 && n <= records.length && records[0] === this.first && records[n - 1] === this.last;
    if (!grew) this.days = [];
    for (let i = this.days.length; i < records.length; i++) {
      const q = Math.floor(Date.parse(records[i].time) / QUARTER_HOUR);
      let d = this.memo.get(q);
      if (d === undefined) {
        d = this.calendar.dayKey(q * QUARTER_HOUR);
        this.memo.set(q, d);
      }
      this.days.push(d);
    }
    this.first = records[0];
    this.last = records[records.length - 1];
    return this.days;
  }
}

export function dayKeysOf(records: readonly LedgerRecord[], calendar: Calendar): string[] {
  return new DayKeys(calendar).of(records);
}

/** The first local day of the range, seen from `today` (its last is today). */
export function rangeStart(range: ReportRange, today: string): string {
  switch (range) {
    case 'today': return today;
    case '7d': return shiftDay(today, -6);
    case '30d': return shiftDay(today, -(CHART_DAYS - 1));
    case 'month': return `${monthOf(today)}-01`;
    case 'all': return '';
  }
}

const inRange = (range: ReportRange, today: string) => {
  const start = rangeStart(range, today);
  return (day: string) => day >= start && day <= today;
};

/** The records the filter selects, range included (what Export CSV and Copy as Markdown write). */
export function selectRecords(
  records: readonly LedgerRecord[], filter: ReportFilter, now: number, calendar: Calendar, days = dayKeysOf(records, calendar),
): LedgerRecord[] {
  const within = inRange(filter.range, calendar.dayKey(now));
  return records.filter((r, i) => matchesNames(r, filter) && within(days[i]));
}

const matchesNames = (r: LedgerRecord, f: ReportFilter) =>
  (f.provider === null || r.provider === f.provider) && (f.workspace === null || r.workspace === f.workspace);

/**
 * The report from record objects: the plain statement of what the report shows, which the one-pass column report
 * (columnReport.ts, what the extension runs) is tested against. `allDays`: the local day of each record.
 */
export function buildReport(
  all: readonly LedgerRecord[], filter: ReportFilter, now: number, calendar: Calendar, allDays = dayKeysOf(all, calendar),
): ReportData {
  const today = calendar.dayKey(now);
  const records: LedgerRecord[] = [];
  const days: string[] = [];
  all.forEach((r, i) => {
    if (matchesNames(r, filter)) {
      records.push(r);
      days.push(allDays[i]);
    }
  });
  const within = (range: ReportRange) => {
    const test = inRange(range, today);
    return records.filter((_, i) => test(days[i]));
  };
  const selected = filter.range === 'all' ? records : within(filter.range);
  return {
    today,
    filter,
    options: { providers: distinct(all.map((r) => r.provider)), workspaces: distinct(all.map((r) => r.workspace)) },
    periods: { today: totals(within('today')), last7Days: totals(within('7d')), thisMonth: totals(within('month')), allTime: totals(records) },
    selected: totals(selected),
    chart: chartOf(records, days, today),
    models: perModel(selected),
    recent: selected.slice(-RECENT_LIMIT).reverse(),
  };
}

const distinct = (xs: string[]) => [...new Set(xs)].sort();

/** Priced cost per day and model over the last 30 days; the most expensive models get their own layer. */
function chartOf(records: readonly LedgerRecord[], days: readonly string[], today: string): ChartData {
  const dayList = Array.from({ length: CHART_DAYS }, (_, i) => shiftDay(today, i - (CHART_DAYS - 1)));
  const index = new Map(dayList.map((d, i) => [d, i]));
  const byModel = new Map<string, number[]>();
  records.forEach((r, i) => {
    const at = index.get(days[i]);
    if (at === undefined || typeof r.cost !== 'number') return;
    const key = modelKey(r);
    const costs = byModel.get(key) ?? byModel.set(key, new Array<number>(CHART_DAYS).fill(0)).get(key)!;
    costs[at] += r.cost;
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ranked = [...byModel].filter(([, c]) => sum(c) > 0).sort((a, b) => sum(b[1]) - sum(a[1]) || a[0].localeCompare(b[0]));
  const series = ranked.slice(0, CHART_SERIES).map(([model, costs]) => ({ model, costs }));
  const rest = ranked.slice(CHART_SERIES);
  if (rest.length) series.push({ model: OTHER_SERIES, costs: dayList.map((_, i) => sum(rest.map(([, c]) => c[i]))) });
  return { days: dayList, series };
}
