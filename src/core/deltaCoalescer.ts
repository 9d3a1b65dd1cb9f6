import { systemClock, type Clock } from './clock';
import type { SendWindow } from './panelWindow';

/** The least time between two messages without flow control: a quarter of a 60 Hz frame (16.7 ms). */
export const DEFAULT_MIN_GAP_MS = 4;

/** What a piece of streamed text is: the answer, or the model's reasoning shown apart from it. */
export type StreamKind = 'answer' | 'thinking';

/** Flow control: text waits while the window is closed, but never longer than `maxHoldMs` (timed by `clock`). */
export interface FlowControl {
  window: SendWindow;
  maxHoldMs: number;
  clock?: Clock;
}

/**
 * Merges token deltas into as few panel messages as can be done without holding text back. Text goes out once the
 * event loop has finished the turn it arrived in (a setImmediate), so every token the SDK parsed from one socket read
 * — a burst, a very fast model — travels as one message, and a token on its own is sent at once. Messages are at
 * least `minGapMs` apart, which bounds their rate on a stream of one token per read at thousands of tokens per second;
 * text that arrives inside the gap waits for its end, never longer. With flow control (the panel's acks, see
 * PanelWindow) text also waits while the panel has too many messages still to draw, and goes as one message when it
 * has drawn one; the first text of a turn never waits.
 *
 * Thinking and answer text share one buffer of runs, so a flush emits them in the order they arrived (a model may
 * think again between parts of its answer); a run is merged only with the run of the same kind right before it.
 *
 * (It used to send at most one message per 16 ms frame: at 200 tokens/s that held each token back by 11 ms on
 * average, and a timer that fired late on a busy extension host held it longer; the panel renders what it has at
 * every frame anyway, so holding text for a frame only made it miss one. See bench/latency.)
 */
export class DeltaCoalescer {
  private runs: { kind: StreamKind; text: string }[] = [];
  private lastFlush = -Infinity;
  // What is scheduled to flush, at most one of the three kinds at a time. Kept as fields, with one flush callback for
  // the coalescer's life, rather than a closure and an object per message (the host's per-token path).
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopWaiting: (() => void) | undefined;
  private cancelHold: (() => void) | undefined;
  private readonly flushNow = (): void => this.flush();

  constructor(
    private readonly emit: (text: string, kind: StreamKind) => void,
    private readonly minGapMs = DEFAULT_MIN_GAP_MS,
    private readonly now: () => number = () => performance.now(),
    private readonly flow?: FlowControl,
  ) {}

  push(text: string, kind: StreamKind = 'answer'): void {
    if (!text) return;
    const last = this.runs.at(-1);
    if (last?.kind === kind) last.text += text;
    else this.runs.push({ kind, text });
    if (this.immediate !== undefined || this.timer !== undefined || this.stopWaiting !== undefined) return;
    if (this.flow && !this.flow.window.open) {
      this.awaitWindow(this.flow);
      return;
    }
    const wait = this.lastFlush + this.minGapMs - this.now();
    if (wait > 0) this.timer = setTimeout(this.flushNow, wait);
    else this.immediate = setImmediate(this.flushNow);
  }

  /** Emit whatever is buffered now (before the turn ends, so no text trails its turn-end). */
  flush(): void {
    this.cancelPending();
    if (!this.runs.length) return;
    const runs = this.runs;
    this.runs = [];
    this.lastFlush = this.now();
    for (const run of runs) this.emit(run.text, run.kind);
  }

  dispose(): void {
    this.flush();
  }

  private cancelPending(): void {
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.stopWaiting?.();
    this.cancelHold?.();
    this.immediate = this.timer = this.stopWaiting = this.cancelHold = undefined;
  }

  /** Sends when the panel acks (everything gathered meanwhile, as one message) or when the hold runs out. */
  private awaitWindow({ window, maxHoldMs, clock = systemClock }: FlowControl): void {
    this.stopWaiting = window.whenOpen(this.flushNow);
    this.cancelHold = clock.schedule(maxHoldMs, this.flushNow);
  }
}
