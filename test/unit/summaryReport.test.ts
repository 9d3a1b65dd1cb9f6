import * as assert from 'node:assert/strict';
import { buildColumnReport, DayIndex } from '../../src/core/ledger/columnReport';
import { LedgerColumns } from '../../src/core/ledger/columns';
import { decodeSnapshot, encodeSnapshot } from '../../src/core/ledger/ledgerSnapshot';
import type { LedgerRecord } from '../../src/core/ledger/record';
import { REPORT_RANGES, type ReportData, type ReportFilter } from '../../src/core/ledger/reportModel';
import { ledgerFileName } from '../../src/core/ledger/store';
import { CALENDAR, NOW, ninetyDays } from '../webview/reportLedger';
import { columnPeriodTotals } from '../../src/core/ledger/columnTotals';
import { periodTotals } from '../../src/core/ledger/queries';
import { NOW as WEEK_NOW, NY, WEEK } from './ledgerFixtures';

/** Month files as columns, plain (no summary) or read back from their snapshots (with their summaries). */
function months(records: readonly LedgerRecord[], fromSnapshots: boolean): LedgerColumns[] {
  const byFile = new Map<string, LedgerRecord[]>();
  for (const r of records) (byFile.get(ledgerFileName(r.time)) ?? byFile.set(ledgerFileName(r.time), []).get(ledgerFileName(r.time))!).push(r);
  return [...byFile.keys()].sort().map((k) => {
    const cols = LedgerColumns.from(byFile.get(k)!);
    return fromSnapshots ? decodeSnapshot(encodeSnapshot(cols, cols.length, 10, new Uint8Array([10]))!)!.cols : cols;
  });
}

/** Sums taken group by group differ from sums taken row by row in the last bits of a float: compared to 1e-12. */
const rounded = (d: ReportData) => JSON.parse(JSON.stringify(d, (k, v: unknown) => (k === 'costUsd' && typeof v === 'number' ? Math.round(v * 1e12) / 1e12 : v))) as unknown;

describe('Month summaries: a report skips the rows of months wholly before what it shows', () => {
  const records = ninetyDays();
  const filters: ReportFilter[] = REPORT_RANGES.flatMap((range) => [null, 'openai', 'nobody'].flatMap((provider) => [null, 'api', 'elsewhere'].map((workspace) => ({ range, provider, workspace }))));

  it('gives the same report as going over every row, for every range × provider × workspace filter', () => {
    const plain = months(records, false);
    const summarised = months(records, true);
    assert.ok(summarised.length >= 4 && summarised.every((c) => c.summary?.rows === c.length), 'every month has its summary');
    for (const f of filters) {
      assert.deepEqual(rounded(buildColumnReport(summarised, f, NOW, new DayIndex(CALENDAR))), rounded(buildColumnReport(plain, f, NOW, new DayIndex(CALENDAR))), JSON.stringify(f));
    }
  });

  it('the summary is what an old month contributes (its rows are not read), and only while the month has not grown', () => {
    const summarised = months(records, true);
    const oldest = summarised[0];
    const f: ReportFilter = { range: '30d', provider: null, workspace: null };
    const before = buildColumnReport(summarised, f, NOW, new DayIndex(CALENDAR)).periods.allTime.requests;
    oldest.summary!.groups[0].sums[0] += 1000; // a summary that disagrees with the rows shows through
    assert.equal(buildColumnReport(summarised, f, NOW, new DayIndex(CALENDAR)).periods.allTime.requests, before + 1000);
    assert.equal(buildColumnReport(summarised, { ...f, range: 'all' }, NOW, new DayIndex(CALENDAR)).periods.allTime.requests, before, 'all time goes over the rows');
    oldest.push(oldest.get(0)); // a late line appended to an old month: its summary no longer stands for it
    assert.equal(buildColumnReport(summarised, f, NOW, new DayIndex(CALENDAR)).periods.allTime.requests, before + 1);
  });

  it('a snapshot whose summary was altered is refused (the checksum covers it)', () => {
    const cols = LedgerColumns.from(records.slice(0, 50));
    const bytes = encodeSnapshot(cols, cols.length, 10, new Uint8Array([10]))!;
    const text = new TextDecoder().decode(bytes.subarray(0, 2000));
    const at = text.indexOf('"sums":[') + 8;
    assert.ok(at > 8);
    const altered = bytes.slice();
    altered[at] = altered[at] === 0x39 ? 0x38 : altered[at] + 1; // one digit of the first sum
    assert.ok(decodeSnapshot(bytes));
    assert.equal(decodeSnapshot(altered), undefined);
  });

  it('the status bar\'s period totals from columns are periodTotals of the records, exactly (the hand-checked week and 90 days)', () => {
    for (const [recs, now, cal] of [[records, NOW, CALENDAR], [WEEK, WEEK_NOW, NY]] as const) {
      const segs = months(recs, false);
      assert.deepEqual(columnPeriodTotals(segs, now, new DayIndex(cal)), periodTotals(recs.map((r) => ({ ...r, time: new Date(r.time).toISOString() })), now, cal));
    }
  });
});
