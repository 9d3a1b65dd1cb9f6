import { formatMs, formatRate } from '../format';
import { dayNumber, type DayIndex } from './columnReport';
import { basisOf, COST_INCLUDED, COST_UNKNOWN, LedgerColumns } from './columns';
import { recordCostText } from './costText';
import { CSV_COLUMNS, csvField } from './csv';
import { mdCell } from './markdown';
import { LEDGER_FINISHES, LEDGER_SCHEMA } from './record';
import { CHART_DAYS, type ReportFilter } from './reportModel';

/**
 * Export CSV and Copy as Markdown over 100,000 requests without a record object each: the filter's rows are copied
 * column by column (no objects), and each output row is written straight from the columns, with every name quoted
 * or escaped once per distinct name rather than once per row. The output is exactly toCsv / recordsMarkdown of the
 * same records (the unit and page tests compare them).
 */

/** The rows the filter selects (its names and its range, as the report counts them), oldest first, as columns. */
export function selectedColumns(segments: readonly LedgerColumns[], filter: ReportFilter, now: number, days: DayIndex): LedgerColumns {
  const todayKey = days.calendar.dayKey(now);
  const today = dayNumber(todayKey);
  const start = { today, '7d': today - 6, '30d': today - (CHART_DAYS - 1), month: dayNumber(`${todayKey.slice(0, 7)}-01`), all: -Infinity }[filter.range];
  const picked: Array<[LedgerColumns, number]> = [];
  for (const c of segments) {
    if (!c.rowsLoaded) throw new Error('the export needs every row of the months it covers');
    const p = filter.provider === null ? -1 : c.lookup(filter.provider);
    const w = filter.workspace === null ? -1 : c.lookup(filter.workspace);
    if ((filter.provider !== null && p < 0) || (filter.workspace !== null && w < 0)) continue;
    const d = filter.range === 'all' ? undefined : days.of(c);
    for (let i = 0; i < c.length; i++) {
      if ((p >= 0 && c.code.provider[i] !== p) || (w >= 0 && c.code.workspace[i] !== w)) continue;
      if (d && !(d[i] >= start && d[i] <= today)) continue;
      picked.push([c, i]);
    }
  }
  // Oldest first, as the records are: only when two windows' appends crossed is there anything to sort.
  if (!segments.every((c) => c.inOrder)) picked.sort((a, b) => a[0].num.time[a[1]] - b[0].num.time[b[1]]);
  const out = new LedgerColumns(Math.max(256, picked.length));
  for (const [c, i] of picked) out.copyRow(c, i);
  return out;
}

const text = (v: number) => (Number.isNaN(v) ? '' : String(v));
const costField = (v: number) => (v === COST_UNKNOWN ? 'unknown' : v === COST_INCLUDED ? 'included' : String(v));

/** toCsv of the same records: a header, then one row per request, every field, CRLF line ends (RFC 4180). */
export function columnsCsv(cols: LedgerColumns): string {
  const names = cols.strings.map(csvField);
  const ids = cols.ids;
  const { num: n, code: c } = cols;
  const rows = [CSV_COLUMNS.join(',')]; // the fields below are in this order (the unit tests hold them to toCsv)
  for (let i = 0; i < cols.length; i++) {
    const priceSource = c.priceSource[i];
    // An array joined, like toCsv's rows: one flat string per row (a long template literal builds a rope per row).
    rows.push([
      new Date(n.time[i]).toISOString(), names[c.workspace[i]], csvField(ids[c.conversationId[i]]), csvField(ids[c.turnId[i]]),
      names[c.provider[i]], names[c.model[i]], n.inputTokens[i], n.cacheReadTokens[i], n.cacheWriteTokens[i], n.outputTokens[i],
      n.reasoningTokens[i], c.estimated[i] === 1, costField(n.cost[i]), basisOf(c.basis[i]) ?? '', priceSource === 1 ? 'builtin' : priceSource === 2 ? 'settings' : '',
      text(n.ttftMs[i]), text(n.thinkingTtftMs[i]), n.durationMs[i], text(n.tokensPerSecond[i]), LEDGER_FINISHES[c.finish[i]], LEDGER_SCHEMA,
    ].join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

/** recordsMarkdown of the same records: a Markdown table, one row per request. */
export function columnsMarkdown(cols: LedgerColumns): string {
  const names = cols.strings.map(mdCell);
  const { num: n, code: c } = cols;
  const lines = [
    '| time | workspace | provider | model | finish | input tok | cache read | cache write | output tok | reasoning tok | cost | TTFT | tok/s |',
    '|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (let i = 0; i < cols.length; i++) {
    const estimated = c.estimated[i] === 1;
    const star = estimated ? '*' : '';
    const v = n.cost[i];
    const cost = recordCostText({ cost: v === COST_UNKNOWN ? 'unknown' : v === COST_INCLUDED ? 'included' : v, costBasis: basisOf(c.basis[i]), estimated });
    const ttft = n.ttftMs[i];
    const tps = n.tokensPerSecond[i];
    lines.push(`| ${new Date(n.time[i]).toISOString()} | ${names[c.workspace[i]]} | ${names[c.provider[i]]} | ${names[c.model[i]]} | ${LEDGER_FINISHES[c.finish[i]]} | ` +
      `${n.inputTokens[i]}${star} | ${n.cacheReadTokens[i]} | ${n.cacheWriteTokens[i]} | ${n.outputTokens[i]}${star} | ${n.reasoningTokens[i]} | ${cost} | ` +
      `${formatMs(Number.isNaN(ttft) ? null : ttft)} | ${formatRate(Number.isNaN(tps) ? null : tps)} |`);
  }
  return lines.join('\n') + '\n';
}
