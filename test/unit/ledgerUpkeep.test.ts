import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LedgerCache, snapshotName } from '../../src/core/ledger/ledgerCache';
import { nodeLedgerFs, nodeSnapshotStore } from '../../src/core/ledger/nodeLedgerFs';
import { serializeRecord, type LedgerRecord } from '../../src/core/ledger/record';
import { catchUpSnapshots } from '../../src/core/ledger/snapshotUpkeep';
import { fixedOffsetCalendar } from '../../src/core/ledger/calendar';
import { DayIndex } from '../../src/core/ledger/columnReport';
import { ReportController } from '../../src/core/ledger/reportController';
import type { ReportData, ReportFilter } from '../../src/core/ledger/reportModel';
import { rec, countingLedgerFs } from './ledgerFixtures';

const NOV = 'ledger-2026-11.jsonl';
const DEC = 'ledger-2026-12.jsonl';
const at = (month: number, i: number) => new Date(Date.UTC(2026, month, 1) + i * 60_000).toISOString();
const many = (n: number, month = 10, from = 0, tag = 'r'): LedgerRecord[] =>
  Array.from({ length: n }, (_, k) => rec({ turnId: `${tag}${from + k}`, time: at(month, from + k), cost: (from + k) / 1e6, model: k % 2 ? 'gpt-4o-mini' : 'claude, "sonnet"' }));

describe('Cost ledger snapshot upkeep: kept current off the user\'s path, so no report open parses the whole ledger', () => {
  let dir: string;
  let snapDir: string;
  /** Bytes of month files the report's cache read as JSON lines (from which offset). */
  const reads: Array<{ file: string; offset: number }> = [];
  const counting = countingLedgerFs(reads);
  const upkeep = (verify = false) => catchUpSnapshots(dir, nodeLedgerFs, nodeSnapshotStore(snapDir), { verify });
  const newWindow = () => new LedgerCache(dir, counting, () => {}, nodeSnapshotStore(snapDir));
  const write = (name: string, records: LedgerRecord[]) => fs.appendFileSync(path.join(dir, name), records.map(serializeRecord).join(''));
  const turnIds = async (cache: LedgerCache) => (await cache.records()).map((r) => r.turnId);
  const snapFile = (name: string) => path.join(snapDir, snapshotName(name));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-ledger-upkeep-'));
    snapDir = path.join(dir, 'ledger-snapshots');
    reads.splice(0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrates a ledger with no snapshot (every month), after which a new window\'s report reads no JSON line', async () => {
    write(NOV, many(300));
    write(DEC, many(20, 11));
    assert.deepEqual(await upkeep(), { written: [NOV, DEC], current: [] });
    const cache = newWindow();
    assert.deepEqual(await cache.records(), [...many(300), ...many(20, 11)], 'field for field');
    assert.deepEqual(reads, [], 'nothing parsed: both months came from their snapshots');
    assert.deepEqual(await upkeep(), { written: [], current: [NOV, DEC] }, 'a second upkeep finds both current and writes nothing');
  });

  it('a snapshot behind its month file (another window appended since) catches up, reading only the new lines', async () => {
    write(NOV, many(200));
    await upkeep();
    write(NOV, many(5, 10, 200));
    assert.deepEqual(await upkeep(), { written: [NOV], current: [] });
    const cache = newWindow();
    assert.deepEqual(await turnIds(cache), many(205).map((r) => r.turnId));
    assert.deepEqual(reads, []);
  });

  it('month roll-over: the new month gets its own snapshot; the finished month is left alone', async () => {
    write(NOV, many(50));
    await upkeep();
    const novSnapshot = fs.statSync(snapFile(NOV)).mtimeMs;
    write(DEC, many(3, 11));
    assert.deepEqual(await upkeep(), { written: [DEC], current: [NOV] });
    assert.equal(fs.statSync(snapFile(NOV)).mtimeMs, novSnapshot, 'November\'s snapshot was not rewritten');
    assert.deepEqual(await turnIds(newWindow()), [...many(50), ...many(3, 11)].map((r) => r.turnId));
    assert.deepEqual(reads, []);
  });

  it('a torn last line (a crash mid-write) is left uncovered; the record glued after it later is kept, the torn bytes skipped', async () => {
    write(NOV, many(10));
    fs.appendFileSync(path.join(dir, NOV), serializeRecord(many(1, 10, 10)[0]).slice(0, 40)); // cut short, no "\n"
    await upkeep();
    assert.deepEqual(await turnIds(newWindow()), many(10).map((r) => r.turnId), 'the torn record is not there');
    write(NOV, many(1, 10, 11)); // the next append lands right after the torn bytes, on the same line
    await upkeep();
    reads.splice(0);
    const cache = newWindow();
    assert.deepEqual(await turnIds(cache), [...many(10), ...many(1, 10, 11)].map((r) => r.turnId));
    assert.deepEqual(reads, [], 'the glued line was taken into the snapshot');
  });

  it('a corrupt snapshot never hides a record, and the first upkeep of a window (verify) rebuilds it from the month file', async () => {
    write(NOV, many(100));
    await upkeep();
    const file = snapFile(NOV);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 500] ^= 0xff; // one flipped byte in the columns; the header still looks current
    fs.writeFileSync(file, bytes);
    assert.deepEqual(await newWindow().records(), many(100), 'read from the month file instead, every record exact');
    assert.deepEqual(await upkeep(), { written: [], current: [NOV] }, 'the header-only check cannot see it');
    assert.deepEqual(await upkeep(true), { written: [NOV], current: [] }, 'verify reads it whole and rebuilds it');
    reads.splice(0);
    assert.deepEqual(await newWindow().records(), many(100));
    assert.deepEqual(reads, [], 'the rebuilt snapshot is sound');
  });

  it('a torn snapshot (cut short) is seen as behind by the header check and rebuilt', async () => {
    write(NOV, many(100));
    await upkeep();
    const file = snapFile(NOV);
    fs.truncateSync(file, fs.statSync(file).size - 7);
    assert.deepEqual(await newWindow().records(), many(100));
    assert.deepEqual(await upkeep(), { written: [NOV], current: [] });
    reads.splice(0);
    assert.deepEqual(await newWindow().records(), many(100));
    assert.deepEqual(reads, []);
  });

  it('two looks at once (the status bar and the budget after a request) read the new lines once, not twice', async () => {
    write(NOV, many(20));
    const cache = newWindow();
    await cache.segments();
    write(NOV, many(5, 10, 20));
    const [a, b] = await Promise.all([cache.segments(), cache.segments()]);
    assert.equal(a[0].length, 25);
    assert.equal(b[0], a[0]);
    assert.deepEqual(await turnIds(cache), many(25).map((r) => r.turnId));
  });

  it('since: month files that end before it are not read at all', async () => {
    write('ledger-2026-09.jsonl', many(5, 8));
    write(NOV, many(5));
    write(DEC, many(5, 11));
    const cache = newWindow();
    const segs = await cache.segments({ since: Date.UTC(2026, 10, 20) });
    assert.deepEqual(segs.map((c) => c.get(0).time.slice(0, 7)), ['2026-11', '2026-12']);
    assert.deepEqual(reads.map((r) => r.file), [NOV, DEC]);
  });

  it('two processes appending 1,000 records each at once, with upkeeps running meanwhile: all 2,000 are in the next report', async function () {
    this.timeout(60_000);
    write(NOV, many(1));
    await upkeep();
    const worker = path.join(__dirname, 'ledgerAppendWorker.ts');
    const children = ['alpha', 'beta'].map((name) => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker, dir, name, '1000'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { child, ready, exited };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.end('go\n');
    const done = Promise.all(children.map((c) => c.exited));
    let running = true;
    void done.then(() => { running = false; });
    let upkeeps = 0;
    while (running) { // snapshots taken while both write: each covers a prefix of whole lines
      await upkeep();
      upkeeps++;
    }
    assert.deepEqual(await done, [0, 0]);
    await upkeep();
    reads.splice(0);
    const ids = await turnIds(newWindow());
    assert.equal(ids.length, 2001, `all records after ${upkeeps} upkeeps during the appends`);
    for (const name of ['alpha', 'beta']) {
      assert.deepEqual(ids.filter((id) => id.startsWith(name)).sort(), Array.from({ length: 1000 }, (_, i) => `${name}-${i}`).sort());
    }
    assert.deepEqual(reads, [], 'the last upkeep covered every line');
  });
});

