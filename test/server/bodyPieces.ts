import type { Writer } from './writer';

/** How a replayed or raw body is cut into writes and paced. */
export interface PieceOptions {
  /** Write the body in pieces cut at these byte offsets (overrides chunkBytes). */
  splitAt?: number[];
  /** Bytes per write; default: the caller's default cut (one SSE event per write for replays). */
  chunkBytes?: number;
  /** Pause between writes. */
  delayMs?: number;
  /** End with a socket reset instead of a clean end. */
  endWith?: 'end' | 'reset';
}

/** The writes a body is cut into. */
export function bodyPieces(bytes: Buffer, how: PieceOptions, defaultPieces: (bytes: Buffer) => Buffer[]): Buffer[] {
  if (how.splitAt) return splitAtOffsets(bytes, how.splitAt);
  if (how.chunkBytes) return splitBytes(bytes, how.chunkBytes);
  return defaultPieces(bytes);
}

/**
 * Write a whole body in the scenario's pieces and pacing, then end it (or reset the connection). Each piece reaches
 * the client as its own read: the head, every piece and the terminating chunk are each written only after the
 * previous write has left and the event loop has turned, so neither http's cork nor the client's reads join them.
 */
export async function streamBytes(
  out: Writer,
  bytes: Buffer,
  how: PieceOptions,
  defaultPieces: (bytes: Buffer) => Buffer[],
): Promise<void> {
  for (const piece of bodyPieces(bytes, how, defaultPieces)) {
    await out.flushed();
    if (!(await out.send(piece))) return;
    if (how.delayMs) await out.pause(how.delayMs);
  }
  await out.flushed();
  if (how.endWith === 'reset') out.reset();
  else out.end();
}

export function splitAtOffsets(bytes: Buffer, offsets: number[]): Buffer[] {
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

export function splitBytes(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** One piece per SSE event (each ending with its blank line), the way the APIs flush. */
export function splitEvents(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf('\n\n'); i !== -1; i = bytes.indexOf('\n\n', start)) {
    out.push(bytes.subarray(start, i + 2));
    start = i + 2;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}
