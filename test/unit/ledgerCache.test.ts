import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearLedger, LedgerCache, type LedgerTailFs } from '../../src/core/ledger/ledgerCache';
import { nodeLedgerFs } from '../../src/core/ledger/nodeLedgerFs';
import { serializeRecord } from '../../src/core/ledger/record';
import { LedgerStore } from '../../src/core/ledger/store';
import { rec } from './ledgerFixtures';

describe('Cost ledger cache: the report reads only what was appended since its last look', () => {
  let dir: string;
  let store: LedgerStore;
  const reads: Array<{ file: string; offset: number; bytes: number }> = [];
  let cache: LedgerCache;
  /** The real file system, with every readFrom recorded. */
  const counting: LedgerTailFs = {
    list: (d) => nodeLedgerFs.list(d),
    size: (f) => nodeLedgerFs.size(f),
    readFrom: async (f, offset) => {
      const bytes = await nodeLedgerFs.readFrom(f, offset);
      reads.push({ file: path.basename(f), offset, bytes: bytes.length });
      return bytes;
    },
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-ledger-cache-'));
    store = new LedgerStore(dir, nodeLedgerFs);
    reads.splice(0);
    cache = new LedgerCache(dir, counting);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (month: string) => path.join(dir, `ledger-${month}.jsonl`);
  const ids = async () => (await cache.records()).map((r) => r.turnId).join(',');

  it('reads every month once, then only the bytes appended after what it has (by this window or another)', async () => {
    await store.append(rec({ turnId: 'oct', time: '2026-10-10T00:00:00Z' }));
    await store.append(rec({ turnId: 'a', time: '2026-11-01T00:00:00Z' }));
    await store.append(rec({ turnId: 'b', time: '2026-11-02T00:00:00Z' }));
    assert.equal(await ids(), 'oct,a,b');
    assert.deepEqual(reads.map((r) => [r.file, r.offset]), [['ledger-2026-10.jsonl', 0], ['ledger-2026-11.jsonl', 0]]);
    const novSize = fs.statSync(file('2026-11')).size;

    reads.splice(0);
    assert.equal(await ids(), 'oct,a,b');
    assert.equal(reads.length, 0, 'nothing new: nothing read');

    fs.appendFileSync(file('2026-11'), serializeRecord(rec({ turnId: 'c', time: '2026-11-03T00:00:00Z' }))); // another window
    assert.equal(await ids(), 'oct,a,b,c');
    assert.deepEqual(reads.map((r) => [r.file, r.offset]), [['ledger-2026-11.jsonl', novSize]], 'only November, from where it left off');
    assert.equal(reads[0].bytes, fs.statSync(file('2026-11')).size - novSize);
  });

  it('a line another window is still writing is left for the next look, then read whole', async () => {
    await store.append(rec({ turnId: 'a' }));
    const line = serializeRecord(rec({ turnId: 'half-then-whole', time: '2026-11-15T13:00:00Z' }));
    fs.appendFileSync(file('2026-11'), line.slice(0, 40));
    assert.equal(await ids(), 'a');
    fs.appendFileSync(file('2026-11'), line.slice(40));
    assert.equal(await ids(), 'a,half-then-whole');
    assert.equal(cache.skipped, 0);
  });

  it('a torn line with a record glued after it: the record is kept, the torn bytes skipped', async () => {
    await store.append(rec({ turnId: 'before' }));
    fs.appendFileSync(file('2026-11'), serializeRecord(rec({ turnId: 'torn' })).slice(0, 70));
    await store.append(rec({ turnId: 'after', time: '2026-11-15T12:00:01Z' }));
    assert.equal(await ids(), 'before,after');
    assert.equal(cache.skipped, 1);
  });

  it('appends of two windows that crossed come back oldest first', async () => {
    await store.append(rec({ turnId: 'late', time: '2026-11-15T12:00:05Z' }));
    await store.append(rec({ turnId: 'early', time: '2026-11-15T12:00:01Z' }));
    assert.equal(await ids(), 'early,late');
  });

  it('Clear history deletes only the month files; the cache then starts afresh, also after a file was rewritten shorter', async () => {
    await store.append(rec({ turnId: 'a', time: '2026-10-10T00:00:00Z' }));
    await store.append(rec({ turnId: 'b' }));
    await store.append(rec({ turnId: 'c' }));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    assert.equal(await ids(), 'a,b,c');
    assert.equal(await clearLedger(dir, nodeLedgerFs), 2);
    assert.deepEqual(fs.readdirSync(dir), ['notes.txt']);
    assert.equal(await ids(), '', 'another window\'s cache sees the files gone');
    await store.append(rec({ turnId: 'd' }));
    assert.equal(await ids(), 'd');
    // A month file replaced by a shorter one (cleared, then one record appended) is read from its start again.
    await store.append(rec({ turnId: 'e' }));
    await ids();
    fs.writeFileSync(file('2026-11'), serializeRecord(rec({ turnId: 'f' })));
    assert.equal(await ids(), 'f');
  });
});
