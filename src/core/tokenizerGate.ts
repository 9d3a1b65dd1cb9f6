import { systemClock, type Clock } from './clock';
import type { ChatEngineDeps } from './engineDeps';
import { loadedCounter, type TokenCounterLoader } from './tokenCounter';

/** How long a first load of the tokenizer waits after the turn that streamed over it has ended. */
export const AFTER_TURN_MS = 100;

type Job = () => Promise<void>;

/**
 * Keeps the tokenizer's first load out of a streaming answer: it blocks the host's one thread for ~0.2-0.3 s, and
 * every token arriving meanwhile waits behind it. An estimate asked for while a turn streams and the tokenizer is not
 * in memory waits until no turn streams, then AFTER_TURN_MS (the answer's last messages leave first); only the newest
 * waiting estimate runs then, each newer one superseding the one before (one load, not one per keystroke). With the
 * tokenizer in memory, counting is quick: estimates run at once, stream or not.
 */
export class TokenizerGate {
  private streaming = false;
  private waiting: { job: Job; settle: (done: Promise<void>) => void } | undefined;
  private cancelTimer: (() => void) | undefined;

  constructor(private readonly load: TokenCounterLoader | undefined, private readonly clock: Clock = systemClock) {}

  /** Whether an estimate asked for now would wait. */
  get holds(): boolean {
    return !this.warm && (this.streaming || this.waiting !== undefined);
  }

  private get warm(): boolean {
    return loadedCounter(this.load) !== undefined;
  }

  /** Runs `job` now or once the gate opens; resolves when it has run, or at once if a newer job superseded it. */
  run(job: Job): Promise<void> {
    if (!this.holds) {
      this.drop(); // the tokenizer came into memory while one waited: this newer job replaces it
      return job();
    }
    this.waiting?.settle(Promise.resolve());
    return new Promise((resolve) => {
      this.waiting = { job, settle: resolve };
    });
  }

  /** The engine's streaming state (RequestSlot's onStreamingChange): a stopped or failed turn ends it too. */
  streamingChanged(on: boolean): void {
    this.streaming = on;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (on || !this.waiting) return;
    if (this.warm) return this.release(); // the turn's own estimate loaded it meanwhile
    this.cancelTimer = this.clock.schedule(AFTER_TURN_MS, () => {
      this.cancelTimer = undefined;
      this.release();
    });
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.settle(waiting.job());
  }

  private drop(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.waiting?.settle(Promise.resolve());
    this.waiting = undefined;
  }
}

/** The engine's deps with a gate for draft estimates that follows the engine's streaming state. */
export function withTokenizerGate(deps: ChatEngineDeps): ChatEngineDeps {
  const gate = new TokenizerGate(deps.loadTokenCounter, deps.clock);
  return {
    ...deps,
    tokenizerGate: gate,
    onStreamingChange: (on) => {
      gate.streamingChanged(on);
      deps.onStreamingChange?.(on);
    },
  };
}
