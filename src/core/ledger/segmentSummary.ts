import { basisOf, COST_INCLUDED, COST_UNKNOWN, type LedgerColumns } from './columns';

/** The sums one group's requests add to a total, in this order (see LedgerTotals). */
export const SUM_FIELDS = ['requests', 'inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens', 'costUsd', 'estimated', 'includedInPlan', 'local', 'unknown'] as const;

export interface SummaryGroup {
  provider: string;
  model: string;
  workspace: string;
  /** One figure per SUM_FIELDS entry. */
  sums: number[];
}

/**
 * A month's totals per provider, model and workspace, saved in its snapshot's header. A report whose range, periods
 * and chart all start after the month's last request (every range but "all time", for every month but the last one
 * or two) adds these few groups to "all time" and the filter menus instead of going over the month's rows: opening
 * the report then touches only the rows it shows. Medians, the chart and the recent requests always come from rows.
 */
export interface SegmentSummary {
  /** Rows summed: the summary stands for the segment only while it has exactly these. */
  rows: number;
  /** The latest request's time (ms); rows need not be in time order. */
  lastTime: number;
  groups: SummaryGroup[];
}

export function summarize(cols: LedgerColumns, rows = cols.length): SegmentSummary {
  const groups = new Map<number, SummaryGroup>();
  const { num, code } = cols;
  let lastTime = -Infinity;
  for (let i = 0; i < rows; i++) {
    if (num.time[i] > lastTime) lastTime = num.time[i];
    const key = (code.provider[i] * 2 ** 21 + code.model[i]) * 2 ** 21 + code.workspace[i];
    let g = groups.get(key);
    if (!g) {
      g = { provider: cols.strings[code.provider[i]], model: cols.strings[code.model[i]], workspace: cols.strings[code.workspace[i]], sums: SUM_FIELDS.map(() => 0) };
      groups.set(key, g);
    }
    const s = g.sums;
    const cost = num.cost[i];
    s[0]++;
    s[1] += num.inputTokens[i];
    s[2] += num.cacheReadTokens[i];
    s[3] += num.cacheWriteTokens[i];
    s[4] += num.outputTokens[i];
    s[5] += num.reasoningTokens[i];
    if (cost >= 0) s[6] += cost;
    if (code.estimated[i]) s[7]++;
    if (cost === COST_INCLUDED) s[8]++;
    if (basisOf(code.basis[i]) === 'local') s[9]++;
    if (cost === COST_UNKNOWN) s[10]++;
  }
  return { rows, lastTime: rows ? lastTime : 0, groups: [...groups.values()] };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSum = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A summary read from a snapshot's header, or undefined when it is not a whole one. */
export function parseSummary(v: unknown): SegmentSummary | undefined {
  if (!isObj(v) || !Number.isInteger(v.rows) || typeof v.lastTime !== 'number' || !Array.isArray(v.groups)) return undefined;
  const groups: SummaryGroup[] = [];
  for (const g of v.groups) {
    if (!isObj(g) || typeof g.provider !== 'string' || typeof g.model !== 'string' || typeof g.workspace !== 'string') return undefined;
    if (!Array.isArray(g.sums) || g.sums.length !== SUM_FIELDS.length || !g.sums.every(isSum)) return undefined;
    groups.push({ provider: g.provider, model: g.model, workspace: g.workspace, sums: g.sums as number[] });
  }
  return { rows: v.rows as number, lastTime: v.lastTime, groups };
}
