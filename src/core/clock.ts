/**
 * Time as core code sees it: a monotonic `now` and one-shot timers. Injected where behaviour depends on time, so tests
 * drive it with a manual clock instead of waiting and measuring.
 */
export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it (a no-op once it ran). */
  schedule(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  schedule(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};
