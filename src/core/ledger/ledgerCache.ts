import * as path from 'node:path';
import { LedgerColumns } from './columns';
import { CHECK_BYTES, decodeSnapshot, encodeSnapshot, readSnapshotHeader } from './ledgerSnapshot';
import type { LedgerRecord } from './record';
import { FILE_NAME, parseLedgerLine } from './store';

/** What the cache needs on top of listing: a file's size, and its bytes from an offset on. */
export interface LedgerTailFs {
  list(dir: string): Promise<string[]>;
  /** Bytes in the file, or undefined when it is gone. */
  size(file: string): Promise<number | undefined>;
  /** The file's bytes from `offset` to its end. */
  readFrom(file: string, offset: number): Promise<Uint8Array>;
}

/** Where snapshots of the month files' columns are kept, and the file access they need (see ledgerSnapshot.ts). */
export interface SnapshotStore {
  dir: string;
  /** The file's bytes, or undefined when it does not exist. */
  read(file: string): Promise<Uint8Array | undefined>;
  /** Writes the whole file so that a reader never sees half of it (a temporary file, then a rename). */
  write(file: string, data: Uint8Array): Promise<void>;
  /** `length` bytes of `file` from `start` (fewer at its end). */
  readRange(file: string, start: number, length: number): Promise<Uint8Array>;
}

interface MonthFile {
  /** Bytes consumed: always just after a "\n", so a line another window is still writing is read whole next time. */
  offset: number;
  cols: LedgerColumns;
  /** Records the last snapshot written (or read) holds. */
  saved: number;
  /** Bytes of the month file the last snapshot written (or read) covers. */
  savedOffset: number;
}

const NEWLINE = 0x0a;
/** A month file's snapshot is written again once this many records were read past it. */
export const SNAPSHOT_EVERY = 1_000;

/** Where the snapshots are kept, under the ledger's folder. */
export const SNAPSHOT_FOLDER = 'ledger-snapshots';

/** The first moment (ms, UTC) after a month file's month. */
function monthEnd(name: string): number {
  const m = FILE_NAME.exec(name)!;
  return Date.UTC(Number(m[1]), Number(m[2]), 1);
}

export const snapshotName = (monthFile: string) => monthFile.replace(/\.jsonl$/, '.columns');

/**
 * The ledger kept in memory, as columns per month file, and brought up to date by reading only what was appended
 * since the last look (by this window or another). Parsing 100,000 JSON lines takes seconds on a loaded machine; the
 * report must open in well under that, so a window's first look starts from each month's snapshot when there is one
 * (written after a look that read many new records) and parses only the lines after it. A file that shrank or vanished
 * (history cleared) is read afresh.
 */
export class LedgerCache {
  private files = new Map<string, MonthFile>();
  /** Lines that were not records, over everything read so far. */
  skipped = 0;
  /** Snapshot writes started and not yet finished (tests and the benchmark wait for them). */
  private writes: Array<Promise<void>> = [];
  /** Snapshot writes started in all (the upkeep tells a rewritten month from a current one). */
  writesStarted = 0;

  constructor(
    readonly dir: string,
    private readonly fs: LedgerTailFs,
    private readonly log: (line: string) => void = () => {},
    private readonly snapshots?: SnapshotStore,
    /** A month's snapshot is rewritten once this many records were read past it (1: whenever it is behind). */
    private readonly snapshotEvery = SNAPSHOT_EVERY,
  ) {}

  /** One month file's columns, brought up to date (its snapshot rewritten when behind by `snapshotEvery`). */
  async month(name: string): Promise<LedgerColumns | undefined> {
    return (await this.update(name))?.cols;
  }

  /** Drop one month from memory (the snapshot upkeep goes month by month). */
  forget(name: string): void {
    this.files.delete(name);
  }

  /**
   * Each month file's columns, oldest month first, after reading what was appended since the last call. With
   * `summariesBefore` (ms), a month whose snapshot covers its whole file and whose last request is before then comes
   * as its summary alone (LedgerColumns.summaryOnly): its rows are not read, which is most of the ledger for a report
   * of the last 30 days.
   */
  segments(options: { summariesBefore?: number; since?: number } = {}): Promise<LedgerColumns[]> {
    // One look at a time: two at once would both read the same new lines from the same offset and add them twice.
    const run = this.looking.then(() => this.look(options));
    this.looking = run.catch(() => undefined);
    return run;
  }

  private looking: Promise<unknown> = Promise.resolve();

  private async look(options: { summariesBefore?: number; since?: number }): Promise<LedgerColumns[]> {
    // With `since` (ms), month files that end before it are left out (not read at all).
    const names = (await this.fs.list(this.dir)).filter((n) => FILE_NAME.test(n) && (options.since === undefined || monthEnd(n) > options.since)).sort();
    for (const name of [...this.files.keys()]) if (!names.includes(name)) this.files.delete(name);
    const out: LedgerColumns[] = [];
    for (const name of names) {
      const entry = await this.update(name, options.summariesBefore);
      if (entry) out.push(entry.cols);
    }
    return out;
  }

  /** Every record, oldest first (for export: builds an object per record). */
  async records(): Promise<LedgerRecord[]> {
    const segs = await this.segments();
    const records = segs.flatMap((c) => [...c.records()]);
    return segs.every((c) => c.inOrder) ? records : sortedByTime(records);
  }

  /** Resolves when the snapshot writes started so far have finished. */
  async saved(): Promise<void> {
    await Promise.all(this.writes);
  }

  /** Forget everything read (the next call reads every file again). */
  reset(): void {
    this.files.clear();
  }

