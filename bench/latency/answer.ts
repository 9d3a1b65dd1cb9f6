/**
 * The answers the latency benchmark streams: headings, prose with inline code, bold and emphasis, bullet lists —
 * markdown whose every letter and digit shows on screen as text (no links, fences or numbered lists, whose URLs,
 * language labels and numbers the panel shows differently or not at all), so tokens can be matched to what is
 * visible by counting letters and digits (stats.ts).
 */
import { rng } from '../answerGenerator';
import { tokenize } from '../../test/server/sseWriters';

const WORDS = ('the limiter refills its bucket for the time elapsed since the last call then takes cost tokens when '
  + 'enough are left so a burst of callers is served until the bucket is empty and later ones are refused until it '
  + 'refills which keeps the average rate under the limit without a timer').split(' ');
const CODE = ['tryTake', 'refill()', 'capacity', 'elapsed', 'Date.now()', 'this.tokens', 'cost'];

/** About `tokens` tokens of answer (cut at a word), the same text for the same seed. */
export function latencyAnswer(tokens: number, seed = 7): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const sentence = () => {
    const n = 8 + Math.floor(r() * 12);
    const parts = Array.from({ length: n }, () => {
      const x = r();
      return x < 0.08 ? '`' + pick(CODE) + '`' : x < 0.11 ? `**${pick(WORDS)}**` : x < 0.13 ? `*${pick(WORDS)}*` : pick(WORDS);
    });
    const s = parts.join(' ');
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  // It starts with a word, as answers do: the first token is the start of the answer being measured.
  const blocks: string[] = ['Explains ' + sentence()];
  let length = 0;
  while (length < tokens) {
    const x = r();
    const block = x < 0.15 ? `## ${sentence().slice(0, -1)}`
      : x < 0.4 ? Array.from({ length: 2 + Math.floor(r() * 3) }, () => `- ${sentence()}`).join('\n')
      : Array.from({ length: 2 + Math.floor(r() * 3) }, sentence).join(' ');
    blocks.push(block);
    length = tokenize(blocks.join('\n\n')).length;
  }
  return tokenize(blocks.join('\n\n')).slice(0, tokens).join('');
}
