import * as assert from 'node:assert/strict';
import { buildColumnReport, DayIndex } from '../../src/core/ledger/columnReport';
import { LedgerColumns } from '../../src/core/ledger/columns';
import { serializeRecord, type LedgerRecord } from '../../src/core/ledger/record';
import { buildReport, REPORT_RANGES, type ReportFilter } from '../../src/core/ledger/reportModel';
import { ledgerFileName, parseLedgerLine } from '../../src/core/ledger/store';
import { CALENDAR, NOW as NOW90, ninetyDays } from '../webview/reportLedger';
import { NOW, NY, rec, WEEK } from './ledgerFixtures';

/** Records as the store reads them back (canonical times). */
const asRead = (records: LedgerRecord[]) => records.map((r) => parseLedgerLine(serializeRecord(r).trimEnd()).record!);

/** The records split into month files as the store writes them, each as columns. */
function segments(records: readonly LedgerRecord[]): LedgerColumns[] {
  const byFile = new Map<string, LedgerRecord[]>();
  for (const r of records) (byFile.get(ledgerFileName(r.time)) ?? byFile.set(ledgerFileName(r.time), []).get(ledgerFileName(r.time))!).push(r);
  return [...byFile.keys()].sort().map((k) => LedgerColumns.from(byFile.get(k)!));
}

const filters = (providers: string[], workspaces: string[]): ReportFilter[] =>
  REPORT_RANGES.flatMap((range) => [null, ...providers].flatMap((provider) => [null, ...workspaces].map((workspace) => ({ range, provider, workspace }))));

/** The columns' numbers are summed in the same order as the records', so the figures agree to the last bit. */
describe('The cost report from columns: the same report as from record objects, in one pass', () => {
  it('every range × provider × workspace filter of a 90-day ledger gives the record-based report exactly', () => {
    const records = ninetyDays();
    const segs = segments(records);
    assert.ok(segs.length >= 3, 'several month files');
    const days = new DayIndex(CALENDAR);
    for (const f of filters(['openai', 'anthropic', 'nobody'], ['api', 'web-app', 'elsewhere'])) {
      assert.deepEqual(buildColumnReport(segs, f, NOW90, days), buildReport(records, f, NOW90, CALENDAR), JSON.stringify(f));
    }
  });

  it('the hand-checked week (New York days, included / unknown / local requests) gives the same report too', () => {
    const records = asRead([...WEEK, rec({ turnId: 'loc', time: '2026-12-02T20:00:00Z', model: 'llama3.2', cost: 0, costBasis: 'local', ttftMs: null })])
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time)); // oldest first, as the cache gives them
    const days = new DayIndex(NY);
    for (const f of filters(['openai', 'vscode-lm'], ['demo', 'other'])) {
      assert.deepEqual(buildColumnReport(segments(records), f, NOW, days), buildReport(records, f, NOW, NY), JSON.stringify(f));
    }
  });

  it('appends crossing between windows (out of time order) still give the newest requests first', () => {
    const a = rec({ turnId: 'a', time: '2026-12-02T10:00:00Z' });
    const b = rec({ turnId: 'b', time: '2026-12-02T12:00:00Z' });
    const c = rec({ turnId: 'c', time: '2026-12-02T11:00:00Z' });
    const cols = LedgerColumns.from([a, b, c]);
    assert.equal(cols.inOrder, false);
    const report = buildColumnReport([cols], { range: 'all', provider: null, workspace: null }, NOW, new DayIndex(NY));
    assert.deepEqual(report.recent.map((r) => r.turnId), ['b', 'c', 'a']);
  });

  it('columns give back every record exactly as read (basis kept or absent, nulls, included and unknown costs)', () => {
    const records = asRead([...WEEK, rec({ turnId: 'loc', cost: 0, costBasis: 'local' })]);
    assert.deepEqual([...LedgerColumns.from(records).records()], records);
  });

  it('a ledger that grew is converted to local days only for its new records', () => {
    const cols = LedgerColumns.from(WEEK.slice(0, 3));
    let asked = 0;
    const days = new DayIndex({ dayKey: (ms) => { asked++; return NY.dayKey(ms); } });
    days.of(cols);
    const first = asked;
    for (const r of WEEK.slice(3)) cols.push(r);
    days.of(cols);
    assert.ok(asked - first <= WEEK.length - 3, `${asked - first} conversions for ${WEEK.length - 3} new records`);
    assert.deepEqual([...days.of(cols).subarray(0, cols.length)], WEEK.map((r) => Date.parse(`${NY.dayKey(Date.parse(r.time))}T00:00:00Z`) / 86_400_000));
  });
});
