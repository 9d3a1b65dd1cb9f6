/** Normalised events every provider adapter hands its sink, whatever its wire format. */

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'cancelled' | 'error';

export interface TokenUsage {
  /** All input tokens of the request, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (billed at the cache-read rate). */
  cacheReadTokens?: number;
  /** Input tokens written to the provider's prompt cache (billed at the cache-write rate). */
  cacheWriteTokens?: number;
  /** Output tokens the model spent reasoning; already counted in `outputTokens` (both APIs bill them as output). */
  reasoningTokens?: number;
  /** Counted with the model's tokenizer rather than reported as billed (the VS Code Language Model API reports none). */
  estimated?: boolean;
}

/**
 * A provider's reasoning block that must go back, unchanged, with the assistant turn it came from (Anthropic verifies
 * the signature of thinking blocks and cannot read redacted ones). Never shown, never part of the answer's text.
 */
export type OpaqueBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

export type StreamEvent =
  | { type: 'start'; model: string; inputTokens?: number }
  | { type: 'delta'; text: string }
  /** Reasoning text as it streams. `redacted`: the provider sent a block whose text is encrypted (text is ''). */
  | { type: 'thinking'; text: string; redacted?: true }
  /** A finished opaque block (see OpaqueBlock), sunk once its signature or data is complete. */
  | { type: 'thinkingBlock'; block: OpaqueBlock }
  /** `reportedCostUsd`: what the server said the request cost (OpenRouter's `usage.cost`). */
  | ({ type: 'usage'; reportedCostUsd?: number } & TokenUsage)
  | { type: 'done'; finishReason: FinishReason; rawFinishReason: string | null };
