import * as fs from 'node:fs';
import { transcriptPath } from '../server/fixtures';

/**
 * What the local server is asked to write for a replay, worked out here independently of the server's own cutting
 * code, so the delivery tests compare against the intended writes rather than against the server's idea of them.
 */

/** The body a replay serves: the transcript, plus the final blank line some SDK fixtures lack (test/fixtures/README.md). */
export function servedBody(transcript: string): Buffer {
  const file = fs.readFileSync(transcriptPath(transcript));
  const text = file.toString('latin1');
  const pad = text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return Buffer.concat([file, Buffer.from(pad)]);
}

/** The writes of a replay: `size` bytes each, or (no size) one SSE event each, its blank line included. */
export function expectedWrites(body: Buffer, size?: number): Buffer[] {
  const out: Buffer[] = [];
  if (size) {
    for (let i = 0; i < body.length; i += size) out.push(body.subarray(i, Math.min(body.length, i + size)));
    return out;
  }
  const text = body.toString('latin1'); // one char per byte, so string offsets are byte offsets
  let start = 0;
  while (start < text.length) {
    const blank = text.indexOf('\n\n', start);
    const end = blank === -1 ? text.length : blank + 2;
    out.push(body.subarray(start, end));
    start = end;
  }
  return out;
}

/** Offsets at which a multi-byte UTF-8 character is cut between two consecutive pieces. */
export function utf8Cuts(pieces: Uint8Array[]): number[] {
  const cuts: number[] = [];
  let offset = 0;
  for (let i = 0; i + 1 < pieces.length; i++) {
    offset += pieces[i].length;
    // A continuation byte (10xxxxxx) at the start of the next piece means a character began in this one.
    if (pieces[i + 1].length > 0 && (pieces[i + 1][0] & 0xc0) === 0x80) cuts.push(offset);
  }
  return cuts;
}
