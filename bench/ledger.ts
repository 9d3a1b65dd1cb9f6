/**
 * npm run bench:ledger — what the persistent cost ledger costs: appending one record (open with O_APPEND, one write,
 * close: what every request pays; wall time and the host's CPU), the status bar and budgets after a request, and
 * reading and aggregating 100,000 records with the record-based queries; then opening the cost report on those
 * records as a user does, from the page's navigation to its first frame with the report drawn: the page loading in
 * headless Chromium (real HTML, CSP, dist/report.js), the host's ReportController building the report from the ledger
 * cache (columns per month file, snapshots kept current by the background upkeep, old months by their summaries), the
 * message, the page validating it and drawing. Cases: the first open ever (after the upkeep's one-time migration), the
 * first open in a new window (10 requests appended since the upkeep), a reopen in the same window, and, for the
 * record, an open with no snapshot at all (before any upkeep ran). Also: the upkeep's own runs, a new window's host
 * side in a fresh process (cold code), and Export CSV / Copy as Markdown before and after.
 * Figures are printed, not asserted.
 * Flags: --records 100000 --appends 2000 --no-page.
 * Its parts are in bench/ledger/: records.ts (the records, timing), reportOpen.ts and reportPage.ts (section 3),
 * exports.ts; bench/ledgerColdHost.ts is the fresh process of section 3.
 */
import { saveResult, teeConsole } from './results';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toCsv } from '../src/core/ledger/csv';
import { costReportMarkdown } from '../src/core/ledger/markdown';
import { nodeLedgerFs } from '../src/core/ledger/nodeLedgerFs';
import { dailyCostByModel, periodTotals, perModel } from '../src/core/ledger/queries';
import { serializeRecord } from '../src/core/ledger/record';
import { ledgerFileName, LedgerStore } from '../src/core/ledger/store';
import { LedgerCache } from '../src/core/ledger/ledgerCache';
import { DayIndex } from '../src/core/ledger/columnReport';
import { columnPeriodTotals } from '../src/core/ledger/columnTotals';
import { measureExports } from './ledger/exports';
import { calendar, fmt, ms, quantile, record, timed } from './ledger/records';
import { measureHostOpens, reportOpenSetup } from './ledger/reportOpen';
import { measurePageOpens } from './ledger/reportPage';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('records', 100_000);
const APPENDS = arg('appends', 2_000);

