import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage } from '../provider';

/** Anthropic takes at most four cache_control breakpoints per request (a fifth is a 400). */
export const MAX_CACHE_BREAKPOINTS = 4;

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * The system prompt and messages with Anthropic prompt-cache breakpoints: one on the system prompt, and one on each
 * message that holds selected code (the latest three when there are more, so the total stays within the limit and
 * the newest stable prefix is the one cached). A follow-up then reads the system prompt, the code and everything
 * between from the cache at a tenth of the input price. A prefix shorter than the model's minimum (1,024 tokens for
 * Sonnet 4, up to 4,096 for some models) is simply not cached: the API neither fails nor charges a write for it.
 */
export function withCacheBreakpoints(system: string, messages: readonly ChatMessage[]): { system: TextBlockParam[]; messages: MessageParam[] } {
  const flagged = messages.flatMap((m, i) => (m.cache && m.role === 'user' ? [i] : []));
  const marked = new Set(flagged.slice(-(MAX_CACHE_BREAKPOINTS - 1)));
  return {
    system: [{ type: 'text', text: system, cache_control: EPHEMERAL }],
    messages: messages.map((m, i) => (marked.has(i)
      ? { role: m.role, content: [{ type: 'text', text: m.content, cache_control: EPHEMERAL }] }
      : { role: m.role, content: m.content })),
  };
}
