import { priceSourceOf, type ModelPrice, type PriceSource } from './pricing';
import type { TokenUsage } from './streamEvents';

/**
 * What prompt caching saved on one request, in USD: the cached tokens read at the cache-read price instead of the
 * input price, less the premium paid for writing tokens to the cache (Anthropic charges 1.25× input for a 5-minute
 * write). Negative on a request that only wrote (the follow-ups that read it get the saving back). Undefined when the
 * model has no price or nothing touched the cache. Both usage conventions arrive here already normalised:
 * `cacheReadTokens` / `cacheWriteTokens` are parts of `inputTokens` (see TokenUsage).
 */
export function cacheSavingsUsd(price: ModelPrice | undefined, usage: TokenUsage): number | undefined {
  const read = usage.cacheReadTokens ?? 0;
  const write = usage.cacheWriteTokens ?? 0;
  if (!price || (read === 0 && write === 0)) return undefined;
  const perMillion = read * (price.input - (price.cacheRead ?? price.input)) - write * ((price.cacheWrite ?? price.input) - price.input);
  return perMillion / 1_000_000;
}

/**
 * What a session result adds when its cost came from a price row (a reported cost already has caching in it): the
 * caching saving, and where the row came from.
 */
export function pricedExtras(price: ModelPrice | undefined, usage: TokenUsage): { savedUsd?: number; priceSource?: PriceSource } {
  if (!price) return {};
  const saved = cacheSavingsUsd(price, usage);
  return { ...(saved === undefined ? {} : { savedUsd: saved }), priceSource: priceSourceOf(price) };
}
