import * as path from 'node:path';
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

interface MonthFile {
  /** Bytes consumed: always just after a "\n", so a line another window is still writing is read whole next time. */
  offset: number;
  records: LedgerRecord[];
}

const NEWLINE = 0x0a;

/**
 * The ledger kept in memory and brought up to date by reading only what was appended since the last look (by this
 * window or another). Reading 100,000 records from disk takes seconds on a loaded machine; the report must open in
 * well under that, so only the first look pays it. A file that shrank or vanished (history cleared) is read afresh.
 */
export class LedgerCache {
  private files = new Map<string, MonthFile>();
  private all: LedgerRecord[] | undefined;
  /** Lines that were not records, over everything read so far. */
  skipped = 0;

  constructor(readonly dir: string, private readonly fs: LedgerTailFs, private readonly log: (line: string) => void = () => {}) {}

  /** Every record, oldest first, after reading what was appended since the last call. */
  async records(): Promise<LedgerRecord[]> {
    const names = (await this.fs.list(this.dir)).filter((n) => FILE_NAME.test(n)).sort();
    let rebuild = this.all === undefined;
    for (const name of [...this.files.keys()]) {
      if (!names.includes(name)) {
        this.files.delete(name);
        rebuild = true;
      }
    }
    const added: LedgerRecord[] = [];
    for (const name of names) {
      const got = await this.update(name);
      if (got === 'reset') rebuild = true;
      else for (const r of got) added.push(r); // not push(...got): a month can hold more records than a call has arguments
    }
    // The usual case: a few requests appended, later than everything before them. The result only grows at its end
    // (so DayKeys converts only those); anything else is rebuilt and sorted.
    if (!rebuild && added.length) {
      const last = this.all!.at(-1);
      const times = added.map((r) => Date.parse(r.time));
      const inOrder = times.every((t, i) => (i === 0 ? !last || Date.parse(last.time) <= t : times[i - 1] <= t));
      if (inOrder) this.all = [...this.all!, ...added];
      else rebuild = true;
    }
    if (rebuild) this.all = sortedByTime(names.flatMap((n) => this.files.get(n)?.records ?? []));
    return this.all!;
  }

  /** Forget everything read (the next call reads every file again). */
  reset(): void {
    this.files.clear();
    this.all = undefined;
  }

  /** The records appended to one file since the last look, or 'reset' when it was read from its start again. */
  private async update(name: string): Promise<LedgerRecord[] | 'reset'> {
    const file = path.join(this.dir, name);
    const size = await this.fs.size(file);
    let entry = this.files.get(name);
    if (size === undefined) {
      this.files.delete(name);
      return 'reset';
    }
    let reset = false;
    if (entry && size < entry.offset) entry = undefined; // rewritten (cleared, then appended to again)
    if (!entry) {
      entry = { offset: 0, records: [] };
      this.files.set(name, entry);
      reset = true;
    }
    if (size === entry.offset) return reset ? 'reset' : [];
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFrom(file, entry.offset);
    } catch (err) {
      this.log(`Cost ledger: could not read ${name} (${(err as NodeJS.ErrnoException).code ?? String(err)}); its new requests are left out for now.`);
      return reset ? 'reset' : [];
    }
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    if (end === 0) return reset ? 'reset' : [];
    const added: LedgerRecord[] = [];
    const text = new TextDecoder().decode(bytes.subarray(0, end));
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const found = parseLedgerLine(line);
      if (found.record) added.push(found.record);
      if (!found.record || found.glued) {
        this.skipped++;
        this.log(`Cost ledger: ${name} has a line that is not a valid record (torn or corrupt), skipped.`);
      }
    }
    entry.offset += end;
    entry.records = entry.records.length ? entry.records.concat(added) : added;
    return reset ? 'reset' : added;
  }
}

/** Oldest first; sorts only when two windows' appends crossed. */
function sortedByTime(records: LedgerRecord[]): LedgerRecord[] {
  const times = records.map((r) => Date.parse(r.time));
  if (times.every((t, i) => i === 0 || times[i - 1] <= t)) return records;
  return records.map((r, i) => ({ r, t: times[i] })).sort((a, b) => a.t - b.t).map((x) => x.r);
}

/** Clear history: every month file of the ledger is deleted (other files in the directory are left alone). */
export async function clearLedger(dir: string, fs: { list(dir: string): Promise<string[]>; remove(file: string): Promise<void> }): Promise<number> {
  const names = (await fs.list(dir)).filter((n) => FILE_NAME.test(n));
  for (const name of names) await fs.remove(path.join(dir, name));
  return names.length;
}
