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

/** The loader's counter (the approximate one without a loader, or when loading fails). */
export async function loadCounter(load: TokenCounterLoader | undefined): Promise<TokenCounter> {
  if (!load) return approximateCounter;
  try {
    const counter = loaded.get(load) ?? (await load());
    loaded.set(load, counter);
    return counter;
  } catch {
    return approximateCounter;
  }
}

/** The loader's counter if `loadCounter` has loaded it before (no loader: the approximate one); never loads. */
export function loadedCounter(load: TokenCounterLoader | undefined): TokenCounter | undefined {
  return load ? loaded.get(load) : approximateCounter;
}
