import type { StreamSession } from './streamSession';

/** The request that holds the slot; `session` is set once its stream is created. */
export interface Running {
  turnId: string;
  session?: StreamSession;
  finished: Promise<void>;
  cancelRequested: boolean;
}

/**
 * One live stream, latest request wins: a new request cancels the running one (and any still waiting to start)
 * and starts once it has ended, so the old turn-end always precedes the new turn-start, and requests fired in a
 * burst leave exactly one stream running, every other turn recorded as cancelled.
 */
export class RequestSlot {
  private running: Running | undefined;

  constructor(private readonly onStreamingChange?: (streaming: boolean) => void) {}

  get current(): Running | undefined {
    return this.running;
  }

  async run(turnId: string, body: (running: Running) => Promise<void>): Promise<void> {
    let resolveFinished!: () => void;
    const running: Running = { turnId, finished: new Promise((r) => (resolveFinished = r)), cancelRequested: false };
    const previous = this.running;
    this.running = running;
    try {
      if (previous) {
        previous.cancelRequested = true;
        previous.session?.cancel();
        await previous.finished;
      }
      this.onStreamingChange?.(true);
      await body(running);
    } finally {
      if (this.running === running) {
        this.running = undefined;
        this.onStreamingChange?.(false);
      }
      resolveFinished();
    }
  }

  /** Stop the running request (any, or only `turnId`'s). Resolves when it has ended. */
  async cancel(turnId?: string): Promise<void> {
    const r = this.running;
    if (!r || (turnId !== undefined && r.turnId !== turnId)) return;
    r.cancelRequested = true;
    r.session?.cancel();
    await r.finished;
  }
}