describe('A report of the last 30 days reads old months\' summaries, not their columns', () => {
  let dir: string;
  let snapDir: string;
  const fullReads: string[] = [];
  const store = () => {
    const s = nodeSnapshotStore(snapDir);
    return { ...s, read: async (f: string) => { fullReads.push(path.basename(f)); return s.read(f); } };
  };
  const write = (name: string, records: LedgerRecord[]) => fs.appendFileSync(path.join(dir, name), records.map(serializeRecord).join(''));
  const NOW = Date.parse('2026-12-01T12:00:00Z');
  const DAYS = new DayIndex(fixedOffsetCalendar(0));
  const report = (cache: LedgerCache, range: ReportFilter['range']) => new Promise<ReportData>((resolve, reject) => {
    const controller = new ReportController({
      records: () => cache.records(), segments: (o) => cache.segments(o), post: (m) => m.type === 'report' && resolve(m.data),
      saveCsv: async () => undefined, copy: async () => {}, confirmClear: async () => false, clear: async () => {}, now: () => NOW, calendar: fixedOffsetCalendar(0), log: () => {},
    }, DAYS);
    controller.receive({ type: 'filter', filter: { range, provider: null, workspace: null } }).catch(reject);
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-ledger-summary-'));
    snapDir = path.join(dir, 'ledger-snapshots');
    fullReads.splice(0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('October and September come from their headers; all time, and a month that grew since its snapshot, from rows', async () => {
    write('ledger-2026-09.jsonl', many(40, 8));
    write('ledger-2026-10.jsonl', many(40, 9));
    write(NOV, many(40, 10));
    write(DEC, many(40, 11));
    await catchUpSnapshots(dir, nodeLedgerFs, nodeSnapshotStore(snapDir));
    const cache = new LedgerCache(dir, nodeLedgerFs, () => {}, store());
    const recent = await report(cache, '30d');
    assert.deepEqual(fullReads, [snapshotName(NOV), snapshotName(DEC)], 'September and October: header only');
    assert.equal(recent.periods.allTime.requests, 160);
    const all = await report(cache, 'all');
    assert.deepEqual(fullReads.slice(2), [snapshotName('ledger-2026-09.jsonl'), snapshotName('ledger-2026-10.jsonl')], 'all time reads their rows');
    assert.equal(all.periods.allTime.requests, 160);
    assert.deepEqual(all.periods.allTime, recent.periods.allTime, 'the same totals either way');

    write('ledger-2026-10.jsonl', many(1, 9, 40)); // a late line in an old month: its snapshot no longer covers it
    fullReads.splice(0);
    const fresh = new LedgerCache(dir, nodeLedgerFs, () => {}, store());
    assert.equal((await report(fresh, '30d')).periods.allTime.requests, 161);
    assert.deepEqual(fullReads, [snapshotName('ledger-2026-10.jsonl'), snapshotName(NOV), snapshotName(DEC)]);
  });
});
