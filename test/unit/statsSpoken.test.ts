/** The stats line as words (src/core/format.ts): what a screen reader reads under an answer. */
import * as assert from 'node:assert/strict';
import { formatCostSpoken, formatStatsSpoken } from '../../src/core/format';

describe('the stats line as a sentence', () => {
  it('says tokens, time to first token, speed and cost in words, without symbols', () => {
    const s = formatStatsSpoken({ inputTokens: 120, outputTokens: 312, estimated: false, ttftMs: 412, tokensPerSecond: 38.71, costUsd: 0.003 });
    assert.equal(s, '120 input and 312 output tokens, first token after 0.4 seconds, 38.7 tokens per second, cost 0.3 cents');
    assert.doesNotMatch(s, /[·/$]|tok\/s|TTFT/);
  });

  it('marks estimated figures and leaves out what is unknown', () => {
    assert.equal(formatStatsSpoken({ inputTokens: 5, outputTokens: 7, estimated: true, ttftMs: null, tokensPerSecond: null, costUsd: 0.0001 }),
      '5 input and 7 output tokens (estimated), cost 0.01 cents (estimated)');
    assert.equal(formatStatsSpoken({ inputTokens: 5, outputTokens: 7, estimated: false, ttftMs: 1500, tokensPerSecond: 2, costUsd: null }),
      '5 input and 7 output tokens, first token after 1.5 seconds, 2.0 tokens per second, price unknown');
  });

  it('costs: cents below a dollar, dollars above, words at the edges', () => {
    assert.deepEqual([0, 0.00000004, 0.00123, 0.01, 0.5, 2.345, null].map(formatCostSpoken),
      ['cost nothing', 'cost less than 0.01 cents', 'cost 0.12 cents', 'cost 1 cent', 'cost 50 cents', 'cost 2.35 dollars', 'price unknown']);
  });
});
