/** Counts tokens of text the provider did not report usage for (cancelled or interrupted answers). */
export interface TokenCounter {
  count(text: string): number;
}

/** Loaded lazily: the tokenizer's tables are megabytes and only needed when a provider sent no usage. */
export type TokenCounterLoader = () => Promise<TokenCounter>;

/** Rough fallback when the real tokenizer cannot be loaded: about four characters per token. */
export const approximateCounter: TokenCounter = {
  count: (text) => Math.ceil(text.length / 4),
};

/** Counters each loader has produced: whether the tokenizer is in memory already can be asked without loading it. */
const loaded = new WeakMap<TokenCounterLoader, TokenCounter>();
/** Loads under way: a draft's estimate and a turn's may both need the first load at once; the tables are built once. */
const loading = new WeakMap<TokenCounterLoader, Promise<TokenCounter>>();

/** The loader's counter (the approximate one without a loader, or when loading fails). */
export async function loadCounter(load: TokenCounterLoader | undefined): Promise<TokenCounter> {
  if (!load) return approximateCounter;
  const counter = loaded.get(load);
  if (counter) return counter;
  let pending = loading.get(load);
  if (!pending) {
    pending = new Promise<TokenCounter>((resolve) => resolve(load())).then(
      (c) => { loaded.set(load, c); return c; },
      () => approximateCounter, // not remembered: a later request tries again
    ).finally(() => loading.delete(load));
    loading.set(load, pending);
  }
  return pending;
}

/** The loader's counter if `loadCounter` has loaded it before (no loader: the approximate one); never loads. */
export function loadedCounter(load: TokenCounterLoader | undefined): TokenCounter | undefined {
  return load ? loaded.get(load) : approximateCounter;
}
