import { formatMs, formatRate } from '../format';
import { recordCostText, totalsCostText } from './costText';
import { monthOf, type Calendar } from './calendar';
import { perModel, periodTotals, type LedgerTotals, type ModelRow, type PeriodTotals } from './queries';
import type { LedgerRecord } from './record';

/** Model and workspace names are untrusted text: in a table cell they can neither break the row nor add markup. */
export function mdCell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`);
}

/** A cost cell: priced spend, "*" when any figure in it is estimated, and what it leaves out. */
function costCell(t: LedgerTotals): string {
  const text = totalsCostText(t);
  return text.startsWith('$') || text.startsWith('<$') ? `${text}${t.unknownPrice.requests ? ` + ${t.unknownPrice.requests} unknown` : ''}` : text;
}

const tokens = (n: number) => n.toLocaleString('en-US');

/** The cost report: totals today / 7 days / this month / all time, then a row per model. */
export function costReportMarkdown(records: readonly LedgerRecord[], now: number, calendar: Calendar): string {
  return costReportMarkdownOf(periodTotals(records, now, calendar), perModel(records), calendar.dayKey(now));
}

/** The same from figures already summed (the export sums them from the ledger's columns: columnExport.ts). */
export function costReportMarkdownOf(p: PeriodTotals, models: readonly ModelRow[], today: string): string {
  const lines = [
    '# Stream Explain — cost report',
    '',
    'Every request from every window, read from the persistent cost ledger. Cost counts priced requests only; ' +
      '\\* marks figures that include estimated tokens (the provider sent no usage, e.g. a stopped answer).',
    '',
  ];
  if (p.allTime.requests === 0) {
    lines.push('No requests recorded yet.');
    return lines.join('\n') + '\n';
  }
  lines.push('| period | requests | input tok | cache read | cache write | output tok | cost |', '|---|---:|---:|---:|---:|---:|---:|');
  const periods: Array<[string, LedgerTotals]> = [
    [`Today (${today})`, p.today], ['Last 7 days', p.last7Days], [`This month (${monthOf(today)})`, p.thisMonth], ['All time', p.allTime],
  ];
  for (const [label, t] of periods) {
    lines.push(`| ${label} | ${t.requests} | ${tokens(t.inputTokens)} | ${tokens(t.cacheReadTokens)} | ${tokens(t.cacheWriteTokens)} | ${tokens(t.outputTokens)} | ${costCell(t)} |`);
  }
  const all = p.allTime;
  lines.push('');
  if (all.unknownPrice.requests) {
    lines.push(`Price unknown for ${all.unknownPrice.requests} request${all.unknownPrice.requests === 1 ? '' : 's'}, not in the cost: ${all.unknownPrice.models.map(mdCell).join(', ')}.`, '');
  }
  if (all.includedInPlan) {
    const one = all.includedInPlan === 1;
    lines.push(`${all.includedInPlan} request${one ? ' was' : 's were'} included in a plan (no cost of ${one ? 'its' : 'their'} own).`, '');
  }
  if (all.local) {
    lines.push(`${all.local} request${all.local === 1 ? '' : 's'} ran on a local model (free).`, '');
  }
  lines.push('## By model', '');
  lines.push('| provider | model | requests | input tok | cache read | cache write | output tok | reasoning tok | cost | median TTFT | median tok/s |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of models) {
    lines.push(`| ${mdCell(r.provider)} | ${mdCell(r.model)} | ${r.requests} | ${tokens(r.inputTokens)} | ${tokens(r.cacheReadTokens)} | ${tokens(r.cacheWriteTokens)} | ` +
      `${tokens(r.outputTokens)} | ${tokens(r.reasoningTokens)} | ${costCell(r)} | ${formatMs(r.medianTtftMs)} | ${formatRate(r.medianTokensPerSecond)} |`);
  }
  return lines.join('\n') + '\n';
}

/** The ledger as a Markdown table, one row per request (the Markdown export). */
export function recordsMarkdown(records: readonly LedgerRecord[]): string {
  const lines = [
    '| time | workspace | provider | model | finish | input tok | cache read | cache write | output tok | reasoning tok | cost | TTFT | tok/s |',
    '|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of records) {
    const star = r.estimated ? '*' : '';
    const cost = recordCostText(r);
    lines.push(`| ${r.time} | ${mdCell(r.workspace)} | ${mdCell(r.provider)} | ${mdCell(r.model)} | ${r.finish} | ${r.inputTokens}${star} | ${r.cacheReadTokens} | ` +
      `${r.cacheWriteTokens} | ${r.outputTokens}${star} | ${r.reasoningTokens} | ${cost} | ${formatMs(r.ttftMs)} | ${formatRate(r.tokensPerSecond)} |`);
  }
  return lines.join('\n') + '\n';
}
