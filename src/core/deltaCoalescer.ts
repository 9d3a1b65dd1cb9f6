/** What a piece of streamed text is: the answer, or the model's reasoning shown apart from it. */
export type StreamKind = 'answer' | 'thinking';

/**
 * Batches token deltas into at most one flush per interval (about one animation frame). The first delta after a
 * quiet period goes out at once, so slow streams are not held back; bursts are merged, so fast streams do not flood
 * postMessage with one message per token. Thinking and answer text share one buffer of runs, so a flush emits them
 * in the order they arrived (a model may think again between parts of its answer); a run is merged only with the
 * run of the same kind right before it.
 */
export class DeltaCoalescer {
  private runs: { kind: StreamKind; text: string }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = -Infinity;

  constructor(
    private readonly emit: (text: string, kind: StreamKind) => void,
    private readonly intervalMs = 16,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(text: string, kind: StreamKind = 'answer'): void {
    if (!text) return;
    const last = this.runs.at(-1);
    if (last?.kind === kind) last.text += text;
    else this.runs.push({ kind, text });
    if (this.timer) return;
    const wait = this.lastFlush + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Emit whatever is buffered now (before the turn ends, so no text trails its turn-end). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.runs.length) return;
    const runs = this.runs;
    this.runs = [];
    this.lastFlush = this.now();
    for (const run of runs) this.emit(run.text, run.kind);
  }

  dispose(): void {
    this.flush();
  }
}
