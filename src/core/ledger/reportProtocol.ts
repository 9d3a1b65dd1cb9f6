/**
 * The host ⇄ cost report page contract. Both sides validate every message and drop what fails: names in the ledger
 * (models, workspaces) are untrusted text, and the host trusts nothing the page sends beyond these shapes.
 */
import type { LedgerTotals, ModelRow } from './queries';
import { parseRecord, type LedgerRecord } from './record';
import { REPORT_RANGES, type ChartData, type ReportData, type ReportFilter, type ReportRange } from './reportModel';

export type ReportPageMessage =
  | { type: 'ready' }
  | { type: 'filter'; filter: ReportFilter }
  | { type: 'export-csv' }
  | { type: 'copy-markdown' }
  | { type: 'clear-history' };

export type ReportHostMessage =
  | { type: 'report'; data: ReportData }
  /** A short confirmation shown in the page ("Copied 12 requests as Markdown"). */
  | { type: 'notice'; text: string };

const MAX_NAME = 300;
const MAX_NOTICE = 500;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isName = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_NAME;
const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isNullable = <T>(v: unknown, is: (x: unknown) => x is T): v is T | null => v === null || is(v);
const arrayOf = <T>(v: unknown, is: (x: unknown) => x is T, max = Infinity): v is T[] => Array.isArray(v) && v.length <= max && v.every(is);

export function parseReportFilter(v: unknown): ReportFilter | undefined {
  if (!isObj(v) || !REPORT_RANGES.includes(v.range as ReportRange)) return undefined;
  if (!isNullable(v.provider, isName) || !isNullable(v.workspace, isName)) return undefined;
  return { range: v.range as ReportRange, provider: v.provider, workspace: v.workspace };
}

/** A message from the page, or undefined. Only the fields named here are kept. */
export function parseReportPageMessage(v: unknown): ReportPageMessage | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'ready':
    case 'export-csv':
    case 'copy-markdown':
    case 'clear-history':
      return { type: v.type };
    case 'filter': {
      const filter = parseReportFilter(v.filter);
      return filter && { type: 'filter', filter };
    }
    default:
      return undefined;
  }
}

const TOTAL_COUNTS = ['requests', 'inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens', 'costUsd', 'estimated', 'includedInPlan', 'local'] as const;

function isTotals(v: unknown): v is LedgerTotals {
  if (!isObj(v) || !TOTAL_COUNTS.every((k) => isCount(v[k]))) return false;
  const u = v.unknownPrice;
  return isObj(u) && isCount(u.requests) && arrayOf(u.models, isName);
}

function isModelRow(v: unknown): v is ModelRow {
  return isTotals(v) && isObj(v) && isName(v.provider) && isName(v.model) &&
    isNullable(v.medianTtftMs, isCount) && isNullable(v.medianTokensPerSecond, isCount) && (v.userPriced === undefined || isCount(v.userPriced));
}

function isChart(v: unknown): v is ChartData {
  if (!isObj(v) || !arrayOf(v.days, isDay, 400)) return false;
  const n = v.days.length;
  return arrayOf(v.series, (s): s is ChartData['series'][number] =>
    isObj(s) && isName(s.model) && arrayOf(s.costs, isCount) && s.costs.length === n, 50);
}

const isRecord = (v: unknown): v is LedgerRecord => parseRecord(v) !== undefined;

export function parseReportData(v: unknown): ReportData | undefined {
  if (!isObj(v) || !isDay(v.today)) return undefined;
  const filter = parseReportFilter(v.filter);
  const o = v.options;
  const p = v.periods;
  if (!filter || !isObj(o) || !arrayOf(o.providers, isName) || !arrayOf(o.workspaces, isName)) return undefined;
  if (!isObj(p) || !isTotals(p.today) || !isTotals(p.last7Days) || !isTotals(p.thisMonth) || !isTotals(p.allTime)) return undefined;
  if (!isTotals(v.selected) || !isChart(v.chart) || !arrayOf(v.models, isModelRow) || !arrayOf(v.recent, isRecord, 10_000)) return undefined;
  return {
    today: v.today, filter, options: { providers: o.providers, workspaces: o.workspaces },
    periods: { today: p.today, last7Days: p.last7Days, thisMonth: p.thisMonth, allTime: p.allTime },
    selected: v.selected, chart: v.chart, models: v.models, recent: v.recent.map((r) => parseRecord(r)!),
  };
}

/** A message from the host, or undefined. */
export function parseReportHostMessage(v: unknown): ReportHostMessage | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'notice') return typeof v.text === 'string' && v.text.length <= MAX_NOTICE ? { type: 'notice', text: v.text } : undefined;
  if (v.type === 'report') {
    const data = parseReportData(v.data);
    return data && { type: 'report', data };
  }
  return undefined;
}
