import { anthropicFrames, generatedTokens, openaiFrames } from '../../test/server/sseWriters';
import type { Arrival, Wire } from './streams';

export const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export const summarise = (xs: readonly number[]): Summary => ({ n: xs.length, p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: xs.length ? Math.max(...xs) : NaN });

export const ms = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '—').padStart(8);

/** Body writes the script scenario makes before its first token (the role chunk; Anthropic's start events). */
export function framesBeforeTokens(wire: Wire): number {
  const answer = { model: 'm', tokens: ['x'], inputTokens: 1, finish: 'stop' as const, includeUsage: true };
  return (wire === 'openai' ? openaiFrames(answer, 'id', 0) : anthropicFrames(answer, 'id')).first.length;
}

/**
 * Provider write → arrival, per token: token i was written at writeTimes[first + i]; it arrived with the first
 * arrival whose text reaches the end of token i.
 */
export function tokenLatencies(tokens: number, writeTimes: readonly number[], first: number, arrivals: readonly Arrival[]): number[] {
  const words = generatedTokens(tokens);
  const out: number[] = [];
  let end = 0;
  let j = 0;
  for (let i = 0; i < words.length; i++) {
    end += words[i].length;
    while (j < arrivals.length && arrivals[j].length < end) j++;
    if (j === arrivals.length) throw new Error(`token ${i} never arrived`);
    out.push(arrivals[j].at - writeTimes[first + i]);
  }
  return out;
}

/** The answer the server sends for `tokens` generated tokens. */
export const expectedText = (tokens: number): string => generatedTokens(tokens).join('');
