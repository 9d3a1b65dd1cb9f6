import * as assert from 'node:assert/strict';
import { toCsv } from '../../src/core/ledger/csv';
import type { LedgerRecord } from '../../src/core/ledger/record';
import { ReportController, type ReportHost } from '../../src/core/ledger/reportController';
import { buildReport, CHART_SERIES, DayKeys, dayKeysOf, DEFAULT_FILTER, OTHER_SERIES, RECENT_LIMIT, selectRecords, type ReportFilter } from '../../src/core/ledger/reportModel';
import { parseReportData, parseReportHostMessage, parseReportPageMessage, type ReportHostMessage } from '../../src/core/ledger/reportProtocol';
import { NOW, NY, rec, WEEK } from './ledgerFixtures';

const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
const ids = (rs: LedgerRecord[]) => rs.map((r) => r.turnId).join(',');
const f = (over: Partial<ReportFilter>): ReportFilter => ({ ...DEFAULT_FILTER, ...over });

describe('Cost report model (what the page shows, computed on the host)', () => {
  it('the default filter (last 30 days) against the hand-computed week: totals, models, recent newest first', () => {
    const d = buildReport(WEEK, DEFAULT_FILTER, NOW, NY);
    assert.equal(d.today, '2026-12-02');
    assert.equal(d.selected.requests, 6, 'r6 (June 2025) is outside the 30 days');
    near(d.selected.costUsd, 0.020, 'priced requests only');
    assert.deepEqual(d.selected.unknownPrice, { requests: 1, models: ['openai/my-local'] });
    assert.equal(ids(d.recent), 'r0,r1,r3,r2,r4,r5');
    assert.deepEqual(d.models.map((m) => `${m.provider}/${m.model}:${m.requests}`), ['anthropic/claude-sonnet-4:2', 'openai/gpt-4o-mini:3', 'openai/my-local:1']);
    assert.deepEqual(d.options, { providers: ['anthropic', 'openai', 'vscode-lm'], workspaces: ['demo', 'other'] });
    assert.deepEqual([d.periods.today.requests, d.periods.last7Days.requests, d.periods.thisMonth.requests, d.periods.allTime.requests], [1, 5, 3, 7]);
  });

  it('each range, provider and workspace selects the hand-picked requests', () => {
    assert.equal(ids(selectRecords(WEEK, f({ range: 'today' }), NOW, NY)), 'r0');
    assert.equal(ids(selectRecords(WEEK, f({ range: '7d' }), NOW, NY)), 'r4,r2,r3,r1,r0');
    assert.equal(ids(selectRecords(WEEK, f({ range: 'month' }), NOW, NY)), 'r3,r1,r0', 'r2 is 30 Nov locally');
    assert.equal(ids(selectRecords(WEEK, f({ range: 'all' }), NOW, NY)), 'r6,r5,r4,r2,r3,r1,r0');
    assert.equal(ids(selectRecords(WEEK, f({ range: 'all', provider: 'anthropic' }), NOW, NY)), 'r2,r3');
    assert.equal(ids(selectRecords(WEEK, f({ range: 'all', workspace: 'other' }), NOW, NY)), 'r3');
    const d = buildReport(WEEK, f({ provider: 'anthropic' }), NOW, NY);
    assert.equal(d.periods.allTime.requests, 2, 'the periods follow the provider filter');
    near(d.periods.allTime.costUsd, 0.014, 'anthropic all time');
    assert.deepEqual(d.options.providers, ['anthropic', 'openai', 'vscode-lm'], 'the menus still offer every provider');
  });

  it('the chart: 30 local days ending today, one layer per priced model, the most expensive first, unknown prices left out', () => {
    const { chart } = buildReport(WEEK, DEFAULT_FILTER, NOW, NY);
    assert.equal(chart.days.length, 30);
    assert.deepEqual([chart.days[0], chart.days[29]], ['2026-11-03', '2026-12-02']);
    assert.deepEqual(chart.series.map((s) => s.model), ['anthropic/claude-sonnet-4', 'openai/gpt-4o-mini']);
    const at = (model: string, day: string) => chart.series.find((s) => s.model === model)!.costs[chart.days.indexOf(day)];
    near(at('anthropic/claude-sonnet-4', '2026-11-30'), 0.010, 'r2');
    near(at('anthropic/claude-sonnet-4', '2026-12-01'), 0.004, 'r3');
    near(at('openai/gpt-4o-mini', '2026-11-25'), 0.001, 'r5');
    near(at('openai/gpt-4o-mini', '2026-12-01'), 0.002, 'r1');
    near(at('openai/gpt-4o-mini', '2026-12-02'), 0.003, 'r0');
    near(chart.series.flatMap((s) => s.costs).reduce((a, b) => a + b, 0), 0.020, 'everything priced in the 30 days');
  });

  it('more models than colours: the cheapest are one "other models" layer; the recent list holds the newest 200', () => {
    const many = Array.from({ length: 250 }, (_, i) => rec({
      turnId: `m${i}`, model: `model-${i % 9}`, cost: (1 + (i % 9)) / 1000, time: new Date(NOW - (250 - i) * 60_000).toISOString(),
    }));
    const d = buildReport(many, DEFAULT_FILTER, NOW, NY);
    assert.equal(d.chart.series.length, CHART_SERIES + 1);
    assert.equal(d.chart.series.at(-1)!.model, OTHER_SERIES);
    assert.deepEqual(d.chart.series.slice(0, 3).map((s) => s.model), ['openai/model-8', 'openai/model-7', 'openai/model-6']);
    assert.equal(d.recent.length, RECENT_LIMIT);
    assert.equal(d.recent[0].turnId, 'm249');
    assert.equal(d.selected.requests, 250, 'totals cover all of them');
  });
});

