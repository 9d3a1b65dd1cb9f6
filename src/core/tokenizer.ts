// OpenAI's published pre-tokenizer pattern for o200k_base (tiktoken's), from the library the counter matches.
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { BpeCounter } from './bpe/bpeCounter';
import { o200kTable } from './bpe/o200kTable';
import type { TokenCounter } from './tokenCounter';

/** The largest byte buffer the counter keeps between pieces. */
const KEPT_BYTES = 64 * 1024;

/**
 * o200k_base, the tokenizer of current OpenAI models, counting only. Anthropic publishes no tokenizer, so for Claude
 * the figure is an estimate either way and is always labelled as such. Special tokens (`<|endoftext|>`) in the text
 * count as the text they are: it is what the user's code or question says, not a control token.
 */
function createO200kCounter(): TokenCounter {
  const bpe = new BpeCounter(o200kTable());
  const encoder = new TextEncoder();
  // UTF-8 bytes of the piece being counted (at most 3 per UTF-16 unit). Kept between pieces up to KEPT_BYTES; a longer
  // piece (a minified line, a base64 blob) gets a buffer of its own, so one such piece does not hold megabytes for the
  // window's life.
  let scratch = new Uint8Array(1024);
  return {
    count(text) {
      let tokens = 0;
      for (const [piece] of text.matchAll(O200K_TOKEN_SPLIT_REGEX)) {
        const need = piece.length * 3;
        if (scratch.length < need && need <= KEPT_BYTES) scratch = new Uint8Array(Math.min(KEPT_BYTES, Math.max(need, scratch.length * 2)));
        const bytes = need <= scratch.length ? scratch : new Uint8Array(need);
        let len = 0;
        for (; len < piece.length; len++) {
          const c = piece.charCodeAt(len);
          if (c >= 0x80) break;
          bytes[len] = c;
        }
        if (len < piece.length) len = encoder.encodeInto(piece, bytes).written;
        tokens += bpe.countPiece(bytes, len);
      }
      return tokens;
    },
  };
}

export const o200kCounter: TokenCounter = createO200kCounter();
