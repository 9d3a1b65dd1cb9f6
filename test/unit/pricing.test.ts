import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { costUsd, DEFAULT_PRICES, findPrice, formatCost, mergePrices } from '../../src/core/pricing';
import { fixturesDir } from '../server/fixtures';

describe('pricing and cost', () => {
  it('costs input and output per million tokens', () => {
    // gpt-4.1: $2 in, $8 out per 1M → 1000 in + 500 out = 0.002 + 0.004
    assert.equal(costUsd({ input: 2, output: 8 }, { inputTokens: 1000, outputTokens: 500 }), 0.006);
  });

  it('bills cached input at the cache rates, not twice', () => {
    const price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
    const usage = { inputTokens: 10_000, outputTokens: 0, cacheReadTokens: 6_000, cacheWriteTokens: 1_000 };
    // 3000 fresh × 3 + 6000 × 0.3 + 1000 × 3.75 = 9000 + 1800 + 3750 = 14550 µ$
    assert.ok(Math.abs(costUsd(price, usage)! - 0.01455) < 1e-12);
  });

  it('an unknown model has no cost rather than a guessed one', () => {
    assert.equal(findPrice(DEFAULT_PRICES, 'openai', 'llama3:8b'), undefined);
    assert.equal(costUsd(undefined, { inputTokens: 10, outputTokens: 10 }), null);
    assert.equal(formatCost(null), 'price unknown');
  });

  it('matches dated model snapshots to their family, preferring the longest name', () => {
    assert.equal(findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o-mini-2024-07-18'), DEFAULT_PRICES.openai['gpt-4o-mini']);
    assert.equal(findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o-2024-08-06'), DEFAULT_PRICES.openai['gpt-4o']);
    assert.equal(findPrice(DEFAULT_PRICES, 'anthropic', 'claude-sonnet-4-20250514'), DEFAULT_PRICES.anthropic['claude-sonnet-4']);
    assert.equal(findPrice(DEFAULT_PRICES, 'anthropic', 'claude-3-opus-latest'), DEFAULT_PRICES.anthropic['claude-3-opus']);
    // A different model that merely shares a prefix is not priced as its neighbour.
    assert.equal(findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o-audio-preview'), undefined);
  });

  it('user overrides replace a row and add new models', () => {
    const t = mergePrices(DEFAULT_PRICES, { openai: { 'gpt-4o': { input: 1, output: 1 }, 'my-model': { input: 5, output: 5 } } });
    assert.deepEqual(findPrice(t, 'openai', 'gpt-4o'), { input: 1, output: 1, source: 'settings' });
    assert.deepEqual(findPrice(t, 'openai', 'my-model'), { input: 5, output: 5, source: 'settings' });
    assert.equal(findPrice(t, 'anthropic', 'claude-haiku-4-5'), DEFAULT_PRICES.anthropic['claude-haiku-4-5']);
  });

  it('formats small and large costs readably', () => {
    assert.equal(formatCost(0.000012), '<$0.0001');
    assert.equal(formatCost(0.01234), '$0.0123');
    assert.equal(formatCost(12.345), '$12.35');
  });

  it('the built-in table matches test/fixtures/pricing-defaults.json for every model listed there', () => {
    const src = JSON.parse(fs.readFileSync(path.join(fixturesDir(), 'pricing-defaults.json'), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
    for (const provider of ['openai', 'anthropic'] as const) {
      for (const [model, row] of Object.entries(src[provider])) {
        if (model.startsWith('_')) continue;
        const ours = DEFAULT_PRICES[provider][model];
        assert.ok(ours, `${provider}/${model} missing`);
        assert.equal(ours.input, row.input, `${model} input`);
        assert.equal(ours.output, row.output, `${model} output`);
        const cacheRead = row.cached_input ?? row.cache_read;
        if (cacheRead !== undefined) assert.equal(ours.cacheRead, cacheRead, `${model} cache read`);
      }
    }
  });
});
