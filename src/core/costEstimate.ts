import type { EstimateView } from './costProtocol';
import type { ModelPrice } from './pricing';
import type { ChatMessage } from './provider';
import type { CostBasis } from './providers/modelInfo';
import type { TokenCounter } from './tokenCounter';

/**
 * Chat-format framing around each message, as OpenAI counts it for its chat models: about three tokens of markers plus
 * one for the role, and three that prime the reply. Checked against the recorded gpt-4o-mini prompt (exact there);
 * Anthropic frames messages differently and has no public tokenizer, so for Claude this is an estimate either way
 * (see costEstimate.test.ts for the error measured on the recordings).
 */
export const TOKENS_PER_MESSAGE = 4;
export const REPLY_PRIMING_TOKENS = 3;

export interface EstimateInput {
  system: string;
  messages: readonly ChatMessage[];
  maxOutputTokens: number;
  /** The model's price row; undefined: no price. */
  price: ModelPrice | undefined;
  /** The provider's basis for this configuration (descriptor.costBasis). */
  basis: CostBasis;
  counter: TokenCounter;
}

/** Input tokens of the whole request the engine would send: the system prompt and every message, framing included. */
export function countRequestTokens(system: string, messages: readonly ChatMessage[], counter: TokenCounter): number {
  let tokens = REPLY_PRIMING_TOKENS + TOKENS_PER_MESSAGE + counter.count(system);
  for (const m of messages) tokens += TOKENS_PER_MESSAGE + counter.count(m.content);
  return tokens;
}

/**
 * The most a request can cost: every input token at the full input price (a cache read would only make it cheaper)
 * plus `maxOutputTokens` of output. A model with a price row is priced whatever the basis (as for answers, see
 * resolveCost); without one, a local server or a plan costs nothing and anything else is unknown.
 */
export function estimateRequest(o: EstimateInput): EstimateView {
  const inputTokens = countRequestTokens(o.system, o.messages, o.counter);
  if (o.price) {
    return { inputTokens, maxCostUsd: (inputTokens * o.price.input + Math.max(0, o.maxOutputTokens) * o.price.output) / 1_000_000, costBasis: 'priced' };
  }
  return { inputTokens, maxCostUsd: o.basis === 'local' || o.basis === 'included' ? 0 : null, costBasis: o.basis === 'reported' ? 'priced' : o.basis };
}
