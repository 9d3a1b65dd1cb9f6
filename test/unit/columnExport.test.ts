import * as assert from 'node:assert/strict';
import { columnsCsv, columnsMarkdown, selectedColumns } from '../../src/core/ledger/columnExport';
import { buildColumnReport, DayIndex } from '../../src/core/ledger/columnReport';
import { LedgerColumns } from '../../src/core/ledger/columns';
import { toCsv } from '../../src/core/ledger/csv';
import { costReportMarkdown, costReportMarkdownOf, recordsMarkdown } from '../../src/core/ledger/markdown';
import { serializeRecord, type LedgerRecord } from '../../src/core/ledger/record';
import { REPORT_RANGES, selectRecords, type ReportFilter } from '../../src/core/ledger/reportModel';
import { ledgerFileName, parseLedgerLine } from '../../src/core/ledger/store';
import { CALENDAR, NOW, ninetyDays } from '../webview/reportLedger';

const asRead = (records: LedgerRecord[]) => records.map((r) => parseLedgerLine(serializeRecord(r).trimEnd()).record!);

/** The 90-day ledger plus every awkward field: names needing CSV quoting and Markdown escaping, every cost kind and basis, nulls, thinking. */
function ledger(): LedgerRecord[] {
  const base = ninetyDays();
  const odd: Array<Partial<LedgerRecord>> = [
    { model: 'ft:gpt,"quoted"\r\nv2', workspace: 'my | "repo"', cost: 'unknown', ttftMs: null, tokensPerSecond: null },
    { model: 'llama3.2', cost: 0, costBasis: 'local', priceSource: undefined, thinkingTtftMs: 120.5 },
    { provider: 'vscode-lm', model: 'copilot *gpt* <b>', cost: 'included', costBasis: 'included', estimated: true },
    { model: 'gpt-4o-mini', cost: 0.0123, priceSource: 'settings', costBasis: 'priced', conversationId: 'a,b', turnId: 'q"1' },
    { model: 'gpt-4o-mini', cost: 0.002, priceSource: 'builtin', reasoningTokens: 77, cacheWriteTokens: 12 },
  ];
  const extra = odd.map((o, k) => ({ ...base[base.length - 1 - k * 3], turnId: `odd${k}`, ...o }));
  return asRead([...base, ...extra]).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

function months(records: readonly LedgerRecord[]): LedgerColumns[] {
  const byFile = new Map<string, LedgerRecord[]>();
  for (const r of records) (byFile.get(ledgerFileName(r.time)) ?? byFile.set(ledgerFileName(r.time), []).get(ledgerFileName(r.time))!).push(r);
  return [...byFile.keys()].sort().map((k) => LedgerColumns.from(byFile.get(k)!));
}

const filters: ReportFilter[] = REPORT_RANGES.flatMap((range) => [null, 'openai', 'vscode-lm', 'nobody'].flatMap((provider) => [null, 'api', 'my | "repo"'].map((workspace) => ({ range, provider, workspace }))));

describe('Export CSV and Copy as Markdown from the columns, without a record object per request', () => {
  const records = ledger();
  const segs = months(records);

  it('CSV: byte for byte what toCsv gives for the same filter\'s records (RFC 4180 quoting included), for every filter', () => {
    const days = new DayIndex(CALENDAR);
    for (const f of filters) {
      const expected = selectRecords(records, f, NOW, CALENDAR);
      assert.equal(columnsCsv(selectedColumns(segs, f, NOW, days)), toCsv(expected), JSON.stringify(f));
    }
    assert.ok(columnsCsv(selectedColumns(segs, filters[0], NOW, days)).includes(',"ft:gpt,""quoted""  v2",'), 'a quoted name (its CRLF became spaces when it was written)');
    // Names the ledger never wrote (a host's records in memory) keep CR and LF: quoted the same.
    const raw = [ledger()[0], { ...ledger()[1], model: 'two\r\nlines, "q"', workspace: 'cr\ronly' }];
    assert.equal(columnsCsv(LedgerColumns.from(raw)), toCsv(raw));
  });

  it('Markdown: the requests table and the summary above it are what the record-based functions give, for every filter', () => {
    const days = new DayIndex(CALENDAR);
    for (const f of filters) {
      const expected = selectRecords(records, f, NOW, CALENDAR);
      const rows = selectedColumns(segs, f, NOW, days);
      assert.equal(columnsMarkdown(rows), recordsMarkdown(expected), JSON.stringify(f));
      const { periods, models, today } = buildColumnReport([rows], { range: 'all', provider: null, workspace: null }, NOW, days);
      assert.equal(costReportMarkdownOf(periods, models, today), costReportMarkdown(expected, NOW, CALENDAR), JSON.stringify(f));
    }
  });

  it('appends of two windows that crossed are exported oldest first, like the records', () => {
    const a = records.slice(-12).filter((r, i, all) => i === 0 || r.time !== all[i - 1].time).slice(-3);
    assert.equal(new Set(a.map((r) => r.time)).size, 3);
    const crossed = LedgerColumns.from([a[0], a[2], a[1]]);
    const all: ReportFilter = { range: 'all', provider: null, workspace: null };
    assert.equal(columnsCsv(selectedColumns([crossed], all, NOW, new DayIndex(CALENDAR))), toCsv(a));
  });
});
