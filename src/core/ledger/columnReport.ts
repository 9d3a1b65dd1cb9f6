import { USER_PRICED, type LedgerColumns } from './columns';
import { Acc } from './columnTotals';
import { dayNumber, type DayIndex } from './dayIndex';
import type { ModelRow } from './queries';
// Moved to their own modules (the status bar's totals use them without the report); re-exported for its callers.
export { DayIndex, dayNumber } from './dayIndex';
import { CHART_DAYS, CHART_SERIES, OTHER_SERIES, RECENT_LIMIT, type ChartData, type ReportData, type ReportFilter } from './reportModel';

const DAY_MS = 86_400_000;
const dayKeyOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

interface Group {
  provider: string;
  model: string;
  key: string;
  acc: Acc;
  ttft: number[];
  tps: number[];
  chart?: number[];
  /** Selected requests priced from the user's own row. */
  userPriced?: number;
}

const median = (values: number[]): number | null => {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The report (what reportModel.buildReport computes from record objects) in one pass over the ledger's columns: no
 * record object is built except the recent requests shown. `segments` are the month files, oldest month first.
 */
export function buildColumnReport(segments: readonly LedgerColumns[], filter: ReportFilter, now: number, days: DayIndex): ReportData {
  const todayKey = days.calendar.dayKey(now);
  const today = dayNumber(todayKey);
  const start = {
    today, '7d': today - 6, '30d': today - (CHART_DAYS - 1), month: dayNumber(`${todayKey.slice(0, 7)}-01`), all: -Infinity,
  }[filter.range];
  const chartStart = today - (CHART_DAYS - 1);
  const monthStart = dayNumber(`${todayKey.slice(0, 7)}-01`);
  const periods = { today: new Acc(), week: new Acc(), month: new Acc(), all: new Acc() };
  const selected = new Acc();
  const groups = new Map<string, Group>();
  const providers = new Set<string>();
  const workspaces = new Set<string>();
  let recent: Array<[LedgerColumns, number]> = [];
  const inOrder = segments.every((s) => s.inOrder);

  // Before this local day a request counts only in "all time" (unless the range is all time).
  const firstNeeded = Math.min(chartStart, monthStart);
  for (const c of segments) {
    const sum = c.summary;
    if (filter.range !== 'all' && sum && sum.rows === c.length && dayNumber(days.calendar.dayKey(sum.lastTime)) < firstNeeded) {
      // A month wholly before the periods, the range and the chart: its few group totals, not its rows.
      for (const g of sum.groups) {
        providers.add(g.provider);
        workspaces.add(g.workspace);
        if ((filter.provider !== null && g.provider !== filter.provider) || (filter.workspace !== null && g.workspace !== filter.workspace)) continue;
        periods.all.addSums(g.sums, `${g.provider}/${g.model}`);
      }
      continue;
    }
    if (!c.rowsLoaded) throw new Error('a month given by its summary alone is needed row by row'); // the caller's cutoff was wrong
    const d = days.of(c);
    const s = c.strings;
    const pFilter = filter.provider === null ? -1 : c.lookup(filter.provider);
    const wFilter = filter.workspace === null ? -1 : c.lookup(filter.workspace);
    if ((filter.provider !== null && pFilter < 0) || (filter.workspace !== null && wFilter < 0)) {
      // No record of this month matches the names; only the menus' options come from it.
      for (let i = 0; i < c.length; i++) {
        providers.add(s[c.code.provider[i]]);
        workspaces.add(s[c.code.workspace[i]]);
      }
      continue;
    }
    const segGroups = new Map<number, Group>();
    const { provider, model, workspace } = c.code;
    for (let i = 0; i < c.length; i++) {
      const p = provider[i];
      const w = workspace[i];
      providers.add(s[p]);
      workspaces.add(s[w]);
      if ((pFilter >= 0 && p !== pFilter) || (wFilter >= 0 && w !== wFilter)) continue;
      const gk = p * 2 ** 21 + model[i];
      let g = segGroups.get(gk);
      if (!g) {
        const key = `${s[p]}/${s[model[i]]}`;
        g = groups.get(key);
        if (!g) {
          g = { provider: s[p], model: s[model[i]], key, acc: new Acc(), ttft: [], tps: [] };
          groups.set(key, g);
        }
        segGroups.set(gk, g);
      }
      const day = d[i];
      periods.all.add(c, i, g.key);
      if (day <= today) {
        if (day === today) periods.today.add(c, i, g.key);
        if (day >= today - 6) periods.week.add(c, i, g.key);
        if (day >= monthStart) periods.month.add(c, i, g.key);
      }
      const cost = c.num.cost[i];
      if (day >= chartStart && day <= today && cost >= 0) {
        g.chart ??= new Array<number>(CHART_DAYS).fill(0);
        g.chart[day - chartStart] += cost;
      }
      if (filter.range === 'all' || (day >= start && day <= today)) {
        selected.add(c, i, g.key);
        g.acc.add(c, i, g.key);
        const ttft = c.num.ttftMs[i];
        const tps = c.num.tokensPerSecond[i];
        if (!Number.isNaN(ttft)) g.ttft.push(ttft);
        if (!Number.isNaN(tps)) g.tps.push(tps);
        if (c.code.priceSource[i] === USER_PRICED) g.userPriced = (g.userPriced ?? 0) + 1;
        if (inOrder) {
          recent.push([c, i]);
          if (recent.length > 2 * RECENT_LIMIT) recent = recent.slice(-RECENT_LIMIT);
        } else recent.push([c, i]);
      }
    }
  }
  if (!inOrder) recent = recent.map((x, k) => ({ x, k })).sort((a, b) => a.x[0].num.time[a.x[1]] - b.x[0].num.time[b.x[1]] || a.k - b.k).map((e) => e.x);

  const models: ModelRow[] = [...groups.values()].filter((g) => g.acc.t.requests > 0).map((g) => ({
    provider: g.provider, model: g.model, ...g.acc.done(), medianTtftMs: median(g.ttft), medianTokensPerSecond: median(g.tps),
    ...(g.userPriced ? { userPriced: g.userPriced } : {}),
  }));
  models.sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || `${a.provider}/${a.model}`.localeCompare(`${b.provider}/${b.model}`));

  return {
    today: todayKey,
    filter,
    options: { providers: [...providers].sort(), workspaces: [...workspaces].sort() },
    periods: { today: periods.today.done(), last7Days: periods.week.done(), thisMonth: periods.month.done(), allTime: periods.all.done() },
    selected: selected.done(),
    chart: chartOf(groups, chartStart),
    models,
    recent: recent.slice(-RECENT_LIMIT).reverse().map(([c, i]) => c.get(i)),
  };
}

function chartOf(groups: Map<string, Group>, chartStart: number): ChartData {
  const dayList = Array.from({ length: CHART_DAYS }, (_, i) => dayKeyOf(chartStart + i));
  const ranked = [...groups.values()].filter((g) => g.chart && sum(g.chart) > 0)
    .map((g): [string, number[]] => [g.key, g.chart!])
    .sort((a, b) => sum(b[1]) - sum(a[1]) || a[0].localeCompare(b[0]));
  const series = ranked.slice(0, CHART_SERIES).map(([model, costs]) => ({ model, costs }));
  const rest = ranked.slice(CHART_SERIES);
  if (rest.length) series.push({ model: OTHER_SERIES, costs: dayList.map((_, i) => sum(rest.map(([, c]) => c[i]))) });
  return { days: dayList, series };
}
