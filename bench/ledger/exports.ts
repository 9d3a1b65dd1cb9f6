/**
 * Part of npm run bench:ledger: Export CSV and Copy as Markdown of every request, from record objects (as before) and
 * from the columns (columnExport.ts), in the same run and on the same window's cache so the two are comparable.
 */
import { toCsv } from '../../src/core/ledger/csv';
import { columnsCsv, columnsMarkdown, selectedColumns } from '../../src/core/ledger/columnExport';
import { costReportMarkdown, costReportMarkdownOf, recordsMarkdown } from '../../src/core/ledger/markdown';
import type { LedgerCache } from '../../src/core/ledger/ledgerCache';
import { selectRecords } from '../../src/core/ledger/reportModel';
import { buildColumnReport, DayIndex } from '../../src/core/ledger/columnReport';
import { calendar, fmt, timed } from './records';

/**
 * Export CSV and Copy as Markdown of every request (filter: all time), as the controller runs them, in a window
 * whose cache (`exportCache`) holds the ledger of `requests` records: before, a record object per request then toCsv /
 * the Markdown functions; now, from the columns (columnExport.ts). The outputs are compared, byte for byte. Prints
 * its lines; returns its figures.
 */
export async function measureExports(exportCache: LedgerCache, now: number, requests: number): Promise<Record<string, unknown>> {
  const all = { range: 'all', provider: null, workspace: null } as const;
  const segsAll = await exportCache.segments();
  const exportDays = new DayIndex(calendar);
  const [, csvBefore, csvOld] = await timed('csv before', async () => toCsv(selectRecords(await exportCache.records(), all, now, calendar)));
  const [, csvAfter, csvNew] = await timed('csv after', () => columnsCsv(selectedColumns(segsAll, all, now, exportDays)));
  const [, mdBefore, mdOld] = await timed('md before', async () => {
    const recs = selectRecords(await exportCache.records(), all, now, calendar);
    return `${costReportMarkdown(recs, now, calendar)}\n## Requests\n\n${recordsMarkdown(recs)}`;
  });
  const [, mdAfter, mdNew] = await timed('md after', () => {
    const rows = selectedColumns(segsAll, all, now, exportDays);
    const r = buildColumnReport([rows], all, now, exportDays);
    return `${costReportMarkdownOf(r.periods, r.models, r.today)}\n## Requests\n\n${columnsMarkdown(rows)}`;
  });
  if (csvOld !== csvNew || mdOld !== mdNew) throw new Error('the column export differs from the record export');
  console.log(`  Export CSV / Copy as Markdown of all ${requests.toLocaleString('en-US')} requests (${(csvNew.length / 1e6).toFixed(1)} MB / ${(mdNew.length / 1e6).toFixed(1)} MB, identical output):`);
  console.log(`    CSV:      from record objects ${fmt(csvBefore)} ms   from the columns ${fmt(csvAfter)} ms`);
  console.log(`    Markdown: from record objects ${fmt(mdBefore)} ms   from the columns ${fmt(mdAfter)} ms`);
  return { exportMs: { csvBefore, csvAfter, markdownBefore: mdBefore, markdownAfter: mdAfter } };
}
