import { crc32 } from 'node:zlib';
import { COST_BASES } from '../providers/modelInfo';
import { CODE_COLUMNS, LedgerColumns, NUM_COLUMNS, type CodeColumn, type NumColumn } from './columns';
import { LEDGER_FINISHES } from './record';
import { parseSummary, summarize, type SegmentSummary } from './segmentSummary';

/**
 * A month file's columns saved next to the ledger, so a window opening the report reads a few MB of typed arrays
 * instead of parsing 100,000 JSON lines. It is only a cache: it names how many bytes of its month file it covers and
 * carries that file's last bytes before that point; when they no longer match (history cleared, file rewritten) it is
 * ignored, and the bytes after it are read as usual, so a snapshot can never hide a record. Layout: magic, header
 * length, JSON header, padding to 8, the Float64 columns, the Uint32 columns, the names then the ids as UTF-8 joined
 * by NUL (no ledger name holds a control character: record.ts replaces them). A CRC-32 of everything after the
 * header is checked on reading: a snapshot with a flipped byte is refused (and rewritten by the next catch-up), never
 * read as wrong figures.
 */
// Bumped whenever the layout changes: a snapshot of another layout is not read (its month file is parsed instead).
const MAGIC = 'SELEDGC3';
/** How many bytes of the month file before `offset` are kept to recognise it. */
export const CHECK_BYTES = 64;

export interface SnapshotHeader {
  length: number;
  /** Bytes of the month file the columns cover (always just after a "\n"). */
  offset: number;
  /** The month file's bytes just before `offset`, base64. */
  check: string;
  namesBytes: number;
  idsBytes: number;
  names: number;
  ids: number;
  /** CRC-32 of the body (columns and strings). */
  crc: number;
  /** The rows' totals per group (segmentSummary.ts); checked by `crc` too. */
  summary?: unknown;
  /** CRC-32 of the summary alone, for a reader that needs only the header (readSnapshotHeader). */
  summaryCrc?: number;
}

const pad8 = (n: number) => (n + 7) & ~7;
const utf8 = new TextEncoder();

/** The first `rows` records of `cols`, which are the month file's first `offset` bytes. */
export function encodeSnapshot(cols: LedgerColumns, rows: number, offset: number, check: Uint8Array): Uint8Array | undefined {
  if (cols.strings.some((s) => s.includes('\0'))) return undefined; // cannot be joined safely: no snapshot
  const names = utf8.encode(cols.strings.join('\0'));
  let ids: { bytes: Uint8Array; count: number };
  const undecoded = cols.idsUndecoded;
  if (undecoded && rows === cols.length) ids = undecoded; // read from a snapshot and not grown since: copied as is
  else {
    const list = cols.ids.slice(0, rows === cols.length ? cols.ids.length : Math.max(cols.code.turnId[rows - 1] ?? -1, cols.code.conversationId[rows - 1] ?? -1) + 1);
    if (list.some((s) => s.includes('\0'))) return undefined;
    ids = { bytes: utf8.encode(list.join('\0')), count: list.length };
  }
  const n = rows;
  const summary = summarize(cols, rows);
  const bodyLength = NUM_COLUMNS.length * n * 8 + CODE_COLUMNS.length * n * 4 + names.length + ids.bytes.length;
  const body = new Uint8Array(bodyLength);
  let at = 0;
  for (const c of NUM_COLUMNS) {
    new Float64Array(body.buffer, at, n).set(cols.num[c].subarray(0, n));
    at += n * 8;
  }
  for (const c of CODE_COLUMNS) {
    new Uint32Array(body.buffer, at, n).set(cols.code[c].subarray(0, n));
    at += n * 4;
  }
  body.set(names, at);
  body.set(ids.bytes, at + names.length);
  const header = utf8.encode(JSON.stringify({
    length: rows, offset, check: Buffer.from(check).toString('base64'), namesBytes: names.length, idsBytes: ids.bytes.length,
    names: cols.strings.length, ids: ids.count, crc: crc32(JSON.stringify(summary), crc32(body)), summary, summaryCrc: crc32(JSON.stringify(summary)),
  } satisfies SnapshotHeader));
  const start = pad8(8 + 4 + header.length);
  const out = new Uint8Array(start + bodyLength);
  out.set(utf8.encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  out.set(body, start);
  return out;
}

const maxOf = (a: Uint32Array) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
};