describe('Cost report day keys (kept between reports)', () => {
  it('converts only the records appended since, and starts again when the ledger was rebuilt or cleared', () => {
    const keys = new DayKeys(NY);
    assert.deepEqual(keys.of(WEEK), dayKeysOf(WEEK, NY));
    assert.equal(keys.of(WEEK)[6], '2026-12-02', 'r0 is 2 Dec in New York though 3 Dec in UTC');
    const grown = [...WEEK, rec({ turnId: 'new', time: '2026-12-03T06:00:00Z' })];
    assert.deepEqual(keys.of(grown), dayKeysOf(grown, NY));
    const rebuilt = [grown[0], rec({ turnId: 'inserted', time: '2026-01-01T12:00:00Z' }), ...grown.slice(1, -1), grown.at(-1)!];
    assert.deepEqual(keys.of(rebuilt), dayKeysOf(rebuilt, NY), 'a record sorted into the middle: recomputed');
    assert.deepEqual(keys.of([rec({ time: '2025-01-01T12:00:00Z' })]), ['2025-01-01'], 'after Clear history');
  });
});

describe('Cost report protocol: both directions validated', () => {
  it('a real report survives validation unchanged', () => {
    const d = buildReport(WEEK, DEFAULT_FILTER, NOW, NY);
    assert.deepEqual(parseReportData(JSON.parse(JSON.stringify(d))), d);
  });

  it('drops malformed reports: a bad range, a chart layer of the wrong length, a corrupt record, a non-finite cost', () => {
    const good = () => JSON.parse(JSON.stringify(buildReport(WEEK, DEFAULT_FILTER, NOW, NY)));
    const bad: Array<(d: ReturnType<typeof good>) => void> = [
      (d) => { d.filter.range = 'year'; },
      (d) => { d.chart.series[0].costs.pop(); },
      (d) => { d.recent[0].cost = '<img src=x>'; },
      (d) => { d.selected.costUsd = -1; },
      (d) => { d.models[0].model = 42; },
      (d) => { d.options.workspaces.push('x'.repeat(301)); },
      (d) => { delete d.periods.today; },
    ];
    for (const mutate of bad) {
      const d = good();
      mutate(d);
      assert.equal(parseReportHostMessage({ type: 'report', data: d }), undefined, mutate.toString());
    }
    assert.equal(parseReportHostMessage({ type: 'notice', text: 'x'.repeat(501) }), undefined);
    assert.equal(parseReportHostMessage({ type: 'eval', text: 'x' }), undefined);
  });

  it('from the page: only known types, a valid filter, and nothing but the named fields', () => {
    assert.deepEqual(parseReportPageMessage({ type: 'export-csv', path: '/etc/passwd' }), { type: 'export-csv' });
    assert.deepEqual(parseReportPageMessage({ type: 'filter', filter: { range: '7d', provider: 'openai', workspace: null, extra: 1 } }),
      { type: 'filter', filter: { range: '7d', provider: 'openai', workspace: null } });
    for (const bad of [null, 'ready', { type: 'filter', filter: { range: 'forever', provider: null, workspace: null } },
      { type: 'filter', filter: { range: '7d', provider: 1, workspace: null } }, { type: 'delete-file' }]) {
      assert.equal(parseReportPageMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('Cost report controller (the host side, without VS Code)', () => {
  function host(records: LedgerRecord[], answers: { save?: string; confirm?: boolean } = {}) {
    const h = {
      posted: [] as ReportHostMessage[], saved: [] as Array<[string, string]>, copied: [] as string[], cleared: 0, logs: [] as string[],
    };
    const impl: ReportHost = {
      records: async () => records,
      post: (m) => h.posted.push(m),
      saveCsv: async (csv, name) => { h.saved.push([csv, name]); return answers.save; },
      copy: async (t) => void h.copied.push(t),
      confirmClear: async () => answers.confirm ?? false,
      clear: async () => { h.cleared++; records = []; },
      now: () => NOW, calendar: NY, log: (l) => h.logs.push(l),
    };
    return { h, controller: new ReportController(impl) };
  }
  const reports = (posted: ReportHostMessage[]) => posted.filter((m) => m.type === 'report');

  it('answers ready with the report, and a filter with the report for it; invalid messages are dropped and logged', async () => {
    const { h, controller } = host(WEEK);
    await controller.receive({ type: 'ready' });
    await controller.receive({ type: 'filter', filter: { range: 'all', provider: 'anthropic', workspace: null } });
    await controller.receive({ type: 'filter', filter: { range: 'all', provider: '<script>', workspace: 7 } });
    const [first, second] = reports(h.posted);
    assert.equal(first.type === 'report' && first.data.selected.requests, 6);
    assert.equal(second.type === 'report' && second.data.selected.requests, 2);
    assert.equal(reports(h.posted).length, 2);
    assert.equal(controller.dropped, 1);
  });

  it('Export CSV writes exactly the filtered requests as RFC 4180 CSV; a cancelled dialog says nothing', async () => {
    const { h, controller } = host(WEEK, { save: '/tmp/x.csv' });
    await controller.receive({ type: 'filter', filter: { range: '7d', provider: 'openai', workspace: null } });
    await controller.receive({ type: 'export-csv' });
    assert.equal(h.saved.length, 1);
    const [csv, name] = h.saved[0];
    // Times as the ledger writes them (serializeRecord: toISOString); the export writes them from the columns so.
    assert.equal(csv, toCsv(WEEK.filter((r) => ['r4', 'r1', 'r0'].includes(r.turnId)).map((r) => ({ ...r, time: new Date(r.time).toISOString() }))));
    assert.equal(name, 'stream-explain-cost-2026-12-02.csv');
    assert.deepEqual(h.posted.at(-1), { type: 'notice', text: 'Exported 3 requests to /tmp/x.csv' });
    const cancelled = host(WEEK);
    await cancelled.controller.receive({ type: 'export-csv' });
    assert.equal(cancelled.h.posted.length, 0);
  });

  it('Copy as Markdown copies the report and one row per request of the filter', async () => {
    const { h, controller } = host(WEEK);
    await controller.receive({ type: 'filter', filter: { range: 'all', provider: null, workspace: 'other' } });
    await controller.receive({ type: 'copy-markdown' });
    assert.match(h.copied[0], /^# Stream Explain — cost report/);
    assert.equal(h.copied[0].split('\n').filter((l) => /^\| \d{4}-/.test(l)).length, 1, 'one request row');
    assert.deepEqual(h.posted.at(-1), { type: 'notice', text: 'Copied 1 request as Markdown' });
  });

  it('Clear history asks first: no means nothing is deleted; yes clears and shows the empty report', async () => {
    const no = host(WEEK, { confirm: false });
    await no.controller.receive({ type: 'clear-history' });
    assert.equal(no.h.cleared, 0);
    assert.equal(no.h.posted.length, 0);
    const yes = host(WEEK, { confirm: true });
    await yes.controller.receive({ type: 'clear-history' });
    assert.equal(yes.h.cleared, 1);
    const last = yes.h.posted.at(-1)!;
    assert.equal(last.type === 'report' && last.data.periods.allTime.requests, 0);
  });
});
