import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { cacheSavingsUsd } from '../../src/core/cacheSavings';
import { formatSaving, formatStatsLine, formatStatsSpoken } from '../../src/core/format';
import { costUsd, DEFAULT_PRICES } from '../../src/core/pricing';
import type { HostMessage } from '../../src/core/protocol';
import { fixturesDir } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';
import { sessionFor } from './helpers';

const cacheFixture = (name: string) => path.join(fixturesDir(), 'cache', `${name}.sse`);
const SONNET_4 = DEFAULT_PRICES.anthropic['claude-sonnet-4']; // $3 in, $0.30 cache read, $3.75 cache write, $15 out
const GPT_4O_MINI = DEFAULT_PRICES.openai['gpt-4o-mini']; // $0.15 in, $0.075 cached, $0.60 out

/** Equal to within a billionth of a dollar (the figures are sums of float products). */
const near = (actual: number | null | undefined, expected: number, what: string) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);

describe('cache pricing in both usage conventions, hand-computed', () => {
  it('the prices these figures assume', () => {
    assert.deepEqual(SONNET_4, { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 });
    assert.deepEqual(GPT_4O_MINI, { input: 0.15, cacheRead: 0.075, output: 0.6 });
  });

  it('pure: 14 fresh + 1,800 read + 200 written + 38 out on sonnet-4 costs $0.001902 and saved $0.00471', () => {
    const usage = { inputTokens: 2014, cacheReadTokens: 1800, cacheWriteTokens: 200, outputTokens: 38 };
    // 14 × 3 + 1,800 × 0.30 + 200 × 3.75 + 38 × 15 = 42 + 540 + 750 + 570 = 1,902 µ$
    near(costUsd(SONNET_4, usage), 0.001902, 'cost');
    // 1,800 × (3 − 0.30) − 200 × (3.75 − 3) = 4,860 − 150 = 4,710 µ$
    near(cacheSavingsUsd(SONNET_4, usage), 0.00471, 'saved');
    assert.equal(cacheSavingsUsd(SONNET_4, { inputTokens: 10, outputTokens: 1 }), undefined, 'no cache use, no saving line');
    assert.equal(cacheSavingsUsd(undefined, usage), undefined, 'no price, no saving');
  });

  describe('replayed through the real SDKs (test/fixtures/cache)', () => {
    let server: ProviderServer;
    before(async () => (server = await startProviderServer()));
    after(() => server.close());

    it('Anthropic, a follow-up reading the cache: input_tokens 14 excludes the 1,800 read, so 1,814 in; $0.001152, saved $0.00486', async () => {
      server.enqueue({ kind: 'replay', transcript: cacheFixture('anthropic-cache-read-sonnet-4.DERIVED') });
      const r = await sessionFor(server, 'anthropic').run();
      assert.equal(r.usage.inputTokens, 1814);
      assert.equal(r.usage.cacheReadTokens, 1800);
      assert.equal(r.usage.cacheWriteTokens, undefined);
      // 14 × 3 + 1,800 × 0.30 + 38 × 15 = 42 + 540 + 570 = 1,152 µ$; saved 1,800 × 2.70 = 4,860 µ$
      near(r.costUsd, 0.001152, 'cost');
      near(r.savedUsd, 0.00486, 'saved');
      assert.equal(r.priceSource, 'builtin');
    });

    it('Anthropic, the first request writing the cache: 1,814 in, $0.007362, the write premium shown as "cache write +$0.0014"', async () => {
      server.enqueue({ kind: 'replay', transcript: cacheFixture('anthropic-cache-write-sonnet-4.DERIVED') });
      const r = await sessionFor(server, 'anthropic').run();
      assert.equal(r.usage.inputTokens, 1814);
      assert.equal(r.usage.cacheWriteTokens, 1800);
      // 14 × 3 + 1,800 × 3.75 + 38 × 15 = 42 + 6,750 + 570 = 7,362 µ$; saved −1,800 × 0.75 = −1,350 µ$
      near(r.costUsd, 0.007362, 'cost');
      near(r.savedUsd, -0.00135, 'saved');
      assert.equal(formatSaving(r.savedUsd!), 'cache write +$0.0014');
    });

    it('OpenAI: prompt_tokens 2,006 already include the 1,920 cached, so 2,006 in; $0.0001581, saved $0.000144', async () => {
      server.enqueue({ kind: 'replay', transcript: cacheFixture('openai-chat-cached-tokens-gpt-4o-mini.DERIVED') });
      const r = await sessionFor(server, 'openai').run();
      assert.equal(r.usage.inputTokens, 2006);
      assert.equal(r.usage.cacheReadTokens, 1920);
      // 86 × 0.15 + 1,920 × 0.075 + 2 × 0.60 = 12.9 + 144 + 1.2 = 158.1 µ$; saved 1,920 × 0.075 = 144 µ$
      near(r.costUsd, 0.0001581, 'cost');
      near(r.savedUsd, 0.000144, 'saved');
    });

    it('the panel’s stats line shows the cached tokens and the saving (turn-end through the engine)', async () => {
      const h = new EngineHarness(server, 'anthropic');
      server.enqueue({ kind: 'replay', transcript: cacheFixture('anthropic-cache-read-sonnet-4.DERIVED') });
      await h.engine.ask('Say hi in Portuguese');
      const end = h.lastEnd() as Extract<HostMessage, { type: 'turn-end' }>;
      assert.deepEqual(end.usage, { inputTokens: 1814, outputTokens: 38, estimated: false, cacheReadTokens: 1800 });
      near(end.savedUsd, 0.00486, 'saved');
      const figures = { ...end.usage, ttftMs: 100, tokensPerSecond: 20, costUsd: end.costUsd, costBasis: end.costBasis, savedUsd: end.savedUsd };
      assert.equal(formatStatsLine(figures), '1814 in (1800 cached) / 38 out tokens · TTFT 100 ms · 20.0 tok/s · $0.0012 · saved $0.0049');
      assert.match(formatStatsSpoken(figures), /1800 input tokens read from the cache, caching saved 0\.49 cents$/);
      // The ledger keeps the cache figures and where the price came from.
      const entry = h.engine.ledger.all().at(-1)!;
      assert.deepEqual([entry.inputTokens, entry.cacheReadTokens, entry.cacheWriteTokens, entry.priceSource], [1814, 1800, 0, 'builtin']);
    });

    it('a price from the user’s settings is recorded as such', async () => {
      const h = new EngineHarness(server, 'anthropic', { prices: { anthropic: { 'claude-sonnet-4': { input: 3, output: 15, source: 'settings' } } } });
      server.enqueue({ kind: 'replay', transcript: cacheFixture('anthropic-cache-read-sonnet-4.DERIVED') });
      await h.engine.ask('Say hi in Portuguese');
      assert.equal(h.engine.ledger.all().at(-1)!.priceSource, 'settings');
      // No cacheRead price in that row: reads are priced as input, so caching saved nothing.
      near((h.lastEnd() as Extract<HostMessage, { type: 'turn-end' }>).savedUsd, 0, 'saved');
    });
  });
});
