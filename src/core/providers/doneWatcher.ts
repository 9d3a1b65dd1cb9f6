/**
 * Notes whether `data: [DONE]` went by in a Chat Completions body, across chunk boundaries too: the OpenAI SDK
 * consumes the terminator silently and ends the same way when the body is cut. One native search per chunk and no
 * copies (the previous watcher concatenated the last bytes with every chunk); it stops looking once seen.
 */
const DONE = Buffer.from('data: [DONE]');
const D = DONE[0];

export class DoneWatcher {
  seen = false;
  /** How many of the marker's first bytes the previous chunk ended with (the marker cut by a chunk boundary). */
  private partial = 0;

  push(chunk: Uint8Array): void {
    if (this.seen) return;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.partial) {
      const need = DONE.length - this.partial;
      const n = Math.min(need, bytes.length);
      if (bytes.compare(DONE, this.partial, this.partial + n, 0, n) === 0) {
        if (n === need) this.seen = true;
        else this.partial += n;
        return;
      }
      this.partial = 0;
    }
    if (bytes.includes(DONE)) {
      this.seen = true;
      return;
    }
    // The marker's first byte occurs nowhere else in it, so only its last occurrence can begin a cut marker.
    const at = bytes.lastIndexOf(D);
    const k = bytes.length - at;
    if (at >= 0 && k < DONE.length && bytes.compare(DONE, 0, k, at) === 0) this.partial = k;
  }
}