/** The columns and what they cover, or undefined when the bytes are not a whole, intact snapshot this version wrote. */
export function decodeSnapshot(bytes: Uint8Array): { header: SnapshotHeader; cols: LedgerColumns } | undefined {
  try {
    if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return undefined;
    // Typed-array views need an aligned start: copy when the buffer does not give one.
    const b = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    const headerLength = new DataView(b.buffer, b.byteOffset).getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(b.subarray(12, 12 + headerLength))) as SnapshotHeader;
    const n = header.length;
    if (![n, header.offset, header.namesBytes, header.idsBytes, header.names, header.ids, header.crc].every((v) => Number.isInteger(v) && v >= 0) || typeof header.check !== 'string') return undefined;
    const start = pad8(12 + headerLength);
    const stringsAt = start + NUM_COLUMNS.length * n * 8 + CODE_COLUMNS.length * n * 4;
    if (b.length !== stringsAt + header.namesBytes + header.idsBytes) return undefined;
    if (crc32(JSON.stringify(header.summary), crc32(b.subarray(start))) !== header.crc) return undefined;
    const summary = parseSummary(header.summary);
    if (!summary || summary.rows !== n) return undefined;
    let at = start;
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
    const strings = header.names === 0 ? [] : new TextDecoder().decode(b.subarray(stringsAt, stringsAt + header.namesBytes)).split('\0');
    if (strings.length !== header.names) return undefined;
    // Names and ids point into their tables; finish and basis into their lists.
    if (n > 0) {
      if (Math.max(maxOf(code.provider), maxOf(code.model), maxOf(code.workspace)) >= strings.length) return undefined;
      if (Math.max(maxOf(code.conversationId), maxOf(code.turnId)) >= header.ids) return undefined;
      if (maxOf(code.finish) >= LEDGER_FINISHES.length || maxOf(code.basis) > COST_BASES.length) return undefined;
    }
    const idBytes = b.subarray(stringsAt + header.namesBytes, stringsAt + header.namesBytes + header.idsBytes);
    const cols = LedgerColumns.fromParts(n, strings, { bytes: idBytes, count: header.ids }, num, code);
    cols.summary = summary;
    return { header, cols };
  } catch {
    return undefined;
  }
}

type RangeReader = { readRange(file: string, start: number, length: number): Promise<Uint8Array> };

/**
 * A snapshot's header and summary without its body (a few hundred bytes read): for the upkeep's "is it current?" and
 * for a report that needs only an old month's totals. Undefined when there is no whole snapshot of this layout there
 * or its summary fails its own checksum. The body is not checked here: a full read (decodeSnapshot) does that.
 */
export async function readSnapshotHeader(store: RangeReader, file: string): Promise<{ header: SnapshotHeader; summary: SegmentSummary } | undefined> {
  try {
    const head = await store.readRange(file, 0, 12);
    if (head.length < 12 || new TextDecoder().decode(head.subarray(0, 8)) !== MAGIC) return undefined;
    const headerLength = new DataView(head.buffer, head.byteOffset, 12).getUint32(8, true);
    if (headerLength > 1024 * 1024) return undefined;
    const h = JSON.parse(new TextDecoder().decode(await store.readRange(file, 12, headerLength))) as SnapshotHeader;
    if (![h.length, h.offset, h.namesBytes, h.idsBytes].every((v) => Number.isInteger(v) && v >= 0) || typeof h.check !== 'string') return undefined;
    const summary = parseSummary(h.summary);
    if (!summary || summary.rows !== h.length || crc32(JSON.stringify(h.summary)) !== h.summaryCrc) return undefined;
    const end = pad8(12 + headerLength) + NUM_COLUMNS.length * h.length * 8 + CODE_COLUMNS.length * h.length * 4 + h.namesBytes + h.idsBytes;
    // A torn snapshot (cut short by a crash) is not whole: exactly its last byte is there and nothing after it.
    if ((await store.readRange(file, end - 1, 2)).length !== 1) return undefined;
    return { header: h, summary };
  } catch {
    return undefined;
  }
}

/**
 * How many bytes of its month file the snapshot at `file` covers, from its header alone; undefined when there is no
 * readable snapshot there. Only a hint for the upkeep (a full read still checks the body and the month file).
 */
export async function readSnapshotCoverage(store: RangeReader, file: string): Promise<number | undefined> {
  return (await readSnapshotHeader(store, file))?.header.offset;
}
