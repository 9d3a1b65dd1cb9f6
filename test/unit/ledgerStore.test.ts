import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeLedgerFs } from '../../src/core/ledger/nodeLedgerFs';
import { serializeRecord } from '../../src/core/ledger/record';
import { LedgerStore, ledgerFileName, type LedgerFs } from '../../src/core/ledger/store';
import { rec, workerRecord } from './ledgerFixtures';

describe('Cost ledger store: append-only JSON Lines, one file per month', () => {
  let dir: string;
  let logs: string[];
  let store: LedgerStore;

  beforeEach(() => {
    // A directory that does not exist yet: the first append creates it (globalStorage may not exist).
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'se-ledger-')), 'globalStorage', 'stream-explain');
    logs = [];
    store = new LedgerStore(dir, nodeLedgerFs, (l) => logs.push(l));
  });
  afterEach(() => fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true }));

  const file = (month: string) => path.join(dir, `ledger-${month}.jsonl`);

  it('appends records and reads them back field for field, one line each', async () => {
    const a = rec({ turnId: 'a', cost: 'unknown', ttftMs: null, tokensPerSecond: null, finish: 'failed' });
    const b = rec({ turnId: 'b', time: '2026-11-15T12:00:01.000Z', cost: 'included', estimated: true, finish: 'stopped' });
    await store.append(a);
    await store.append(b);
    const read = await store.read();
    assert.deepEqual(read, { records: [a, b], skipped: 0 });
    const text = fs.readFileSync(file('2026-11'), 'utf8');
    assert.equal(text.split('\n').length, 3, 'two lines, each ended by \\n');
    assert.ok(text.startsWith('{"schema":1,'), 'the schema version leads every line');
  });

  it('rolls over to a new file each UTC month, and reads all months or a range', async () => {
    const oct = rec({ turnId: 'oct', time: '2026-10-31T23:59:59.999Z' });
    const nov = rec({ turnId: 'nov', time: '2026-11-01T00:00:00.000Z' });
    const dec = rec({ turnId: 'dec', time: '2026-12-02T08:00:00.000Z' });
    for (const r of [dec, oct, nov]) await store.append(r);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ledger-2026-10.jsonl', 'ledger-2026-11.jsonl', 'ledger-2026-12.jsonl']);
    assert.equal(ledgerFileName('2026-10-31T23:59:59.999Z'), 'ledger-2026-10.jsonl');
    assert.deepEqual((await store.read()).records.map((r) => r.turnId), ['oct', 'nov', 'dec'], 'oldest first');
    const range = await store.read({ from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-02T08:00:00Z') });
    assert.deepEqual(range.records.map((r) => r.turnId), ['nov'], 'from inclusive, to exclusive');
    assert.deepEqual((await store.read({ from: Date.parse('2026-12-01T00:00:00Z') })).records.map((r) => r.turnId), ['dec']);
    // Two windows' appends can cross: a record that ended earlier may be written later.
    await store.append(rec({ turnId: 'early-dec', time: '2026-12-01T00:00:00.000Z' }));
    assert.deepEqual((await store.read()).records.map((r) => r.turnId), ['oct', 'nov', 'early-dec', 'dec']);
  });

  it('an empty or missing ledger reads as no records', async () => {
    assert.deepEqual(await store.read(), { records: [], skipped: 0 });
  });

  it('a torn last line (a crash mid-write) is skipped and logged; the records before it are kept', async () => {
    await store.append(rec({ turnId: 'whole' }));
    const torn = serializeRecord(rec({ turnId: 'torn' })).slice(0, 57);
    fs.appendFileSync(file('2026-11'), torn);
    const read = await store.read();
    assert.deepEqual(read.records.map((r) => r.turnId), ['whole']);
    assert.equal(read.skipped, 1);
    assert.deepEqual(logs, ['Cost ledger: ledger-2026-11.jsonl line 2 is a torn last line (an interrupted write), skipped.']);
  });

  it('a record appended after a torn line is not lost with it', async () => {
    await store.append(rec({ turnId: 'before' }));
    fs.appendFileSync(file('2026-11'), serializeRecord(rec({ turnId: 'torn' })).slice(0, 80));
    await store.append(rec({ turnId: 'after' }));
    const read = await store.read();
    assert.deepEqual(read.records.map((r) => r.turnId), ['before', 'after']);
    assert.equal(read.skipped, 1);
    assert.match(logs.join('\n'), /line 2 starts with a torn record, skipped; the record after it is kept/);
  });

  it('a corrupt line in the middle is skipped and the rest read; records of an unknown schema are skipped too', async () => {
    await store.append(rec({ turnId: 'one' }));
    fs.appendFileSync(file('2026-11'), 'not json at all\n{"schema":1,"time":"2026-11-15T12:00:00.000Z"}\n');
    fs.appendFileSync(file('2026-11'), serializeRecord(rec({ turnId: 'future' })).replace('"schema":1', '"schema":2'));
    fs.appendFileSync(file('2026-11'), '\u0000\u0000\u0000\n');
    await store.append(rec({ turnId: 'two', time: '2026-11-15T12:00:01.000Z' }));
    const read = await store.read();
    assert.deepEqual(read.records.map((r) => r.turnId), ['one', 'two']);
    assert.equal(read.skipped, 4);
    assert.deepEqual(logs.map((l) => /line (\d+)/.exec(l)![1]), ['2', '3', '4', '5']);
    assert.ok(logs.every((l) => l.includes('not a valid record')), 'none is mistaken for a torn last line');
  });

  it('two processes appending 1,000 records each at once: all 2,000 land whole', async function () {
    this.timeout(120_000);
    fs.mkdirSync(dir, { recursive: true });
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
    assert.deepEqual(await Promise.all(children.map((c) => c.exited)), [0, 0]);

    const lines = fs.readFileSync(file('2026-11'), 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'the file ends with a whole line');
    assert.equal(lines.length, 2000);
    const read = await store.read();
    assert.equal(read.skipped, 0);
    assert.equal(read.records.length, 2000);
    const byId = new Map(read.records.map((r) => [r.turnId, r]));
    for (const name of ['alpha', 'beta']) {
      for (let i = 0; i < 1000; i++) assert.deepEqual(byId.get(`${name}-${i}`), workerRecord(name, i));
    }
    // The two writers really overlapped: their lines alternate somewhere in the file.
    const writers = lines.map((l) => (l.includes('"alpha-') ? 'a' : 'b')).join('');
    assert.ok(/ab|ba/.test(writers.slice(1, -1)) && writers.includes('ab') && writers.includes('ba'), `the appends interleaved (${writers.split(/(?<=a)(?=b)|(?<=b)(?=a)/).length} runs)`);
  });

  it('file access is injected: a failed directory creation is retried on the next append, an unreadable month is left out', async () => {
    const files = new Map<string, string>();
    let failMkdir = true;
    const memory: LedgerFs = {
      append: async (f, line) => void files.set(f, (files.get(f) ?? '') + line),
      readFile: async (f) => {
        if (f.endsWith('2026-10.jsonl')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        return files.get(f) ?? '';
      },
      list: async () => [...files.keys()].map((f) => path.basename(f)).concat('ledger-2026-10.jsonl', 'notes.txt'),
      ensureDir: async () => {
        if (failMkdir) throw new Error('read-only file system');
      },
    };
    const s = new LedgerStore('/ledger', memory, (l) => logs.push(l));
    await assert.rejects(s.append(rec({ turnId: 'x' })), /read-only/);
    failMkdir = false;
    await s.append(rec({ turnId: 'y' }));
    assert.deepEqual((await s.read()).records.map((r) => r.turnId), ['y']);
    assert.deepEqual(logs, ['Cost ledger: could not read ledger-2026-10.jsonl (EACCES); its requests are left out.']);
  });
});
