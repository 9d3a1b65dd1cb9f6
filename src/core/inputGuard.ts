import type { TokenCounter } from './tokenCounter';

export interface GuardedCode {
  code: string;
  /** Shown with the question when something was changed or is worth knowing (e.g. what was left out). */
  note?: string;
}

export class InputRejected extends Error {}

/** Looks like a binary file decoded as text: NUL bytes, or many control characters. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

/** Minified or generated code: very long lines that explain poorly and cost many tokens. */
export function looksMinified(text: string): boolean {
  const lines = text.split('\n');
  const longest = Math.max(...lines.map((l) => l.length));
  return longest > 1000 || (text.length > 2000 && text.length / lines.length > 300);
}

/**
 * Checks code before it is sent: refuses what cannot be explained, and cuts a selection too large for the token
 * budget at a line boundary, saying exactly what was left out. Never lets a request go out that is bound to fail.
 */
export function guardCode(code: string, maxTokens: number, counter: TokenCounter): GuardedCode {
  if (!code.trim()) throw new InputRejected('There is nothing to explain: the selection is empty or only whitespace.');
  if (looksBinary(code)) throw new InputRejected('The selection looks like binary data, not code, so it was not sent.');
  const notes: string[] = [];
  if (looksMinified(code)) notes.push('This looks like minified or generated code; the explanation may be rough.');
  // Cheap bound first: a token is at least one character, so short code cannot exceed the budget.
  if (code.length <= maxTokens || counter.count(code) <= maxTokens) {
    return notes.length ? { code, note: notes.join(' ') } : { code };
  }
  const lines = code.split('\n');
  // Binary search for the longest prefix of whole lines within the budget.
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (counter.count(lines.slice(0, mid).join('\n')) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  if (lo === 0) {
    throw new InputRejected(`The selection is too large to explain (its first line alone is over ${maxTokens} tokens). Select a smaller part.`);
  }
  const kept = lines.slice(0, lo).join('\n');
  const leftOut = lines.length - lo;
  const total = counter.count(code);
  notes.push(`The selection was too long (about ${total} tokens; the limit is ${maxTokens}), so only its first ${lo} lines were sent; the last ${leftOut} line${leftOut === 1 ? ' was' : 's were'} left out.`);
  return { code: kept, note: notes.join(' ') };
}
