import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { TokenCounter } from './tokenCounter';

/**
 * o200k_base, the tokenizer of current OpenAI models. Anthropic publishes no tokenizer, so for Claude the figure is an
 * estimate either way and is always labelled as such.
 */
export const o200kCounter: TokenCounter = {
  count: (text) => countTokens(text),
};
