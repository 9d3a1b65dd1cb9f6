import type * as http from 'node:http';

/** Faults applied to any streamed body, counted in body bytes. */
export interface Faults {
  /** Destroy the socket (a TCP reset as the client sees it) after this many body bytes. */
  resetAfterBytes?: number;
  /** Go silent for `stallMs` after this many body bytes (0: before the first byte). */
  stallAfterBytes?: number;
  stallMs?: number;
}

/**
 * One turn of the event loop, guaranteed to include a poll phase: an immediate queued from the check phase runs only
 * in the next iteration, after that iteration has polled for I/O. One `setImmediate` is not enough: queued from the
 * poll phase it runs in the same iteration, before a client in this process has read what was just written.
 */
export function loopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** Response writer that notices the client going away and never writes after that. */
export class Writer {
  closed = false;
  serverReset = false;
  private sent = 0;
  private faults: Faults = {};
  private stalled = false;
  private wakeUp: (() => void) | undefined;
  /** Resolves when the last write has been handed to the kernel (its callback ran) or the exchange is over. */
  private lastWrite: Promise<void> = Promise.resolve();
  private readonly closedSignal: Promise<void>;

  /** `onWrite`: called as each piece of the body is handed to the socket (the benchmarks' write stamps). */
  constructor(private readonly res: http.ServerResponse, private readonly onWrite?: () => void) {
    const socket = res.socket;
    // Node's server already disables Nagle by default; split replays depend on it, so say so here.
    socket?.setNoDelay(true);
    let onClosed!: () => void;
    this.closedSignal = new Promise((r) => (onClosed = r));
    res.on('close', () => {
      this.closed = true;
      // The client went away mid-response (a FIN): drop our half of the connection too, as a real API front end does.
      if (!res.writableFinished) socket?.destroy();
      this.wakeUp?.();
      onClosed();
    });
  }

  head(status: number, headers: Record<string, string>, faults: Faults = {}): void {
    this.faults = faults;
    this.res.writeHead(status, headers);
    this.res.flushHeaders();
  }

  /**
   * Write a piece of the body, applying the scenario's faults. Resolves false once the exchange is over (client gone,
   * or the fault reset the connection), so callers stop.
   */
  async send(piece: string | Buffer): Promise<boolean> {
    let bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    const { resetAfterBytes, stallAfterBytes, stallMs } = this.faults;
    if (stallAfterBytes !== undefined && stallMs && !this.stalled && this.sent + bytes.length > stallAfterBytes) {
      const head = stallAfterBytes - this.sent;
      if (head > 0) this.write(bytes.subarray(0, head));
      this.sent += Math.max(0, head);
      bytes = bytes.subarray(Math.max(0, head));
      this.stalled = true;
      await this.pause(stallMs);
    }
    if (this.closed) return false;
    if (resetAfterBytes !== undefined && this.sent + bytes.length >= resetAfterBytes) {
      this.write(bytes.subarray(0, resetAfterBytes - this.sent));
      // Let the partial bytes leave before the reset, as a connection dropping mid-body would.
      await new Promise((r) => setTimeout(r, 20));
      this.reset();
      return false;
    }
    this.write(bytes);
    this.sent += bytes.length;
    return !this.closed;
  }

  /**
   * Resolves once everything written so far has left for the socket and the event loop has polled for I/O since,
   * so the next write reaches the client as its own read instead of being coalesced with this one (by http's
   * per-tick cork, or by the client reading two segments at once).
   */
  async flushed(): Promise<void> {
    await Promise.race([this.lastWrite, this.closedSignal]);
    if (!this.closed) await loopTurn();
  }

  write(data: string | Buffer): void {
    if (this.closed) return;
    this.onWrite?.();
    this.lastWrite = new Promise((resolve) => this.res.write(data, () => resolve()));
  }

  end(data?: string): void {
    if (!this.closed) this.res.end(data);
  }

  reset(): void {
    this.serverReset = true;
    // A real TCP RST (not a FIN): the body is cut mid-stream as when a connection drops.
    this.res.socket?.resetAndDestroy();
  }

  /** Sleep, cut short when the client disconnects. */
  pause(ms: number): Promise<void> {
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wakeUp = undefined; resolve(); }, ms);
      this.wakeUp = () => { clearTimeout(t); this.wakeUp = undefined; resolve(); };
    });
  }
}