  private async update(name: string, summariesBefore?: number): Promise<MonthFile | undefined> {
    const file = path.join(this.dir, name);
    const size = await this.fs.size(file);
    let entry = this.files.get(name);
    if (size === undefined) {
      this.files.delete(name);
      return undefined;
    }
    if (entry && size < entry.offset) entry = undefined; // rewritten (cleared, then appended to again)
    const summaryWill = (e: MonthFile) => summariesBefore !== undefined && e.offset === size && e.cols.summary !== undefined && e.cols.summary.lastTime < summariesBefore;
    if (entry && !entry.cols.rowsLoaded && !summaryWill(entry)) entry = undefined; // its rows are needed now
    if (!entry && summariesBefore !== undefined) {
      const summarised = await this.summaryOnly(file, name, size);
      if (summarised && summaryWill(summarised)) {
        this.files.set(name, summarised);
        return summarised;
      }
    }
    if (!entry) {
      entry = (await this.fromSnapshot(name, file, size)) ?? { offset: 0, cols: new LedgerColumns(), saved: 0, savedOffset: 0 };
      this.files.set(name, entry);
    }
    if (size > entry.offset) await this.readTail(name, file, entry);
    // With snapshotEvery 1 (the upkeep) by bytes: a month whose new lines were all corrupt is saved past them too.
    const behind = this.snapshotEvery <= 1 || entry.cols.length - entry.saved >= this.snapshotEvery;
    if (this.snapshots && entry.offset > entry.savedOffset && behind) this.save(name, file, entry);
    return entry;
  }

  private async readTail(name: string, file: string, entry: MonthFile): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFrom(file, entry.offset);
    } catch (err) {
      this.log(`Cost ledger: could not read ${name} (${(err as NodeJS.ErrnoException).code ?? String(err)}); its new requests are left out for now.`);
      return;
    }
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    if (end === 0) return;
    const text = new TextDecoder().decode(bytes.subarray(0, end));
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const found = parseLedgerLine(line);
      if (found.record) entry.cols.push(found.record);
      if (!found.record || found.glued) {
        this.skipped++;
        this.log(`Cost ledger: ${name} has a line that is not a valid record (torn or corrupt), skipped.`);
      }
    }
    entry.offset += end;
  }

  /** The month's summary from its snapshot's header, when the snapshot covers the whole month file (which it checks). */
  private async summaryOnly(file: string, name: string, size: number): Promise<MonthFile | undefined> {
    if (!this.snapshots) return undefined;
    const found = await readSnapshotHeader(this.snapshots, path.join(this.snapshots.dir, snapshotName(name)));
    if (!found || found.header.offset !== size) return undefined;
    const check = Buffer.from(found.header.check, 'base64');
    const actual = await this.snapshots.readRange(file, found.header.offset - check.length, check.length);
    if (!Buffer.from(actual).equals(check)) return undefined;
    return { offset: size, cols: LedgerColumns.summaryOnly(found.summary), saved: found.summary.rows, savedOffset: size };
  }

  /** The month's columns from its snapshot, when there is one and its month file still starts with what it covers. */
  private async fromSnapshot(name: string, file: string, size: number): Promise<MonthFile | undefined> {
    if (!this.snapshots) return undefined;
    try {
      const bytes = await this.snapshots.read(path.join(this.snapshots.dir, snapshotName(name)));
      const snap = bytes && decodeSnapshot(bytes);
      if (!snap || snap.header.offset > size) return undefined;
      const check = Buffer.from(snap.header.check, 'base64');
      const actual = await this.snapshots.readRange(file, snap.header.offset - check.length, check.length);
      if (!Buffer.from(actual).equals(check)) return undefined; // the month file was rewritten since
      return { offset: snap.header.offset, cols: snap.cols, saved: snap.cols.length, savedOffset: snap.header.offset };
    } catch (err) {
      this.log(`Cost ledger: the snapshot of ${name} could not be read (${String(err)}); reading the month file instead.`);
      return undefined;
    }
  }

  private save(name: string, file: string, entry: MonthFile): void {
    const store = this.snapshots!;
    const { offset, cols } = entry;
    const length = cols.length;
    entry.saved = length;
    entry.savedOffset = offset;
    const write = (async () => {
      const start = Math.max(0, offset - CHECK_BYTES);
      const check = await store.readRange(file, start, offset - start);
      // Only the rows `offset` covers: a look after this one may have appended more.
      const data = encodeSnapshot(cols, length, offset, check);
      if (data) await store.write(path.join(store.dir, snapshotName(name)), data);
    })().catch((err: unknown) => this.log(`Cost ledger: could not save the snapshot of ${name} (${String(err)}); the next window reads the month file.`));
    this.writes.push(write);
    this.writesStarted++;
    void write.finally(() => { this.writes = this.writes.filter((w) => w !== write); });
  }
}

/** Oldest first; sorts only when two windows' appends crossed. */
function sortedByTime(records: LedgerRecord[]): LedgerRecord[] {
  const times = records.map((r) => Date.parse(r.time));
  if (times.every((t, i) => i === 0 || times[i - 1] <= t)) return records;
  return records.map((r, i) => ({ r, t: times[i] })).sort((a, b) => a.t - b.t).map((x) => x.r);
}

/**
 * Clear history: every month file of the ledger is deleted, and their snapshots in `snapshotDir` (other files are
 * left alone).
 */
export async function clearLedger(dir: string, fs: { list(dir: string): Promise<string[]>; remove(file: string): Promise<void> }, snapshotDir?: string): Promise<number> {
  const names = (await fs.list(dir)).filter((n) => FILE_NAME.test(n));
  for (const name of names) await fs.remove(path.join(dir, name));
  if (snapshotDir) {
    for (const name of await fs.list(snapshotDir)) if (/^ledger-\d{4}-\d{2}\.columns$/.test(name)) await fs.remove(path.join(snapshotDir, name));
  }
  return names.length;
}
