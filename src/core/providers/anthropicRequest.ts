import type { MessageCreateParamsStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage, ProviderRequest } from '../provider';
import { withCacheBreakpoints } from './anthropicCache';

/** The API's floor for `budget_tokens`. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * The Messages API request for one streamed answer. With a thinking budget, `thinking` is enabled and `max_tokens`
 * covers the budget plus the answer (the API requires max_tokens above budget_tokens), and earlier assistant turns
 * carry their thinking blocks first, unchanged, as the API requires for signed thinking.
 */
export function anthropicParams(request: ProviderRequest): MessageCreateParamsStreaming {
  const budget = request.thinkingBudgetTokens ?? 0;
  const thinking = budget > 0;
  // Prompt-cache breakpoints go on the system prompt and the user messages holding code (anthropicCache.ts).
  const cached = withCacheBreakpoints(request.system, request.messages);
  return {
    model: request.model,
    system: cached.system,
    max_tokens: thinking ? budget + request.maxOutputTokens : request.maxOutputTokens,
    messages: request.messages.map((m, i) => (m.role === 'assistant' ? anthropicMessage(m, thinking) : cached.messages[i])),
    ...(thinking ? { thinking: { type: 'enabled' as const, budget_tokens: budget } } : {}),
    stream: true,
  };
}

/** Blocks go back only while thinking is on: they belong to thinking requests, and without it there is nothing to verify. */
function anthropicMessage(m: ChatMessage, thinking: boolean): MessageParam {
  if (m.role !== 'assistant' || !thinking || !m.blocks?.length) return { role: m.role, content: m.content };
  const blocks = m.blocks.map((b) => (b.type === 'thinking'
    ? { type: 'thinking' as const, thinking: b.thinking, signature: b.signature }
    : { type: 'redacted_thinking' as const, data: b.data }));
  // The API refuses an empty text block.
  return { role: 'assistant', content: m.content ? [...blocks, { type: 'text' as const, text: m.content }] : blocks };
}