async function main(): Promise<void> {
  const printed = teeConsole();
  const figures: Record<string, unknown> = {};
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'se-bench-ledger-'));
  try {
    // 1. Appends, one at a time as the extension does them.
    const appendDir = path.join(root, 'append');
    const store = new LedgerStore(appendDir, nodeLedgerFs);
    const now = Date.now();
    await store.append(record(0, now)); // creates the directory; not timed
    const each: number[] = [];
    const t0 = performance.now();
    // The host's own CPU (main thread and libuv's file threads): what an append costs it, whatever the wait on a
    // loaded machine (the wall times above include waiting for a CPU).
    const cpu0 = process.cpuUsage();
    for (let i = 1; i <= APPENDS; i++) {
      const t = performance.now();
      await store.append(record(i, now));
      each.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    const appendCpuUs = (cpu.user + cpu.system) / APPENDS;
    const appendTotal = ms(t0);
    const lineBytes = fs.statSync(path.join(appendDir, ledgerFileName(now))).size / (APPENDS + 1);
    const serialize = (() => {
      const t = performance.now();
      for (let i = 0; i < APPENDS; i++) serializeRecord(record(i, now));
      return ms(t) / APPENDS;
    })();

    // 2. 100,000 records over the last ~4 months (written directly, in month files, as appends would have).
    const readDir = path.join(root, 'read');
    fs.mkdirSync(readDir);
    const span = 120 * 86_400_000;
    const byFile = new Map<string, string[]>();
    for (let i = 0; i < RECORDS; i++) {
      const time = now - span + Math.floor((i / RECORDS) * span);
      const name = ledgerFileName(time);
      (byFile.get(name) ?? byFile.set(name, []).get(name)!).push(serializeRecord(record(i, time)));
    }
    for (const [name, lines] of byFile) fs.writeFileSync(path.join(readDir, name), lines.join(''));
    const bytes = [...byFile.keys()].reduce((n, f) => n + fs.statSync(path.join(readDir, f)).size, 0);
    const reader = new LedgerStore(readDir, nodeLedgerFs);

    const [, readMs, read] = await timed('read', () => reader.read());
    const records = read.records;
    const rows = [
      ['read + parse + validate all', readMs],
      (await timed('periods', () => periodTotals(records, now, calendar))).slice(0, 2),
      (await timed('per model', () => perModel(records))).slice(0, 2),
      (await timed('30 days by model', () => dailyCostByModel(records, now, calendar))).slice(0, 2),
      (await timed('report', () => costReportMarkdown(records, now, calendar))).slice(0, 2),
      (await timed('csv', () => toCsv(records))).slice(0, 2),
      (await timed('status bar', async () => periodTotals((await reader.read({ from: now - 26 * 3_600_000 })).records, now, calendar).today)).slice(0, 2),
    ] as Array<[string, number]>;
    const monthRecords = byFile.get(ledgerFileName(now))?.length ?? 0;
    Object.assign(figures, { appendMs: each, appendCpuUs, serializeMs: serialize, records: records.length, bytes, readAndQueryMs: Object.fromEntries(rows) });

    console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.loadavg()[0].toFixed(1)} load), ${os.platform()}`);
    console.log('');
    console.log(`Append (open O_APPEND, one write, close), ${APPENDS} records one after another, ${lineBytes.toFixed(0)} bytes a line:`);
    console.log(`  mean ${fmt(appendTotal / APPENDS * 1000, 0)} µs   median ${fmt(quantile(each, 0.5) * 1000, 0)} µs   p99 ${fmt(quantile(each, 0.99) * 1000, 0)} µs   (serialising: ${fmt(serialize * 1000, 1)} µs)`);
    console.log(`  host CPU per append (user + system): ${appendCpuUs.toFixed(0)} µs`);
    console.log('');
    console.log(`${records.length.toLocaleString('en-US')} records in ${byFile.size} month files, ${(bytes / 1e6).toFixed(1)} MB (median of 5 runs):`);
    for (const [what, t] of rows) console.log(`  ${what.padEnd(30)} ${fmt(t)} ms`);
    console.log(`  (status bar: today's spend after a request, reading this month's file of ${monthRecords.toLocaleString('en-US')} records)`);
    if (read.skipped) console.log(`  ${read.skipped} lines skipped!`);

    // The status bar and the budgets after each request, at the end of the busiest month (its file holds the most
    // records): before, its whole file parsed each time; now (HostLedger.recentTotals) a cache of the recent months
    // that reads the one new line, then one pass over their rows.
    {
      const busiest = [...byFile.entries()].sort((a, b) => b[1].length - a[1].length)[0];
      const monthDir = path.join(root, 'month');
      fs.mkdirSync(monthDir);
      const monthFile = path.join(monthDir, busiest[0]);
      fs.writeFileSync(monthFile, busiest[1].join(''));
      const lastTime = Date.parse(JSON.parse(busiest[1][busiest[1].length - 1]).time as string);
      const monthStore = new LedgerStore(monthDir, nodeLedgerFs);
      const [, oldWay] = await timed('before', async () => periodTotals((await monthStore.read({ from: lastTime - 32 * 86_400_000 })).records, lastTime, calendar).thisMonth);
      const recent = new LedgerCache(monthDir, nodeLedgerFs, () => {}, undefined, Infinity);
      const recentDays = new DayIndex(calendar);
      await recent.segments(); // at activation
      let k = 0;
      const [, newWay] = await timed('after', async () => {
        fs.appendFileSync(monthFile, serializeRecord(record(RECORDS + 1000 + k++, lastTime)));
        const segs = await recent.segments({ since: lastTime - 32 * 86_400_000 });
        return columnPeriodTotals(segs, lastTime, recentDays).thisMonth;
      });
      console.log(`  status bar + budgets after a request, end of a ${busiest[1].length.toLocaleString('en-US')}-record month: month file parsed ${fmt(oldWay)} ms   cache of recent months ${fmt(newWay)} ms`);
      Object.assign(figures, { afterRequestMs: { records: busiest[1].length, parseMonth: oldWay, recentCache: newWay } });
    }

    // 3. Opening the cost report on them, as a user does: the page loads (its HTML, CSP, report.js), says ready,
    // the host's ReportController builds the report from the ledger cache and posts it, the page validates it, builds
    // its DOM and paints. Timed from the navigation to the first frame after the report's DOM (style and layout
    // included). Three cases: the first open ever (no snapshot: every JSON line parsed), the first open in a new
    // window (month snapshots saved by an earlier open, 10 requests appended since), and a reopen in the same window
    // (the cache reads the 10 requests appended since). Only VS Code's own creation of the webview is left out.
    const open = reportOpenSetup(readDir, now, RECORDS);
    Object.assign(figures, await measureHostOpens(open, records, readMs));

    // Export CSV and Copy as Markdown of every request, in the window whose cache holds the ledger.
    Object.assign(figures, await measureExports(open.windowCache!, now, open.nextRecord));

    if (!process.argv.includes('--no-page')) figures.reportOpenMs = await measurePageOpens(open);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const saved = saveResult('ledger', figures, printed());
  if (saved) console.log(`\nRaw figures, commit and machine: ${saved}`);
}

void main();
