/**
 * Whether a signal has aborted, read without a property access on the signal at the caller's site.
 *
 * Every AbortSignal Node creates gets a hidden class (map) of its own, so `signal.aborted` in optimized code is a map
 * check that fails for the next request's signal. In the adapters' stream generators, which run once per request and
 * are resumed per token, that check after the read loop deoptimized the whole generator at the end of every answer,
 * and V8 compiled it again (~20 ms of CPU) during the next one: measured with --trace-deopt in bench:host. Calling the
 * prototype's getter leaves the load inside the getter, whose feedback is shared by all signals (megamorphic, never
 * a deopt).
 */
const abortedGetter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')?.get;

export const isAborted: (signal: AbortSignal) => boolean = abortedGetter
  ? (signal) => abortedGetter.call(signal) as boolean
  : (signal) => signal.aborted;

/**
 * Calls `fn` when `signal` aborts; the returned function stops listening. The same reason as isAborted: the listener is
 * added and removed here, where every signal goes by, and not at a site of a per-request function (StreamSession.run,
 * whose end deoptimized at `signal.removeEventListener` for every new session's signal).
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  signal.addEventListener('abort', fn);
  return () => signal.removeEventListener('abort', fn);
}
