import { COST_BASES } from '../providers/modelInfo';
import { CODE_COLUMNS, LedgerColumns, NUM_COLUMNS, type CodeColumn, type NumColumn } from './columns';
import { LEDGER_FINISHES } from './record';

/**
 * A month file's columns saved next to the ledger, so a window opening the report reads a few MB of typed arrays
 * instead of parsing 100,000 JSON lines. It is only a cache: it names how many bytes of its month file it covers and
 * carries that file's last bytes before that point; when they no longer match (history cleared, file rewritten) it is
 * ignored, and the bytes after it are read as usual. Layout: magic, header length, JSON header, padding to 8, the
 * Float64 columns, the Uint32 columns, the string table as UTF-8 joined by NUL (no ledger name holds a control
 * character: record.ts replaces them).
 */
// Bumped whenever the columns change: a snapshot of other columns is not read (its month file is parsed instead).
const MAGIC = 'SELEDGC2';
/** How many bytes of the month file before `offset` are kept to recognise it. */
export const CHECK_BYTES = 64;

export interface SnapshotHeader {
  length: number;
  /** Bytes of the month file the columns cover (always just after a "\n"). */
  offset: number;
  /** The month file's bytes just before `offset`, base64. */
  check: string;
  stringsBytes: number;
  /** How many of the NUL-joined strings are names; the rest are ids. */
  names: number;
  ids: number;
}

const pad8 = (n: number) => (n + 7) & ~7;

/** The first `rows` records of `cols`, which are the month file's first `offset` bytes. */
export function encodeSnapshot(cols: LedgerColumns, rows: number, offset: number, check: Uint8Array): Uint8Array | undefined {
  const ids = cols.ids.slice(0, rows === cols.length ? cols.ids.length : Math.max(cols.code.turnId[rows - 1] ?? -1, cols.code.conversationId[rows - 1] ?? -1) + 1);
  if (cols.strings.some((s) => s.includes('\0')) || ids.some((s) => s.includes('\0'))) return undefined; // cannot be joined safely: no snapshot
  const strings = new TextEncoder().encode([...cols.strings, ...ids].join('\0'));
  const header = new TextEncoder().encode(JSON.stringify({
    length: rows, offset, check: Buffer.from(check).toString('base64'), stringsBytes: strings.length, names: cols.strings.length, ids: ids.length,
  } satisfies SnapshotHeader));
  const start = pad8(8 + 4 + header.length);
  const n = rows;
  const out = new Uint8Array(start + NUM_COLUMNS.length * n * 8 + CODE_COLUMNS.length * n * 4 + strings.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  let at = start;
  for (const c of NUM_COLUMNS) {
    new Float64Array(out.buffer, at, n).set(cols.num[c].subarray(0, n));
    at += n * 8;
  }
  for (const c of CODE_COLUMNS) {
    new Uint32Array(out.buffer, at, n).set(cols.code[c].subarray(0, n));
    at += n * 4;
  }
  out.set(strings, at);
  return out;
}

/** The columns and what they cover, or undefined when the bytes are not a snapshot this version wrote. */
export function decodeSnapshot(bytes: Uint8Array): { header: SnapshotHeader; cols: LedgerColumns } | undefined {
  try {
    if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return undefined;
    // Typed-array views need an aligned start: copy when the buffer does not give one.
    const b = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    const headerLength = new DataView(b.buffer, b.byteOffset).getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(b.subarray(12, 12 + headerLength))) as SnapshotHeader;
    const n = header.length;
    if (![n, header.offset, header.stringsBytes, header.names, header.ids].every((v) => Number.isInteger(v) && v >= 0) || typeof header.check !== 'string') return undefined;
    let at = pad8(12 + headerLength);
    if (b.length !== at + NUM_COLUMNS.length * n * 8 + CODE_COLUMNS.length * n * 4 + header.stringsBytes) return undefined;
    const num = {} as Record<NumColumn, Float64Array>;
    const code = {} as Record<CodeColumn, Uint32Array>;
    for (const c of NUM_COLUMNS) {
      num[c] = new Float64Array(b.buffer, b.byteOffset + at, n);
      at += n * 8;
    }
    for (const c of CODE_COLUMNS) {
      code[c] = new Uint32Array(b.buffer, b.byteOffset + at, n);
      at += n * 4;
    }
    const all = header.names + header.ids === 0 ? [] : new TextDecoder().decode(b.subarray(at, at + header.stringsBytes)).split('\0');
    if (all.length !== header.names + header.ids) return undefined;
    const strings = all.slice(0, header.names);
    const ids = all.slice(header.names);
    // Names and ids point into their tables; finish and basis into their lists.
    for (const c of ['provider', 'model', 'workspace'] as const) if (code[c].some((i) => i >= strings.length)) return undefined;
    for (const c of ['conversationId', 'turnId'] as const) if (code[c].some((i) => i >= ids.length)) return undefined;
    if (code.finish.some((i) => i >= LEDGER_FINISHES.length) || code.basis.some((i) => i > COST_BASES.length)) return undefined;
    return { header, cols: LedgerColumns.fromParts(n, strings, ids, num, code) };
  } catch {
    return undefined;
  }
}
