import * as assert from 'node:assert/strict';
import { backoffDelay, type RetryInfo, type RetryPolicy } from '../../src/core/streamSession';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { sessionFor } from './helpers';
import { rng } from '../../bench/answerGenerator';

/** A seeded generator (mulberry32, the benchmark's), so every figure below is the same on every run. */
const seeded = rng;

const POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 4, maxDelayMs: 20, maxTotalWaitMs: 10_000 };
/** The ceiling of each wait: 4, 8, 16, then capped at 20. */
const CEILINGS = [4, 8, 16, 20, 20];

describe('retry backoff: exponential with full jitter', () => {
  it('each wait is a uniform draw below a ceiling that doubles per attempt and is capped', () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ceiling = CEILINGS[attempt - 1];
      const random = seeded(attempt);
      const draws = Array.from({ length: 2000 }, () => backoffDelay(POLICY, attempt, random));
      assert.ok(draws.every((d) => d >= 0 && d < ceiling), `attempt ${attempt}: every wait below ${ceiling} ms`);
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      // Full jitter, not "half jitter" or a fixed wait: the draws cover the whole window, centred on its middle.
      assert.ok(Math.min(...draws) < ceiling * 0.02, `attempt ${attempt}: some waits near 0`);
      assert.ok(Math.max(...draws) > ceiling * 0.98, `attempt ${attempt}: some waits near the ceiling`);
      assert.ok(Math.abs(mean - ceiling / 2) < ceiling * 0.03, `attempt ${attempt}: mean ${mean.toFixed(2)} ≈ ${ceiling / 2}`);
    }
  });

  it('the largest possible wait grows with each attempt until the cap', () => {
    const top = CEILINGS.map((_, i) => backoffDelay(POLICY, i + 1, () => 1));
    assert.deepEqual(top, CEILINGS);
  });

  describe('through a real session against the local server (500 answers, then the text)', () => {
    let server: ProviderServer;
    beforeEach(async () => { server = await startProviderServer(); });
    afterEach(async () => { await server.close(); });

    async function waitsWith(random: () => number): Promise<number[]> {
      const failures = Array.from({ length: 5 }, () => ({ kind: 'http-error' as const, fixture: 'openai-500-server-error' }));
      const before = server.requests.length;
      server.enqueue(...failures, { kind: 'script', text: 'Done.' });
      const retries: RetryInfo[] = [];
      const result = await sessionFor(server, 'openai', { retry: POLICY, random }).run({ onRetry: (r) => retries.push(r) });
      assert.equal(result.status, 'done');
      assert.equal(result.text, 'Done.');
      assert.equal(server.requests.length - before, 6, 'five failures, then the answer');
      assert.deepEqual(retries.map((r) => r.attempt), [2, 3, 4, 5, 6]);
      return retries.map((r) => r.delayMs);
    }

    it('the session waits the backoff draws, capped, and two clients do not wait alike', async () => {
      const a = await waitsWith(seeded(7));
      const b = await waitsWith(seeded(8));
      const expected = (seed: number) => { const r = seeded(seed); return CEILINGS.map((_, i) => Math.round(backoffDelay(POLICY, i + 1, r))); };
      assert.deepEqual(a, expected(7), 'the waits are the seeded draws (rounded to ms)');
      assert.deepEqual(b, expected(8));
      assert.notDeepEqual(a, b, 'jitter: different clients wait differently');
      a.forEach((d, i) => assert.ok(d <= CEILINGS[i], `wait ${i + 1}: ${d} ≤ ${CEILINGS[i]}`));
    });

    it('with the largest draws the waits grow, then stay at the cap', async () => {
      assert.deepEqual(await waitsWith(() => 0.999999), CEILINGS);
    });
  });
});
