import { BpeCounter } from './bpe/bpeCounter';
import { o200kTable } from './bpe/o200kTable';
import type { TokenCounter } from './tokenCounter';

/**
 * How o200k_base splits text into pieces before byte-pair merging: OpenAI's published pattern (tiktoken's o200k_base,
 * as gpt-tokenizer writes it for JavaScript). Letters with an optional contraction, up to three digits, punctuation
 * runs, line breaks, spaces.
 */
const CONTRACTION = String.raw`(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?`;
const O200K_SPLIT = new RegExp(
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${CONTRACTION}` +
    String.raw`|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${CONTRACTION}` +
    String.raw`|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  'gu',
);

/**
 * o200k_base, the tokenizer of current OpenAI models, counting only. Anthropic publishes no tokenizer, so for Claude
 * the figure is an estimate either way and is always labelled as such. Special tokens (`<|endoftext|>`) in the text
 * count as the text they are: it is what the user's code or question says, not a control token.
 */
export function createO200kCounter(): TokenCounter {
  const bpe = new BpeCounter(o200kTable());
  const encoder = new TextEncoder();
  let scratch = new Uint8Array(1024);
  return {
    count(text) {
      let tokens = 0;
      for (const [piece] of text.matchAll(O200K_SPLIT)) {
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
