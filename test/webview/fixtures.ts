/** Protocol messages for the panel tests. */
import type { HostMessage } from '../../src/core/protocol';

export const start = (turnId: string, extra: Partial<Extract<HostMessage, { type: 'turn-start' }>> = {}): HostMessage => ({
  type: 'turn-start', turnId, prompt: { text: 'Explain this code.', code: 'const a = 1;\nconst b = a + 1;', language: 'typescript', fileName: 'src/a.ts' },
  provider: 'openai', model: 'gpt-4o-mini', ...extra,
});

export const end = (turnId: string, finishReason: 'stop' | 'cancelled' | 'length' = 'stop'): HostMessage => ({
  type: 'turn-end', turnId, finishReason, usage: { inputTokens: 120, outputTokens: 48, estimated: finishReason === 'cancelled' },
  costUsd: 0.00123, metrics: { ttftMs: 412, totalMs: 1650, tokensPerSecond: 38.7 },
});

export const delta = (turnId: string, text: string): HostMessage => ({ type: 'delta', turnId, text });

/** The text cut into deltas of `size` characters (1: one character per delta). */
export function deltas(turnId: string, text: string, size = 1): HostMessage[] {
  const out: HostMessage[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i += size) out.push(delta(turnId, chars.slice(i, i + size).join('')));
  return out;
}

/** A code block with the constructs that span lines: a doc comment, a template string, JSX. */
export const TS_BLOCK = [
  '```ts',
  '/**',
  ' * Refills the bucket, then takes `cost` tokens.',
  ' */',
  'export function tryTake(cost = 1): boolean {',
  '  const now = Date.now();',
  '  const msg = `took ${cost}',
  '    at ${now}`;',
  '  if (this.tokens < cost) return false; // not enough',
  '  this.tokens -= cost;',
  '  return true;',
  '}',
  '```',
].join('\n');

export const PY_BLOCK = ['```python', 'def take(cost: int = 1) -> bool:', '    """Take tokens.', '', '    Returns False when empty."""', '    return bucket.take(cost)', '```'].join('\n');
