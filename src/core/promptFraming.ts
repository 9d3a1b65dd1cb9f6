import type { ChatMessage } from './provider';
import type { TokenCounter } from './tokenCounter';

/**
 * Tokens a provider adds around the text of a request: once per request (the reply's priming, the prompt's start),
 * around each message, and around the system prompt. Counted text plus framing is the request's input count.
 */
export interface PromptFraming {
  readonly perRequest: number;
  readonly perMessage: number;
  readonly perSystem: number;
}

/**
 * OpenAI's chat format: about three marker tokens plus one for the role around every message (the system prompt is a
 * message too) and three that prime the reply. Exact on the recorded gpt-4o-mini prompt, with o200k being its tokenizer.
 */
export const CHAT_FRAMING: PromptFraming = { perRequest: 3, perMessage: 4, perSystem: 4 };

/**
 * Claude's Messages framing, fitted to the recorded counts (test/fixtures/estimate/anthropic-prompt-counts.json): 5
 * per request and 2 per message, the system prompt only its text. OpenAI's framing counted 4 tokens too many on a
 * one-question prompt (20 for 16), which was the +25 % seen on tiny prompts: the tokenizer was not at fault there.
 */
export const CLAUDE_FRAMING: PromptFraming = { perRequest: 5, perMessage: 2, perSystem: 0 };

/** Input tokens of a request: the system prompt and every message, counted by `counter`, with `framing` around them. */
export function countFramedTokens(system: string, messages: readonly ChatMessage[], counter: TokenCounter, framing: PromptFraming): number {
  let tokens = framing.perRequest + framing.perSystem + counter.count(system);
  for (const m of messages) tokens += framing.perMessage + counter.count(m.content);
  return tokens;
}
