/**
 * Part of npm run bench:ledger, section 3: opening the cost report on the ledger of section 2. The cases (first open
 * ever, first open in a new window, reopen, no snapshot) and the snapshot upkeep they rely on, kept in one place
 * because the host-only runs, the headless-Chromium runs and the exports all share their state (the records appended
 * so far, the window's cache); then the host side alone, the upkeep's own runs and a new window in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeLedgerFs, nodeSnapshotStore } from '../../src/core/ledger/nodeLedgerFs';
import { serializeRecord, type LedgerRecord } from '../../src/core/ledger/record';
import { ledgerFileName } from '../../src/core/ledger/store';
import { LedgerCache } from '../../src/core/ledger/ledgerCache';
import { catchUpSnapshots } from '../../src/core/ledger/snapshotUpkeep';
import { buildReport, DayKeys, DEFAULT_FILTER } from '../../src/core/ledger/reportModel';
import { DayIndex } from '../../src/core/ledger/columnReport';
import { ReportController } from '../../src/core/ledger/reportController';
import { calendar, fmt, median, ms, record, timed } from './records';

/**
 * The cases of an open on the ledger in `readDir` (its records written at `now`, numbered up to `firstRecord`), the
 * host's side of an open, and the upkeep. The records appended since and the window's cache are read and set through
 * the returned object, as every part of section 3 moves them on.
 */
export function reportOpenSetup(readDir: string, now: number, firstRecord: number) {
  const snapDir = path.join(readDir, 'ledger-snapshots');
  let nextRecord = firstRecord;
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
  return {
    readDir, snapDir, now, appendTen, upkeepRun, upkeepFigures, hostOnly, cases,
    get nextRecord() { return nextRecord; },
    get windowCache() { return windowCache; },
    set windowCache(cache: LedgerCache | undefined) { windowCache = cache; },
  };
}

export type ReportOpenSetup = ReturnType<typeof reportOpenSetup>;

/**
 * The host side alone (no browser), five runs of each case; the upkeep's own runs; a new window's host side in fresh
 * processes; and, side by side, the report built from record objects as before (`records` and `readMs`: section 2's
 * read). Prints its lines; returns its figures.
 */
export async function measureHostOpens(open: ReportOpenSetup, records: LedgerRecord[], readMs: number): Promise<Record<string, unknown>> {
  const { readDir, snapDir, now, appendTen, upkeepRun, upkeepFigures, hostOnly, cases } = open;
  // Host side alone first (no browser), five runs of each case.
  const hostFigures: Record<string, Array<{ ms: number; cacheMs: number; buildMs: number; serialiseMs: number }>> = {};
  let messageBytes = 0;
  for (const [, key, make] of cases) {
    hostFigures[key] = [];
    for (let i = 0; i < 5; i++) {
      const cache = await make();
      const { message, ...split } = await hostOnly(cache);
      await cache.saved();
      if (key === 'firstEver') open.windowCache = cache;
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
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'ledgerColdHost.ts'), readDir, snapDir, String(now)], { encoding: 'utf8' });
    cold.push(Number(out.trim()));
  }

  const split = (key: string) => {
    const f = hostFigures[key];
    return `(cache ${median(f.map((x) => x.cacheMs)).toFixed(1)}, report + validate ${median(f.map((x) => x.buildMs)).toFixed(1)}, serialise ${median(f.map((x) => x.serialiseMs)).toFixed(1)})`;
  };
  console.log('');
  console.log(`Opening the cost report on ${open.nextRecord.toLocaleString('en-US')} records (default filter: last 30 days; message ${(messageBytes / 1024).toFixed(0)} KB), median of 5:`);
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
  return {
    reportHostMs: hostFigures, reportHostColdProcessMs: cold, upkeepMs: upkeepFigures, reportMessageBytes: messageBytes,
    beforeReportColdMs: readMs + beforeReport, beforeReportWarmMs: beforeWarm,
  };
}
