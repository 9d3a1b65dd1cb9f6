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
