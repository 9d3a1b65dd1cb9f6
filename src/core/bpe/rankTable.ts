/**
 * A byte-pair vocabulary as two typed arrays: every token's bytes end to end, and where each rank's bytes start. Typed
 * arrays keep their contents outside the JavaScript heap, so the garbage collector never walks the vocabulary: held as
 * 200k strings in a Map (gpt-tokenizer's form), the o200k tables made every full collection of the extension host
 * about 16 ms longer (measured in Node with the bundle loaded), and those collections run on the thread that forwards
 * the tokens to the panel.
 */
export interface RankTable {
  /** The tokens' UTF-8 bytes, rank after rank. */
  bytes: Uint8Array;
  /** Rank r is bytes[offsets[r] .. offsets[r + 1]]; an unused rank has no bytes. */
  offsets: Uint32Array;
}

/** A vocabulary as gpt-tokenizer ships it: index = rank, a string or (for tokens that are not whole UTF-8) bytes. */
export type RawRanks = readonly (string | readonly number[] | undefined)[];

export function packRanks(ranks: RawRanks): RankTable {
  const encoder = new TextEncoder();
  const offsets = new Uint32Array(ranks.length + 1);
  let bytes = new Uint8Array(ranks.length * 8);
  let at = 0;
  for (let r = 0; r < ranks.length; r++) {
    offsets[r] = at;
    const token = ranks[r];
    if (token === undefined) continue;
    const room = typeof token === 'string' ? token.length * 3 : token.length;
    if (at + room > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + room));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    if (typeof token === 'string') at += encoder.encodeInto(token, bytes.subarray(at)).written;
    else for (const b of token) bytes[at++] = b;
  }
  offsets[ranks.length] = at;
  return { bytes: bytes.slice(0, at), offsets };
}

/** One buffer: the rank count (u32, little-endian), each rank's length in bytes (u8: o200k's longest is 128), the bytes. */
export function serializeRankTable(t: RankTable): Uint8Array {
  const n = t.offsets.length - 1;
  const out = new Uint8Array(4 + n + t.bytes.length);
  new DataView(out.buffer).setUint32(0, n, true);
  for (let r = 0; r < n; r++) {
    const len = t.offsets[r + 1] - t.offsets[r];
    if (len > 255) throw new Error(`rank ${r} is ${len} bytes long`);
    out[4 + r] = len;
  }
  out.set(t.bytes, 4 + n);
  return out;
}

export function parseRankTable(buf: Uint8Array): RankTable {
  const n = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(0, true);
  const offsets = new Uint32Array(n + 1);
  for (let r = 0; r < n; r++) offsets[r + 1] = offsets[r] + buf[4 + r];
  if (4 + n + offsets[n] !== buf.byteLength) throw new Error('The tokenizer\'s vocabulary is damaged (its sizes do not add up).');
  // A copy, so the table does not keep the decompressed buffer it came in alive.
  return { bytes: buf.slice(4 + n), offsets };
}
