/**
 * Part of npm run bench:ledger: a new window's first cost report, host side, in this fresh process (cold code, as in
 * a new extension host). Prints the milliseconds from creating the ledger cache to the serialised message.
 * Args: LEDGER_DIR SNAPSHOT_DIR NOW_MS.
 */
import { fixedOffsetCalendar } from '../src/core/ledger/calendar';
import { DayIndex } from '../src/core/ledger/columnReport';
import { LedgerCache } from '../src/core/ledger/ledgerCache';
import { nodeLedgerFs, nodeSnapshotStore } from '../src/core/ledger/nodeLedgerFs';
import { ReportController } from '../src/core/ledger/reportController';

const [dir, snapDir, nowArg] = process.argv.slice(2);
const now = Number(nowArg);
const calendar = fixedOffsetCalendar(60);

async function main(): Promise<void> {
  let message = '';
  const t = performance.now();
  const cache = new LedgerCache(dir, nodeLedgerFs, () => {}, nodeSnapshotStore(snapDir));
  const controller = new ReportController({
    records: () => cache.records(), segments: (options) => cache.segments(options), post: (m) => { message = JSON.stringify(m); },
    saveCsv: async () => undefined, copy: async () => {}, confirmClear: async () => false, clear: async () => {}, now: () => now, calendar, log: () => {},
  }, new DayIndex(calendar));
  await controller.receive({ type: 'ready' });
  const elapsed = performance.now() - t;
  if (!message.startsWith('{"type":"report"')) throw new Error('no report');
  process.stdout.write(`${elapsed}\n`);
}

void main();
