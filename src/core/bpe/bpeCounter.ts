import type { RankTable } from './rankTable';

const NONE = 0x7fffffff;
/** Longer pieces (a run of letters with no space, a base64 blob) merge through a heap: O(n log n), not O(n²). */
const LONG_PIECE = 256;
/** A heap key: the pair's rank, then its start, so the leftmost of equal ranks comes first (as in the plain loop). */
const KEY = 2 ** 32;

/** FNV-1a over bytes[start, end). */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/**
 * Byte-level BPE over a `RankTable`: the rank of a byte string through an open-addressing hash index (a typed array
 * too), and the number of tokens a piece of text becomes. Counting only: nothing here builds the tokens.
 */
export class BpeCounter {
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Scratch for the plain merge loop (pieces of up to LONG_PIECE bytes). */
  private readonly starts = new Int32Array(LONG_PIECE + 1);
  private readonly pairRanks = new Int32Array(LONG_PIECE + 1);

  constructor(private readonly table: RankTable) {
    const n = table.offsets.length - 1;
    let size = 1;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size); // rank + 1; 0 is empty
    this.mask = size - 1;
    const { bytes, offsets } = table;
    for (let r = 0; r < n; r++) {
      if (offsets[r] === offsets[r + 1]) continue;
      let s = hash(bytes, offsets[r], offsets[r + 1]) & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = r + 1;
    }
  }

  /** The rank of piece[start, end), or NONE. */
  rank(piece: Uint8Array, start: number, end: number): number {
    const { bytes, offsets } = this.table;
    const len = end - start;
    for (let s = hash(piece, start, end) & this.mask; ; s = (s + 1) & this.mask) {
      const slot = this.slots[s];
      if (slot === 0) return NONE;
      const r = slot - 1;
      const at = offsets[r];
      if (offsets[r + 1] - at !== len) continue;
      let i = 0;
      while (i < len && bytes[at + i] === piece[start + i]) i++;
      if (i === len) return r;
    }
  }

  /**
   * Tokens in piece[0, len) (one pre-tokenized piece): merge the adjacent pair of lowest rank, the leftmost on a tie,
   * until no adjacent pair is in the vocabulary. Every single byte is a token, so a piece is never empty of them.
   */
  countPiece(piece: Uint8Array, len: number): number {
    if (len <= 1) return len;
    if (this.rank(piece, 0, len) !== NONE) return 1;
    if (len > LONG_PIECE) return this.countLongPiece(piece, len);
    const starts = this.starts;
    const ranks = this.pairRanks;
    // Part i is piece[starts[i], starts[i + 1]); ranks[i]: the rank of parts i and i + 1 merged.
    let parts = len;
    for (let i = 0; i <= len; i++) starts[i] = i;
    for (let i = 0; i < parts - 1; i++) ranks[i] = this.rank(piece, i, i + 2);
    for (;;) {
      let best = NONE;
      let at = -1;
      for (let i = 0; i < parts - 1; i++) {
        if (ranks[i] < best) {
          best = ranks[i];
          at = i;
        }
      }
      if (at < 0) return parts;
      // Parts at and at + 1 become one: drop the start of at + 1.
      starts.copyWithin(at + 1, at + 2, parts + 1);
      ranks.copyWithin(at + 1, at + 2, parts);
      parts--;
      ranks[at] = at + 1 < parts ? this.rank(piece, starts[at], starts[at + 2]) : NONE;
      if (at > 0) ranks[at - 1] = this.rank(piece, starts[at - 1], starts[at + 1]);
    }
  }

  /**
   * The same merges as `countPiece`'s loop, for long pieces: parts are a linked list by start, and every adjacent
   * pair sits in a min-heap by (rank, start). An entry whose pair has changed since is skipped when it comes up.
   */
  private countLongPiece(piece: Uint8Array, len: number): number {
    // next[s]: where the part starting at s ends (len for the last); prev[s]: where the one before starts (-1: none).
    const next = new Int32Array(len);
    const prev = new Int32Array(len);
    const alive = new Uint8Array(len).fill(1);
    for (let s = 0; s < len; s++) {
      next[s] = s + 1;
      prev[s] = s - 1;
    }
    const heap: number[] = [];
    const pairRank = (s: number) => (next[s] < len ? this.rank(piece, s, next[next[s]]) : NONE);
    const push = (s: number) => {
      const r = pairRank(s);
      if (r !== NONE) heapPush(heap, r * KEY + s);
    };
    for (let s = 0; s < len - 1; s++) push(s);
    let parts = len;
    while (heap.length) {
      const key = heapPop(heap);
      const s = key % KEY;
      const r = (key - s) / KEY;
      if (!alive[s] || pairRank(s) !== r) continue; // stale: merged away, or its neighbour changed
      const gone = next[s];
      alive[gone] = 0;
      next[s] = next[gone];
      if (next[s] < len) prev[next[s]] = s;
      parts--;
      push(s);
      if (prev[s] >= 0) push(prev[s]);
    }
    return parts;
  }
}

function heapPush(heap: number[], key: number): void {
  let i = heap.push(key) - 1;
  while (i > 0) {
    const up = (i - 1) >> 1;
    if (heap[up] <= key) break;
    heap[i] = heap[up];
    i = up;
  }
  heap[i] = key;
}

function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const c = l + 1 < heap.length && heap[l + 1] < heap[l] ? l + 1 : l;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
  return top;
}
