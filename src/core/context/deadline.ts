/**
 * Waiting for language features with a bound: a language server that hangs must not hold the request back. The
 * timer is injected so tests control time.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type Settled = 'done' | 'timeout' | 'cancelled';

/**
 * Resolves when `work` settles (a rejection counts as done: what arrived before it is used), when `ms` pass, or when
 * `signal` aborts, whichever is first. It never rejects.
 */
export function settleWithin(work: Promise<unknown>, ms: number, signal?: AbortSignal, timers: Timers = realTimers): Promise<Settled> {
  if (signal?.aborted) return Promise.resolve('cancelled');
  return new Promise<Settled>((resolve) => {
    const finish = (how: Settled) => {
      timers.clearTimeout(handle);
      signal?.removeEventListener('abort', onAbort);
      resolve(how);
    };
    const onAbort = () => finish('cancelled');
    const handle = timers.setTimeout(() => finish('timeout'), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(() => finish('done'), () => finish('done'));
  });
}
