import type { EstimateView } from './costProtocol';
import type { ModelPrice } from './pricing';
import { CHAT_FRAMING, countFramedTokens, type PromptFraming } from './promptFraming';
import type { ChatMessage } from './provider';
import type { CostBasis } from './providers/modelInfo';
import type { TokenCounter } from './tokenCounter';

export interface EstimateInput {
  system: string;
  messages: readonly ChatMessage[];
  maxOutputTokens: number;
  /** The model's price row; undefined: no price. */
  price: ModelPrice | undefined;
  /** The provider's basis for this configuration (descriptor.costBasis). */
  basis: CostBasis;
  counter: TokenCounter;
  /** How the provider frames the messages (descriptor.promptFraming); OpenAI's chat format if not given. */
  framing?: PromptFraming;
}

/**
 * Input tokens of the whole request the engine would send: the system prompt and every message, framing included.
 * o200k is OpenAI's tokenizer, so for OpenAI this is exact; Anthropic publishes none, and for Claude o200k is an
 * estimate (costEstimate.test.ts states the error measured on the recordings).
 */
export function countRequestTokens(system: string, messages: readonly ChatMessage[], counter: TokenCounter, framing: PromptFraming = CHAT_FRAMING): number {
  return countFramedTokens(system, messages, counter, framing);
}

/**
 * The most a request can cost: every input token at the full input price (a cache read would only make it cheaper)
 * plus `maxOutputTokens` of output. A model with a price row is priced whatever the basis (as for answers, see
 * resolveCost); without one, a local server or a plan costs nothing and anything else is unknown.
 */
export function estimateRequest(o: EstimateInput): EstimateView {
  const inputTokens = countRequestTokens(o.system, o.messages, o.counter, o.framing);
  if (o.price) {
    return { inputTokens, maxCostUsd: (inputTokens * o.price.input + Math.max(0, o.maxOutputTokens) * o.price.output) / 1_000_000, costBasis: 'priced' };
  }
  return { inputTokens, maxCostUsd: o.basis === 'local' || o.basis === 'included' ? 0 : null, costBasis: o.basis === 'reported' ? 'priced' : o.basis };
}
