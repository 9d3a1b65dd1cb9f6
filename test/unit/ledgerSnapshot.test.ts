import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LedgerColumns } from '../../src/core/ledger/columns';
import { clearLedger, LedgerCache, SNAPSHOT_EVERY, snapshotName } from '../../src/core/ledger/ledgerCache';
import { decodeSnapshot, encodeSnapshot } from '../../src/core/ledger/ledgerSnapshot';
import { nodeLedgerFs, nodeSnapshotStore } from '../../src/core/ledger/nodeLedgerFs';
import { serializeRecord, type LedgerRecord } from '../../src/core/ledger/record';
import { parseLedgerLine } from '../../src/core/ledger/store';
import { rec, countingLedgerFs } from './ledgerFixtures';

const MONTH = 'ledger-2026-11.jsonl';
const many = (n: number, from = 0, tag = 'r'): LedgerRecord[] => Array.from({ length: n }, (_, k) => {
  const i = from + k;
  return parseLedgerLine(serializeRecord(rec({
    turnId: `${tag}${i}`, time: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(), model: i % 3 ? 'gpt-4o-mini' : 'claude — “sonnet” ✓',
    cost: i % 5 ? i / 1e6 : i % 2 ? 'unknown' : 'included', ttftMs: i % 4 ? i : null, costBasis: i % 7 ? undefined : 'local', estimated: i % 2 === 0,
  })).trimEnd()).record!;
});

describe('Cost ledger snapshots: a new window\'s first report starts from the month\'s columns, not 100,000 JSON lines', () => {
  let dir: string;
  let snapDir: string;
  const reads: Array<{ file: string; offset: number }> = [];
  const counting = countingLedgerFs(reads);
  const newWindow = () => new LedgerCache(dir, counting, () => {}, nodeSnapshotStore(snapDir));
  const write = (records: LedgerRecord[]) => fs.appendFileSync(path.join(dir, MONTH), records.map(serializeRecord).join(''));
  const ids = async (cache: LedgerCache) => (await cache.records()).map((r) => r.turnId);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-ledger-snap-'));
    snapDir = path.join(dir, 'ledger-snapshots');
    reads.splice(0);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('encodes and decodes columns exactly: every field, names in any script, nulls, included and unknown costs, the basis', () => {
    const records = many(50);
    const cols = LedgerColumns.from(records);
    const bytes = encodeSnapshot(cols, cols.length, 1234, new Uint8Array([1, 2, 3]))!;
    const back = decodeSnapshot(bytes)!;
    assert.deepEqual([back.header.length, back.header.offset, back.header.check], [50, 1234, 'AQID']);
    assert.deepEqual([...back.cols.records()], records);
    assert.equal(decodeSnapshot(bytes.subarray(0, bytes.length - 1)), undefined, 'a truncated snapshot is refused');
    assert.equal(decodeSnapshot(new TextEncoder().encode('not a snapshot at all')), undefined);
  });

  it('a window that read many records saves a snapshot; the next window reads it and only the lines after it', async () => {
    write(many(SNAPSHOT_EVERY + 200));
    const first = newWindow();
    assert.equal((await ids(first)).length, SNAPSHOT_EVERY + 200);
    await first.saved();
    assert.ok(fs.existsSync(path.join(snapDir, snapshotName(MONTH))), 'snapshot written');
    const covered = fs.statSync(path.join(dir, MONTH)).size;

    write(many(3, SNAPSHOT_EVERY + 200)); // another window answered three more questions since
    reads.splice(0);
    const second = newWindow();
    const got = await ids(second);
    assert.deepEqual(reads, [{ file: MONTH, offset: covered }], 'only the bytes after the snapshot were read');
    assert.deepEqual(got, many(SNAPSHOT_EVERY + 203).map((r) => r.turnId));
    assert.deepEqual(await second.records(), many(SNAPSHOT_EVERY + 203), 'field for field');
  });

  it('a snapshot of a month file that was since rewritten (cleared, appended to again) is ignored', async () => {
    write(many(SNAPSHOT_EVERY));
    const first = newWindow();
    await ids(first);
    await first.saved();
    fs.rmSync(path.join(dir, MONTH)); // history cleared by hand, the snapshot left behind
    write(many(SNAPSHOT_EVERY + 10, 0, 'new'));
    reads.splice(0);
    const got = await ids(newWindow());
    assert.deepEqual(reads, [{ file: MONTH, offset: 0 }], 'read from the start');
    assert.ok(got.every((id) => id.startsWith('new')) && got.length === SNAPSHOT_EVERY + 10);
  });

  it('a corrupt snapshot is ignored and the month file read whole; Clear history deletes the snapshots too', async () => {
    write(many(SNAPSHOT_EVERY));
    const first = newWindow();
    await ids(first);
    await first.saved();
    const snap = path.join(snapDir, snapshotName(MONTH));
    const bytes = fs.readFileSync(snap);
    bytes.fill(0xff, bytes.length - 40); // the string table's end
    fs.writeFileSync(snap, bytes.subarray(0, bytes.length - 7));
    reads.splice(0);
    const second = newWindow();
    assert.equal((await ids(second)).length, SNAPSHOT_EVERY);
    assert.deepEqual(reads, [{ file: MONTH, offset: 0 }]);
    await second.saved(); // it wrote a good snapshot again

    fs.writeFileSync(path.join(snapDir, 'unrelated.txt'), 'kept');
    await clearLedger(dir, { list: nodeLedgerFs.list, remove: nodeLedgerFs.remove }, snapDir);
    assert.deepEqual(fs.readdirSync(snapDir), ['unrelated.txt']);
    assert.ok(!fs.existsSync(path.join(dir, MONTH)));
  });
});
