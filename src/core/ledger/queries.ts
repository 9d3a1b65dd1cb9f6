import { monthOf, shiftDay, type Calendar } from './calendar';
import type { LedgerRecord } from './record';

/** Sums over a set of requests. Cost counts priced requests only; the others are counted apart, never guessed. */
export interface LedgerTotals {
  requests: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd: number;
  /** Requests whose tokens (and so cost) were estimated. */
  estimated: number;
  /** Requests a plan covers: no cost of their own. */
  includedInPlan: number;
  /** Requests to a model on this machine: free, and said so ("local — free"), not "$0.00". */
  local: number;
  /** Requests with no known price, and which models ("provider/model", sorted) they were. */
  unknownPrice: { requests: number; models: string[] };
}

export const modelKey = (r: Pick<LedgerRecord, 'provider' | 'model'>): string => `${r.provider}/${r.model}`;

export function totals(records: Iterable<LedgerRecord>): LedgerTotals {
  const t: LedgerTotals = {
    requests: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0,
    costUsd: 0, estimated: 0, includedInPlan: 0, local: 0, unknownPrice: { requests: 0, models: [] },
  };
  const unknown = new Set<string>();
  for (const r of records) {
    t.requests++;
    t.inputTokens += r.inputTokens;
    t.cacheReadTokens += r.cacheReadTokens;
    t.cacheWriteTokens += r.cacheWriteTokens;
    t.outputTokens += r.outputTokens;
    t.reasoningTokens += r.reasoningTokens;
    if (r.estimated) t.estimated++;
    if (r.costBasis === 'local') t.local++;
    if (typeof r.cost === 'number') t.costUsd += r.cost;
    else if (r.cost === 'included') t.includedInPlan++;
    else {
      t.unknownPrice.requests++;
      unknown.add(modelKey(r));
    }
  }
  t.unknownPrice.models = [...unknown].sort();
  return t;
}

export interface LedgerFilter {
  /** Milliseconds since the epoch, inclusive. */
  from?: number;
  /** Milliseconds since the epoch, exclusive. */
  to?: number;
  provider?: string;
  workspace?: string;
}

export function filterRecords(records: readonly LedgerRecord[], f: LedgerFilter): LedgerRecord[] {
  return records.filter((r) => {
    const t = Date.parse(r.time);
    return (f.from === undefined || t >= f.from) && (f.to === undefined || t < f.to) &&
      (f.provider === undefined || r.provider === f.provider) && (f.workspace === undefined || r.workspace === f.workspace);
  });
}

export interface PeriodTotals {
  today: LedgerTotals;
  last7Days: LedgerTotals;
  thisMonth: LedgerTotals;
  allTime: LedgerTotals;
}

/** Today, the last 7 days (today included), this calendar month, and all time, in the calendar's local days. */
export function periodTotals(records: readonly LedgerRecord[], now: number, calendar: Calendar): PeriodTotals {
  const today = calendar.dayKey(now);
  const weekStart = shiftDay(today, -6);
  const month = monthOf(today);
  const days = records.map((r) => calendar.dayKey(Date.parse(r.time)));
  const within = (pred: (d: string) => boolean) => records.filter((_, i) => pred(days[i]));
  return {
    today: totals(within((d) => d === today)),
    last7Days: totals(within((d) => d >= weekStart && d <= today)),
    thisMonth: totals(within((d) => monthOf(d) === month && d <= today)),
    allTime: totals(records),
  };
}

export interface DayCost {
  day: string;
  /** Priced cost of the day. */
  costUsd: number;
  /** Priced cost by "provider/model"; models with no request that day are absent. */
  byModel: Record<string, number>;
}

/** Cost per local day for the last `days` days (today included), oldest first, days without requests as zero. */
export function dailyCostByModel(records: readonly LedgerRecord[], now: number, calendar: Calendar, days = 30): DayCost[] {
  const today = calendar.dayKey(now);
  const out: DayCost[] = [];
  const index = new Map<string, DayCost>();
  for (let i = days - 1; i >= 0; i--) {
    const d: DayCost = { day: shiftDay(today, -i), costUsd: 0, byModel: {} };
    out.push(d);
    index.set(d.day, d);
  }
  for (const r of records) {
    const d = index.get(calendar.dayKey(Date.parse(r.time)));
    if (!d) continue;
    const key = modelKey(r);
    const cost = typeof r.cost === 'number' ? r.cost : 0;
    d.byModel[key] = (d.byModel[key] ?? 0) + cost;
    d.costUsd += cost;
  }
  return out;
}

export interface ModelRow extends LedgerTotals {
  provider: string;
  model: string;
  /** Over requests that produced a first token. */
  medianTtftMs: number | null;
  medianTokensPerSecond: number | null;
  /** Requests priced from the user's own row in streamExplain.prices (absent: none). */
  userPriced?: number;
}

/** One row per provider and model, the most expensive first. */
export function perModel(records: readonly LedgerRecord[]): ModelRow[] {
  const groups = new Map<string, LedgerRecord[]>();
  for (const r of records) {
    const key = modelKey(r);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const rows = [...groups.values()].map((g): ModelRow => ({
    provider: g[0].provider,
    model: g[0].model,
    ...totals(g),
    medianTtftMs: median(g.map((r) => r.ttftMs)),
    medianTokensPerSecond: median(g.map((r) => r.tokensPerSecond)),
    ...userPriced(g),
  }));
  return rows.sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || modelKey(a).localeCompare(modelKey(b)));
}

function userPriced(g: readonly LedgerRecord[]): { userPriced?: number } {
  const n = g.filter((r) => r.priceSource === 'settings').length;
  return n ? { userPriced: n } : {};
}

/** The median of the known values (the mean of the middle two for an even count), or null when none is known. */
export function median(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const mid = known.length >> 1;
  return known.length % 2 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
}
