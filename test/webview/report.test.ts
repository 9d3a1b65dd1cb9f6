import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { shiftDay } from '../../src/core/ledger/calendar';
import { toCsv } from '../../src/core/ledger/csv';
import { dailyCostByModel, periodTotals, perModel } from '../../src/core/ledger/queries';
import { niceMax } from '../../src/webview/report/chart';
import { costText, RECENT_PAGE } from '../../src/webview/report/tables';
import { launchChromium } from './harness';
import { ReportPage } from './reportHarness';
import { CALENDAR, CSV_MODEL, NOW, ninetyDays, TODAY, XSS_MODEL } from './reportLedger';

const LEDGER = ninetyDays();
/** The default range: the last 30 local days, today included. */
const last30 = LEDGER.filter((r) => r.time.slice(0, 10) >= shiftDay(TODAY, -29));

describe('Cost report page (real webview HTML and CSP, real controller, generated 90-day ledger)', () => {
  let browser: Browser;
  let report: ReportPage;
  before(async () => { browser = await launchChromium(); });
  after(async () => { await browser?.close(); });
  beforeEach(async () => { report = await ReportPage.open(browser, { records: [...LEDGER], now: NOW, calendar: CALENDAR, savePath: '/home/me/cost.csv' }); });
  afterEach(async () => {
    assert.deepEqual(report.pageErrors, [], 'no uncaught errors in the page');
    assert.deepEqual(await report.violations(), [], 'no CSP violations');
    await report.close();
  });

  it('shows totals for today, the last 7 days, this month and all time', async () => {
    const p = periodTotals(LEDGER, NOW, CALENDAR);
    assert.deepEqual([p.today.requests, p.allTime.requests], [2, LEDGER.length], 'day 89 has 1 + 89 % 4 requests');
    const cards = await report.eval<Array<{ period: string; cost: string; detail: string }>>(
      `[...document.querySelectorAll('.card')].map((c) => ({ period: c.dataset.period, cost: c.querySelector('.card-cost').textContent, detail: c.querySelector('.card-detail').textContent }))`);
    const expected = [['today', p.today], ['week', p.last7Days], ['month', p.thisMonth], ['all', p.allTime]] as const;
    assert.deepEqual(cards.map((c) => [c.period, c.cost]), expected.map(([k, t]) => [k, costText(t)]));
    assert.ok(cards[3].detail.startsWith(`${LEDGER.length} requests · `), cards[3].detail);
    assert.match(cards[3].cost, /^\$[\d.]+\*$/, 'all time includes estimated tokens: starred');
  });

  it('draws the last 30 days\' cost stacked by model, each bar as tall as its cost, in the theme\'s chart colours', async () => {
    const days = dailyCostByModel(last30, NOW, CALENDAR, 30);
    const bars = await report.eval<Array<{ day: string; model: string; h: number; fill: string }>>(
      `[...document.querySelectorAll('svg.chart rect.bar')].map((r) => ({ day: r.dataset.day, model: r.dataset.model, h: Number(r.getAttribute('height')), fill: getComputedStyle(r).fill }))`);
    const expectedBars = days.flatMap((d) => Object.entries(d.byModel).filter(([, c]) => c > 0).map(([m]) => `${d.day} ${m}`));
    assert.deepEqual(bars.map((b) => `${b.day} ${b.model}`).sort(), expectedBars.sort(), 'one segment per day and priced model');
    assert.ok(!bars.some((b) => b.model === 'openai/my-local'), 'unpriced requests add no bar');
    const top = niceMax(Math.max(...days.map((d) => d.costUsd)));
    const innerHeight = 220 - 8 - 24;
    for (const d of days) {
      const h = bars.filter((b) => b.day === d.day).reduce((s, b) => s + b.h, 0);
      assert.ok(Math.abs(h - (d.costUsd / top) * innerHeight) < 0.05, `${d.day}: ${h} px for ${d.costUsd}`);
    }
    const byModel = new Map<string, number>();
    for (const d of days) for (const [m, c] of Object.entries(d.byModel)) byModel.set(m, (byModel.get(m) ?? 0) + c);
    const ranked = [...byModel].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]).map(([m]) => m);
    assert.deepEqual(await report.texts('.legend-name'), ranked, 'the legend, most expensive first');
    assert.ok(bars.filter((b) => b.model === ranked[0]).every((b) => b.fill === 'rgb(55, 148, 255)'), 'the most expensive model is --vscode-charts-blue');
    assert.ok(bars.filter((b) => b.model === ranked[1]).every((b) => b.fill === 'rgb(209, 134, 22)'), 'the next --vscode-charts-orange');
  });

  it('has a row per model with its requests and cost; unknown prices are counted apart and named', async () => {
    const rows = await report.eval<string[][]>(`[...document.querySelectorAll('table.models tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent))`);
    const expected = perModel(last30);
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[2], r[8]]), expected.map((m) => [m.provider, m.model, String(m.requests), costText(m)]));
    assert.equal(rows.find((r) => r[1] === 'my-local')![8], 'price unknown');
    const note = (await report.texts('.unknown-note'))[0];
    const unknown = last30.filter((r) => r.cost === 'unknown').length;
    assert.match(note, new RegExp(`^Price unknown for ${unknown} requests, not included in the costs: openai/my-local\\.`));
  });

  it('recent requests are newest first, sort by a column on click and reverse on a second click; estimated ones are starred', async () => {
    assert.ok(last30.length > RECENT_PAGE, 'more requests than the first page');
    assert.equal((await report.texts('table.recent tbody tr')).length, RECENT_PAGE, 'the first page only, at first');
    await report.showAllRecent();
    const times = await report.texts('table.recent tbody tr td:first-child');
    assert.equal(times.length, last30.length);
    assert.deepEqual([...times].sort().reverse(), times, 'newest first');
    const costs = async () => report.eval<number[]>(`[...document.querySelectorAll('table.recent tbody tr')].map((tr) => tr.cells[7].textContent).filter((t) => t.startsWith('$')).map((t) => Number(t.replace(/[$*]/g, '')))`);
    await report.click('button[data-sort="cost"]');
    assert.equal(await report.eval(`document.querySelector('button[data-sort="cost"]').parentElement.getAttribute('aria-sort')`), 'descending');
    const down = await costs();
    assert.deepEqual(down, [...down].sort((a, b) => b - a));
    await report.click('button[data-sort="cost"]');
    const up = await costs();
    assert.deepEqual(up, [...up].sort((a, b) => a - b));
    assert.notDeepEqual(up, down);
    const estimated = last30.filter((r) => r.estimated);
    const starred = await report.eval<string[]>(`[...document.querySelectorAll('table.recent tbody tr')].filter((tr) => tr.cells[4].classList.contains('estimated') && tr.cells[4].textContent.endsWith('*')).map((tr) => tr.dataset.turn)`);
    assert.deepEqual(starred.sort(), estimated.map((r) => r.turnId).sort());
  });

  it('draws 50 recent requests at first and 50 more per "Show more"; a sort orders every request received, not only those drawn', async () => {
    await report.choose('range', 'all');
    const rows = () => report.eval<string[]>(`[...document.querySelectorAll('table.recent tbody tr')].map((tr) => tr.dataset.turn)`);
    assert.equal((await rows()).length, RECENT_PAGE);
    const newest200 = LEDGER.slice(-200).reverse();
    assert.deepEqual(await rows(), newest200.slice(0, RECENT_PAGE).map((r) => r.turnId));
    await report.click('[data-role=show-more]');
    assert.deepEqual(await rows(), newest200.slice(0, 2 * RECENT_PAGE).map((r) => r.turnId), 'the next 50, in order');
    await report.click('button[data-sort="input"]'); // ascending on a first click
    const byInput = [...newest200].sort((a, b) => a.inputTokens - b.inputTokens);
    assert.equal((await rows())[0], byInput[0].turnId, 'the smallest of all 200, which was not drawn before the sort');
    assert.equal((await rows()).length, 2 * RECENT_PAGE, 'a sort keeps what is drawn');
  });

  it('filters by provider, workspace and range through the host', async () => {
    await report.choose('provider', 'anthropic');
    const models = await report.texts('table.recent tbody td.model');
    assert.ok(models.length > 0 && models.every((m) => m.startsWith('anthropic/')), models.join('; '));
    const allAnthropic = LEDGER.filter((r) => r.provider === 'anthropic');
    assert.ok((await report.texts('.card[data-period="all"] .card-detail'))[0].startsWith(`${allAnthropic.length} requests`));
    await report.choose('workspace', 'api');
    await report.choose('range', 'all');
    await report.showAllRecent();
    const expected = LEDGER.filter((r) => r.provider === 'anthropic' && r.workspace === 'api');
    assert.equal((await report.texts('table.recent tbody tr')).length, Math.min(200, expected.length));
    assert.equal(await report.eval(`document.querySelector('select[data-filter="range"]').value`), 'all');
  });

  it('model names that are markup stay text: nothing runs, nothing loads, nothing is added', async () => {
    assert.equal(await report.eval('window.__xss'), undefined);
    assert.equal(await report.eval(`document.querySelectorAll('img, script:not([nonce])').length`), 0);
    const legend = await report.texts('.legend-name');
    assert.ok(legend.includes(`openai/${XSS_MODEL}`) && legend.includes(`anthropic/${CSV_MODEL}`), legend.join('; '));
    assert.ok((await report.texts('table.models td.model')).includes(XSS_MODEL));
    await report.choose('provider', 'openai');
    await report.choose('range', 'all');
    assert.equal(await report.eval('window.__xss'), undefined);
  });

  it('Export CSV saves every request of the filter as RFC 4180 CSV, names quoted', async () => {
    await report.click('button[data-action="export-csv"]');
    assert.equal(report.saved.length, 1);
    assert.equal(report.saved[0].csv, toCsv(last30));
    assert.equal(report.saved[0].name, `stream-explain-cost-${TODAY}.csv`);
    assert.ok(report.saved[0].csv.includes(',"evil, ""quoted"" <script>window.__xss=2</script>",'));
    assert.equal(report.saved[0].csv.split('\r\n').length, last30.length + 2, 'header, rows, final CRLF');
    assert.deepEqual(await report.texts('.notice'), [`Exported ${last30.length} requests to /home/me/cost.csv`]);
  });

  it('Copy as Markdown copies the filtered report; Clear history asks first and clears only on yes', async () => {
    await report.click('button[data-action="copy-markdown"]');
    assert.match(report.copied[0], /^# Stream Explain — cost report/);
    assert.ok(report.copied[0].includes('\\<img src=x onerror="window.\\_\\_xss=1"\\>'), 'names escaped in the Markdown');
    report.host.confirmClear = false;
    await report.click('button[data-action="clear-history"]');
    assert.equal(report.host.records.length, LEDGER.length);
    report.host.confirmClear = true;
    await report.click('button[data-action="clear-history"]');
    assert.equal(report.host.records.length, 0);
    assert.deepEqual(await report.texts('.card-detail'), Array(4).fill('0 requests · 0 in / 0 out tokens'));
    assert.deepEqual(await report.texts('.notice'), ['Cost history cleared']);
  });

  it('drops a report from the host that does not validate', async () => {
    const before = await report.texts('.card-cost');
    const bad = JSON.parse(JSON.stringify(report.posted.find((m) => m.type === 'report')));
    bad.data.periods.allTime.costUsd = 'lots';
    bad.data.recent[0].model = { toString: 'x' };
    await report.deliver(bad, { type: 'notice', text: 42 });
    assert.deepEqual(await report.texts('.card-cost'), before);
    assert.deepEqual(await report.texts('.notice'), ['']);
  });
});
