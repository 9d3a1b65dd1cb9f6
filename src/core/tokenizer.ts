// OpenAI's published pre-tokenizer pattern for o200k_base (tiktoken's), from the library the counter matches.
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { BpeCounter } from './bpe/bpeCounter';
import { o200kTable } from './bpe/o200kTable';
import type { TokenCounter } from './tokenCounter';

/**
 * o200k_base, the tokenizer of current OpenAI models, counting only. Anthropic publishes no tokenizer, so for Claude
 * the figure is an estimate either way and is always labelled as such. Special tokens (`<|endoftext|>`) in the text
 * count as the text they are: it is what the user's code or question says, not a control token.
 */
function createO200kCounter(): TokenCounter {
  const bpe = new BpeCounter(o200kTable());
  const encoder = new TextEncoder();
  let scratch = new Uint8Array(1024);
  return {
    count(text) {
      let tokens = 0;
      for (const [piece] of text.matchAll(O200K_TOKEN_SPLIT_REGEX)) {
        if (scratch.length < piece.length * 3) scratch = new Uint8Array(piece.length * 3);
        let len = 0;
        for (; len < piece.length; len++) {
          const c = piece.charCodeAt(len);
          if (c >= 0x80) break;
          scratch[len] = c;
        }
        if (len < piece.length) len = encoder.encodeInto(piece, scratch).written;
        tokens += bpe.countPiece(scratch, len);
      }
      return tokens;
    },
  };
}

export const o200kCounter: TokenCounter = createO200kCounter();
