import type { Clock } from './clock';
import type { RetryPolicy } from './streamSession';

/**
 * Exponential backoff with full jitter: a uniform draw between 0 and a ceiling that doubles with each failed attempt
 * and is capped at `maxDelayMs`. Full jitter spreads clients that failed together (a 429 storm) over the whole window.
 */
export function backoffDelay(retry: RetryPolicy, failedAttempts: number, random: () => number): number {
  return random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failedAttempts - 1));
}

/** Resolves after ms, or as soon as signal aborts; leaves no timer behind either way. */
export function sleep(ms: number, signal: AbortSignal, schedule: Clock['schedule']): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      cancelTimer();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const cancelTimer = schedule(ms, done);
    signal.addEventListener('abort', done);
  });
}
