import type { ModelPrice } from './pricing';
import type { CostBasis } from './providers/modelInfo';
import type { TokenUsage } from './streamEvents';

/**
 * What an answer's reasoning tokens cost, as a part of its cost: both APIs bill them as output tokens, already in
 * `outputTokens`, so this is a breakdown, never added on top. Only where the cost comes from a price row: a cost the
 * server reported as one figure (OpenRouter) has no known per-token split, and local or included models cost nothing.
 */
export function reasoningCostUsd(price: ModelPrice | undefined, usage: TokenUsage, basis: CostBasis): number | undefined {
  if (!price || basis !== 'priced' || !usage.reasoningTokens) return undefined;
  return (usage.reasoningTokens * price.output) / 1_000_000;
}
