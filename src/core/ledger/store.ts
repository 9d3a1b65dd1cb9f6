import * as path from 'node:path';
import { parseRecord, RECORD_MARKER, serializeRecord, type LedgerRecord } from './record';

/** The file access the store needs, injected so it runs against a real directory or a test double alike. */
export interface LedgerFs {
  /** Append `line` (a whole line, "\n" included) with a single write on an O_APPEND descriptor. */
  append(file: string, line: string): Promise<void>;
  readFile(file: string): Promise<string>;
  /** Names in `dir`; none when it does not exist. */
  list(dir: string): Promise<string[]>;
  ensureDir(dir: string): Promise<void>;
}

/** Milliseconds since the epoch; `to` is exclusive. */
export interface LedgerRange {
  from?: number;
  to?: number;
}

export interface LedgerRead {
  records: LedgerRecord[];
  /** Lines that were not records (torn by a crash, corrupt, or from a newer schema). */
  skipped: number;
}

const FILE_NAME = /^ledger-(\d{4})-(\d{2})\.jsonl$/;

/** The month file a record goes to: by its UTC month, so the file never depends on the machine's time zone. */
export function ledgerFileName(time: string | number): string {
  const iso = new Date(time).toISOString();
  return `ledger-${iso.slice(0, 4)}-${iso.slice(5, 7)}.jsonl`;
}

/**
 * The persistent cost ledger: append-only JSON Lines, one file per month, in one directory shared by every window.
 * Nothing is ever rewritten, so a crash can cost at most the line being written, and readers need no lock.
 */
export class LedgerStore {
  private dirReady: Promise<void> | undefined;

  constructor(readonly dir: string, private readonly fs: LedgerFs, private readonly log: (line: string) => void = () => {}) {}

  async append(record: LedgerRecord): Promise<void> {
    const line = serializeRecord(record);
    this.dirReady ??= this.fs.ensureDir(this.dir).catch((err: unknown) => {
      this.dirReady = undefined; // try again on the next append
      throw err;
    });
    await this.dirReady;
    await this.fs.append(path.join(this.dir, ledgerFileName(record.time)), line);
  }

  /** Every record in the range (all months when none is given), oldest first. */
  async read(range: LedgerRange = {}): Promise<LedgerRead> {
    const files = (await this.fs.list(this.dir)).filter((name) => monthOverlaps(name, range)).sort();
    const records: LedgerRecord[] = [];
    const times: number[] = [];
    let skipped = 0;
    for (const name of files) {
      let text: string;
      try {
        text = await this.fs.readFile(path.join(this.dir, name));
      } catch (err) {
        this.log(`Cost ledger: could not read ${name} (${(err as NodeJS.ErrnoException).code ?? String(err)}); its requests are left out.`);
        continue;
      }
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (!line.trim()) return;
        const found = parseLine(line);
        if (found.glued) {
          skipped++;
          this.log(`Cost ledger: ${name} line ${i + 1} starts with a torn record, skipped; the record after it is kept.`);
        }
        if (found.record) {
          const t = Date.parse(found.record.time);
          if ((range.from === undefined || t >= range.from) && (range.to === undefined || t < range.to)) {
            records.push(found.record);
            times.push(t);
          }
          return;
        }
        skipped++;
        const torn = i === lines.length - 1; // no "\n" after it: the write was cut short
        // The line's content is not logged: it is unvalidated bytes.
        this.log(`Cost ledger: ${name} line ${i + 1} is ${torn ? 'a torn last line (an interrupted write)' : 'not a valid record'}, skipped.`);
      });
    }
    return { records: byTime(records, times), skipped };
  }
}

/** Oldest first. Lines are nearly in order already (appends of concurrent windows can cross), so usually no sort. */
function byTime(records: LedgerRecord[], times: number[]): LedgerRecord[] {
  if (times.every((t, i) => i === 0 || times[i - 1] <= t)) return records;
  return records.map((r, i) => ({ r, t: times[i] })).sort((a, b) => a.t - b.t).map((x) => x.r);
}

/**
 * A line is one record; or, when a crash tore the previous line and another write was appended after it, the torn
 * bytes followed by a whole record, which is found again from its marker.
 */
function parseLine(line: string): { record?: LedgerRecord; glued?: boolean } {
  const record = tryParse(line);
  if (record) return { record };
  const at = line.lastIndexOf(RECORD_MARKER);
  if (at > 0) {
    const tail = tryParse(line.slice(at));
    if (tail) return { record: tail, glued: true };
  }
  return {};
}

function tryParse(text: string): LedgerRecord | undefined {
  try {
    return parseRecord(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function monthOverlaps(name: string, range: LedgerRange): boolean {
  const m = FILE_NAME.exec(name);
  if (!m) return false;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  const end = Date.UTC(Number(m[1]), Number(m[2]), 1);
  return (range.from === undefined || end > range.from) && (range.to === undefined || start < range.to);
}
