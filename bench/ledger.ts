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
 */
import { saveResult, teeConsole } from './results';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixedOffsetCalendar } from '../src/core/ledger/calendar';
import { toCsv } from '../src/core/ledger/csv';
import { columnsCsv, columnsMarkdown, selectedColumns } from '../src/core/ledger/columnExport';
import { costReportMarkdown, costReportMarkdownOf, recordsMarkdown } from '../src/core/ledger/markdown';
import { nodeLedgerFs, nodeSnapshotStore } from '../src/core/ledger/nodeLedgerFs';
import { dailyCostByModel, periodTotals, perModel } from '../src/core/ledger/queries';
import { LEDGER_SCHEMA, serializeRecord, type LedgerRecord } from '../src/core/ledger/record';
import { ledgerFileName, LedgerStore } from '../src/core/ledger/store';
import { LedgerCache } from '../src/core/ledger/ledgerCache';
import { catchUpSnapshots } from '../src/core/ledger/snapshotUpkeep';
import { buildReport, DayKeys, DEFAULT_FILTER, selectRecords } from '../src/core/ledger/reportModel';
import { buildColumnReport, DayIndex } from '../src/core/ledger/columnReport';
import { columnPeriodTotals } from '../src/core/ledger/columnTotals';
import { ReportController } from '../src/core/ledger/reportController';
import { launchChromium } from '../test/webview/harness';
import { serveReportPage } from '../test/webview/reportHarness';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('records', 100_000);
const APPENDS = arg('appends', 2_000);
const calendar = fixedOffsetCalendar(60);
const MODELS = [['openai', 'gpt-6.1-terra'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-5-5'], ['anthropic', 'claude-haiku-5-5'], ['openai', 'local-llama']];

/** A realistic record: one of five models, a few thousand input tokens, some cached, now and then stopped or unpriced. */
function record(i: number, time: number): LedgerRecord {
  const [provider, model] = MODELS[i % MODELS.length];
  const input = 500 + ((i * 7919) % 6000);
  const output = 50 + ((i * 104729) % 900);
  return {
    schema: LEDGER_SCHEMA, time: new Date(time).toISOString(), workspace: `project-${i % 7}`, conversationId: `t${(i >> 3).toString(36)}`,
    turnId: `t${i.toString(36)}`, provider, model, inputTokens: input, cacheReadTokens: i % 3 ? 0 : input >> 1, cacheWriteTokens: 0,
    outputTokens: output, reasoningTokens: 0, estimated: i % 11 === 0, cost: model === 'local-llama' ? 'unknown' : (input * 2 + output * 10) / 1e6,
    ttftMs: 200 + (i % 700), durationMs: 1500 + (i % 9000), tokensPerSecond: 20 + (i % 80), finish: i % 11 === 0 ? 'stopped' : 'done',
  };
}

const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

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

    const timed = async <T>(what: string, fn: () => T | Promise<T>, runs = 5): Promise<[string, number, T]> => {
      let result!: T;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        result = await fn();
        times.push(ms(t));
      }
      return [what, quantile(times, 0.5), result];
    };
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
    const snapDir = path.join(readDir, 'ledger-snapshots');
    let nextRecord = RECORDS;
    const appendTen = () => fs.appendFileSync(path.join(readDir, ledgerFileName(now)),
      Array.from({ length: 10 }, () => serializeRecord(record(nextRecord++, now))).join(''));
    const newCache = () => new LedgerCache(readDir, nodeLedgerFs, () => {}, nodeSnapshotStore(snapDir));
    // The snapshot upkeep as the extension runs it in the background (snapshotUpkeep.ts): the one-time migration of
    // a ledger that has no snapshot, and the catch-up after a burst of requests (here 10) in the month being written.
    const upkeepRun = async (verify = false) => {
      const t = performance.now();
      await catchUpSnapshots(readDir, nodeLedgerFs, nodeSnapshotStore(snapDir), { verify });
      return ms(t);
    };
    const upkeepFigures = { migrationMs: [] as number[], afterTenMs: [] as number[], verifyMs: [] as number[] };
    // One per window, as ReportPanel keeps it.
    const dayIndexOf = new Map<LedgerCache, DayIndex>();
    /** The host's side of an open, split: the ledger cache (snapshots read and decoded, new lines parsed), building and validating the report, serialising the message. */
    const hostOnly = async (cache: LedgerCache) => {
      const days = dayIndexOf.get(cache) ?? dayIndexOf.set(cache, new DayIndex(calendar)).get(cache)!;
      let cacheMs = 0;
      let serialiseMs = 0;
      let message = '';
      const controller = new ReportController({
        records: () => cache.records(),
        segments: async (options) => {
          const t = performance.now();
          const segs = await cache.segments(options);
          cacheMs += ms(t);
          return segs;
        },
        post: (m) => {
          const t = performance.now();
          message = JSON.stringify(m); // what VS Code's postMessage does with it
          serialiseMs += ms(t);
        },
        saveCsv: async () => undefined, copy: async () => {}, confirmClear: async () => false, clear: async () => {}, now: () => now, calendar, log: () => {},
      }, days);
      const t = performance.now();
      await controller.receive({ type: 'ready' });
      const total = ms(t);
      return { ms: total, message, cacheMs, serialiseMs, buildMs: total - cacheMs - serialiseMs };
    };
    let windowCache: LedgerCache | undefined;
    const cases: Array<[string, string, () => Promise<LedgerCache>]> = [
      ['first open ever (the upkeep migrated the ledger before)', 'firstEver', async () => {
        fs.rmSync(snapDir, { recursive: true, force: true });
        upkeepFigures.migrationMs.push(await upkeepRun());
        return newCache();
      }],
      ['first open in a new window (snapshots + 10 new lines)', 'newWindow', async () => {
        appendTen();
        return newCache();
      }],
      ['reopen in the same window (10 new lines)', 'sameWindow', async () => {
        appendTen();
        return windowCache!;
      }],
      ['no snapshot at all (opened before any upkeep ran)', 'noSnapshot', async () => {
        fs.rmSync(snapDir, { recursive: true, force: true });
        return newCache();
      }],
    ];
    const median = (xs: number[]) => quantile(xs, 0.5);

    // Host side alone first (no browser), five runs of each case.
    const hostFigures: Record<string, Array<{ ms: number; cacheMs: number; buildMs: number; serialiseMs: number }>> = {};
    let messageBytes = 0;
    for (const [, key, make] of cases) {
      hostFigures[key] = [];
      for (let i = 0; i < 5; i++) {
        const cache = await make();
        const { message, ...split } = await hostOnly(cache);
        await cache.saved();
        if (key === 'firstEver') windowCache = cache;
        hostFigures[key].push(split);
        messageBytes = message.length;
      }
    }
    // The upkeep after a burst of 10 requests, and the first upkeep of a window (every snapshot read whole and checked).
    for (let i = 0; i < 5; i++) {
      await upkeepRun(); // brings it current first
      appendTen();
      upkeepFigures.afterTenMs.push(await upkeepRun());
      upkeepFigures.verifyMs.push(await upkeepRun(true));
    }
    // A new window is a new extension host: its first report runs cold code (no JIT warm-up). Measured in fresh
    // processes, from the cache's creation to the serialised message (loading the modules not counted).
    await upkeepRun();
    appendTen();
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'ledgerColdHost.ts'), readDir, snapDir, String(now)], { encoding: 'utf8' });
      cold.push(Number(out.trim()));
    }

    const split = (key: string) => {
      const f = hostFigures[key];
      return `(cache ${median(f.map((x) => x.cacheMs)).toFixed(1)}, report + validate ${median(f.map((x) => x.buildMs)).toFixed(1)}, serialise ${median(f.map((x) => x.serialiseMs)).toFixed(1)})`;
    };
    console.log('');
    console.log(`Opening the cost report on ${nextRecord.toLocaleString('en-US')} records (default filter: last 30 days; message ${(messageBytes / 1024).toFixed(0)} KB), median of 5:`);
    console.log('  host only (ledger cache, report, message):');
    for (const [what, key] of cases) console.log(`    ${what.padEnd(58)} ${fmt(median(hostFigures[key].map((x) => x.ms)))} ms   ${split(key)}`);
    console.log(`    first open in a new window, in a fresh process (cold code)  ${fmt(median(cold))} ms`);
    console.log('  the snapshot upkeep, in the background (never on the open path):');
    console.log(`    one-time migration of a ledger with no snapshot            ${fmt(median(upkeepFigures.migrationMs))} ms`);
    console.log(`    catch-up after 10 requests (this month's snapshot rewritten) ${fmt(median(upkeepFigures.afterTenMs))} ms`);
    console.log(`    a window's first upkeep (every snapshot read and checked)    ${fmt(median(upkeepFigures.verifyMs))} ms`);
    // Side by side in the same run (same load): the report as it was built before, from record objects.
    const keptDays = new DayKeys(calendar);
    keptDays.of(records);
    const [, beforeWarm] = await timed('before, warm', () => JSON.stringify(buildReport(records, DEFAULT_FILTER, now, calendar, keptDays.of(records))));
    const [, beforeReport] = await timed('before, cold', () => JSON.stringify(buildReport(records, DEFAULT_FILTER, now, calendar)));
    console.log('  the same from record objects (the first implementation; the records already parsed):');
    console.log(`    read + parse (above) + report ${fmt(beforeReport).trim()} ms = ${fmt(readMs + beforeReport)} ms;  with the day keys kept: ${fmt(beforeWarm).trim()} ms`);
    Object.assign(figures, {
      reportHostMs: hostFigures, reportHostColdProcessMs: cold, upkeepMs: upkeepFigures, reportMessageBytes: messageBytes,
      beforeReportColdMs: readMs + beforeReport, beforeReportWarmMs: beforeWarm,
    });

    // Export CSV and Copy as Markdown of every request (filter: all time), as the controller runs them, in a window
    // whose cache holds the ledger: before, a record object per request then toCsv / the Markdown functions; now,
    // from the columns (columnExport.ts). The outputs are compared, byte for byte.
    {
      const all = { range: 'all', provider: null, workspace: null } as const;
      const exportCache = windowCache!;
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
      console.log(`  Export CSV / Copy as Markdown of all ${nextRecord.toLocaleString('en-US')} requests (${(csvNew.length / 1e6).toFixed(1)} MB / ${(mdNew.length / 1e6).toFixed(1)} MB, identical output):`);
      console.log(`    CSV:      from record objects ${fmt(csvBefore)} ms   from the columns ${fmt(csvAfter)} ms`);
      console.log(`    Markdown: from record objects ${fmt(mdBefore)} ms   from the columns ${fmt(mdAfter)} ms`);
      Object.assign(figures, { exportMs: { csvBefore, csvAfter, markdownBefore: mdBefore, markdownAfter: mdAfter } });
    }

    if (!process.argv.includes('--no-page')) {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
        const url = await serveReportPage(page);
        await page.goto(url); // the first load pays Chromium's own warm-up; not timed
        type Open = { total: number; load: number; host: number; page: number; validate: number; draw: number };
        const openFigures: Record<string, Open[]> = {};
        for (const [, key, make] of cases) {
          openFigures[key] = [];
          for (let i = 0; i < 5; i++) {
            const cache = await make();
            const t0 = performance.now();
            await page.goto(url); // HTML, CSP, report.js: the page runs and posts 'ready'
            const sent = await page.evaluate('window.__sent.length') as number;
            if (!sent) throw new Error('the report page did not say ready');
            const t1 = performance.now();
            const { message } = await hostOnly(cache);
            const t2 = performance.now();
            // Delivered as VS Code delivers it; resolved on the first frame after the page handled it.
            await page.evaluate(`new Promise((resolve) => {
              const n = window.__handled;
              window.postMessage(${message}, '*');
              const poll = () => window.__handled > n ? requestAnimationFrame(() => setTimeout(resolve, 0)) : setTimeout(poll, 0);
              poll();
            })`);
            const t3 = performance.now();
            if (!(await page.evaluate('document.body.dataset.ready === "true" && document.querySelectorAll("table.recent tbody tr").length > 0'))) throw new Error('the report did not render');
            const marks = await page.evaluate(`Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name, m.duration]))`) as Record<string, number>;
            await cache.saved();
            if (key === 'firstEver') windowCache = cache;
            openFigures[key].push({ total: t3 - t0, load: t1 - t0, host: t2 - t1, page: t3 - t2, validate: marks['report:validate'] ?? NaN, draw: marks['report:draw'] ?? NaN });
          }
        }
        const med = (key: string, f: keyof Open) => median(openFigures[key].map((x) => x[f]));
        console.log('  open to first paint in headless Chromium (page load + host + page: validate, draw, then layout and paint):');
        for (const [what, key] of cases) {
          console.log(`    ${what.padEnd(58)} ${fmt(med(key, 'total'))} ms   (load ${med(key, 'load').toFixed(0)}, host ${med(key, 'host').toFixed(0)}, page ${med(key, 'page').toFixed(0)}: validate ${med(key, 'validate').toFixed(1)}, draw ${med(key, 'draw').toFixed(1)})`);
        }
        figures.reportOpenMs = openFigures;
      } finally {
        await browser.close();
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const saved = saveResult('ledger', figures, printed());
  if (saved) console.log(`\nRaw figures, commit and machine: ${saved}`);
}

void main();
