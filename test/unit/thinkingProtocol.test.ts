/** The `thinking` host message, the thinking fields of turns and their figures, and how the stats line says them. */
import * as assert from 'node:assert/strict';
import { formatStatsLine, formatStatsSpoken, type StatsFigures } from '../../src/core/format';
import type { TurnSnapshot } from '../../src/core/protocol';
import { parseHostMessage } from '../../src/core/protocolParse';

const END = {
  finishReason: 'stop', usage: { inputTokens: 214, outputTokens: 2178, reasoningTokens: 1830, estimated: false },
  costUsd: 0.0218, reasoningCostUsd: 0.0183, metrics: { ttftMs: 14_200, thinkingTtftMs: 380, totalMs: 20_000, tokensPerSecond: 52 },
};
const SNAPSHOT: TurnSnapshot = {
  turnId: 't1', prompt: { text: 'Explain.' }, provider: 'openai', model: 'deepseek-reasoner', state: 'done',
  text: 'The answer.', thinking: 'First, the refill.', end: END as TurnSnapshot['end'],
};

describe('protocol: the thinking message and thinking in turns', () => {
  it('accepts {type: thinking, turnId, text} and nothing more or less', () => {
    assert.deepEqual(parseHostMessage({ type: 'thinking', turnId: 't1', text: 'Hmm, ' }), { type: 'thinking', turnId: 't1', text: 'Hmm, ' });
    assert.deepEqual(parseHostMessage({ type: 'thinking', turnId: 't1', text: '' }), { type: 'thinking', turnId: 't1', text: '' });
    for (const bad of [
      { type: 'thinking', text: 'no turn' },
      { type: 'thinking', turnId: 'bad id!', text: 'x' },
      { type: 'thinking', turnId: 't1', text: 42 },
      { type: 'thinking', turnId: 't1' },
      { type: 'thinking', turnId: 't1', text: 'x', html: '<img src=x onerror=alert(1)>' },
    ]) assert.equal(parseHostMessage(bad), null, JSON.stringify(bad));
  });

  it('a turn end carries reasoning tokens, their cost and the time to the first thinking token; bad figures are refused', () => {
    assert.ok(parseHostMessage({ type: 'turn-end', turnId: 't1', ...END }));
    const without = { ...END, usage: { inputTokens: 1, outputTokens: 2, estimated: false }, reasoningCostUsd: undefined, metrics: { ttftMs: 5, totalMs: 9, tokensPerSecond: null } };
    assert.ok(parseHostMessage({ type: 'turn-end', turnId: 't1', ...without }), 'all three are optional (older turns, models without thinking)');
    for (const bad of [
      { ...END, usage: { ...END.usage, reasoningTokens: -1 } },
      { ...END, usage: { ...END.usage, reasoningTokens: '1830' } },
      { ...END, reasoningCostUsd: 'free' },
      { ...END, metrics: { ...END.metrics, thinkingTtftMs: null } },
      { ...END, metrics: { ...END.metrics, thinkingTtftMs: Number.NaN } },
    ]) assert.equal(parseHostMessage({ type: 'turn-end', turnId: 't1', ...bad }), null, JSON.stringify(bad));
  });

  it('a restored turn carries its thinking text; a non-string thinking makes the history invalid', () => {
    const history = parseHostMessage({ type: 'history', turns: [SNAPSHOT] });
    assert.equal(history?.type === 'history' && history.turns[0].thinking, 'First, the refill.');
    assert.ok(parseHostMessage({ type: 'history', turns: [{ ...SNAPSHOT, thinking: undefined }] }), 'turns saved before thinking existed');
    assert.equal(parseHostMessage({ type: 'history', turns: [{ ...SNAPSHOT, thinking: ['a'] }] }), null);
    assert.equal(parseHostMessage({ type: 'history', turns: [{ ...SNAPSHOT, thinking: 7 }] }), null);
  });
});

describe('the stats line of a reasoning model', () => {
  const figures: StatsFigures = {
    inputTokens: 214, outputTokens: 2178, reasoningTokens: 1830, estimated: false, ttftMs: 14_200, thinkingTtftMs: 380,
    tokensPerSecond: 52, costUsd: 0.0218, reasoningCostUsd: 0.0183,
  };

  it('shows the reasoning tokens, when thinking and answer began, and the reasoning part of the cost', () => {
    assert.equal(formatStatsLine(figures), '214 in / 2178 out tokens (1830 reasoning) · TTFT 380 ms thinking / 14.20 s answer · 52.0 tok/s · $0.0218 (reasoning $0.0183)');
  });

  it('says the same in words for screen readers', () => {
    const s = formatStatsSpoken(figures);
    assert.equal(s, '214 input and 2178 output tokens, 1830 of them reasoning, thinking began after 0.4 seconds, the answer after 14.2 seconds, 52.0 tokens per second, cost 2.2 cents, of which reasoning cost 1.8 cents');
    assert.doesNotMatch(s, /[·/$]|tok\/s|TTFT/);
  });

  it('a stopped think: no answer time; a model without thinking: the line as before', () => {
    assert.equal(formatStatsLine({ ...figures, ttftMs: null, reasoningCostUsd: undefined }), '214 in / 2178 out tokens (1830 reasoning) · TTFT 380 ms thinking / – answer · 52.0 tok/s · $0.0218');
    assert.equal(formatStatsLine({ inputTokens: 120, outputTokens: 48, estimated: false, ttftMs: 412, tokensPerSecond: 38.7, costUsd: 0.0012 }),
      '120 in / 48 out tokens · TTFT 412 ms · 38.7 tok/s · $0.0012');
  });
});
