/**
 * A file's diff made ready to send: secrets redacted like gathered context, cut at hunk boundaries to the bound, its
 * size counted on the whole change. Runs in the lazily loaded context bundle, before the engine sees the diff.
 */
import { redactContextSecrets } from '../context/redactSecrets';
import type { TokenCounter } from '../tokenCounter';
import { boundDiff, diffStats } from './diffText';

/** A diff longer than this (or than the input budget, if smaller) is cut at a hunk boundary. */
export const DIFF_MAX_TOKENS = 8000;

export interface PreparedDiff {
  text: string;
  /** Lines added and removed by the whole change, before any cut. */
  added: number;
  removed: number;
  /** What was redacted or left out, for under the question. */
  note?: string;
}

export function prepareDiff(raw: string, maxTokens: number, counter: TokenCounter): PreparedDiff {
  const trimmed = raw.replace(/\s+$/, '');
  const { added, removed } = diffStats(trimmed);
  const scrubbed = redactContextSecrets(trimmed);
  const bounded = boundDiff(scrubbed.text, maxTokens, counter);
  const notes = [
    scrubbed.count ? `${scrubbed.count} secret${scrubbed.count === 1 ? ' was' : 's were'} replaced by [redacted].` : '',
    bounded.note ?? '',
  ].filter(Boolean);
  return { text: bounded.text, added, removed, ...(notes.length ? { note: notes.join(' ') } : {}) };
}
