/**
 * When a stream's first thinking token and first answer token arrived, and the figures that follow from them. A
 * reasoning model can think for many seconds before it answers, so one "time to first token" would either hide the
 * wait for the answer or call the thinking a silence: both are kept.
 */
export interface SessionMetrics {
  /** Time to the first answer token; null when none arrived. */
  ttftMs: number | null;
  /** Time to the first thinking token; absent when the model streamed no thinking. */
  thinkingTtftMs?: number;
  totalMs: number;
  tokensPerSecond: number | null;
}

export class StreamTimings {
  private firstThinkingAt: number | null = null;
  private firstAnswerAt: number | null = null;

  constructor(private readonly startedAt: number, private readonly now: () => number) {}

  /** A thinking token arrived (the clock is read only for the first one). */
  thinking(): void {
    if (this.firstThinkingAt === null) this.firstThinkingAt = this.now();
  }

  /** An answer token arrived (the clock is read only for the first one). */
  answer(): void {
    if (this.firstAnswerAt === null) this.firstAnswerAt = this.now();
  }

  /**
   * The stream's figures once it ended. Speed counts from the first token of either kind: reasoning tokens are part
   * of the output tokens, so timing them from the first answer token would overstate the rate.
   */
  metrics(endedAt: number, outputTokens: number): SessionMetrics {
    const first = [this.firstThinkingAt, this.firstAnswerAt].filter((t): t is number => t !== null);
    const firstAt = first.length ? Math.min(...first) : null;
    const genSeconds = firstAt === null ? 0 : (endedAt - firstAt) / 1000;
    return {
      ttftMs: this.firstAnswerAt === null ? null : this.firstAnswerAt - this.startedAt,
      ...(this.firstThinkingAt === null ? {} : { thinkingTtftMs: this.firstThinkingAt - this.startedAt }),
      totalMs: endedAt - this.startedAt,
      tokensPerSecond: genSeconds > 0.001 && outputTokens > 0 ? outputTokens / genSeconds : null,
    };
  }
}
