import * as assert from 'node:assert/strict';
import { fixedOffsetCalendar, localCalendar, shiftDay } from '../../src/core/ledger/calendar';
import { dailyCostByModel, filterRecords, median, perModel, periodTotals, totals } from '../../src/core/ledger/queries';
import type { LedgerRecord } from '../../src/core/ledger/record';
import { NOW, NY, WEEK } from './ledgerFixtures';

const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
const ids = (rs: LedgerRecord[]) => rs.map((r) => r.turnId).join(',');

describe('Cost ledger queries (pure, in the user\'s local days)', () => {
  it('totals for today, the last 7 days, this month and all time match the hand-computed figures', () => {
    const p = periodTotals(WEEK, NOW, NY);
    assert.deepEqual({ ...p.today, costUsd: 0 }, {
      requests: 1, inputTokens: 600, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 150, reasoningTokens: 0, costUsd: 0,
      estimated: 0, includedInPlan: 0, local: 0, unknownPrice: { requests: 0, models: [] },
    });
    near(p.today.costUsd, 0.003, 'today');
    assert.deepEqual([p.last7Days.requests, p.last7Days.inputTokens, p.last7Days.cacheReadTokens, p.last7Days.outputTokens, p.last7Days.estimated], [5, 4900, 1500, 900, 1]);
    near(p.last7Days.costUsd, 0.019, 'last 7 days');
    assert.deepEqual(p.last7Days.unknownPrice, { requests: 1, models: ['openai/my-local'] }, 'unknown-price requests counted apart and named');
    assert.deepEqual([p.thisMonth.requests, p.thisMonth.inputTokens, p.thisMonth.outputTokens], [3, 2400, 450], 'r0, r1, r3: r2 is still November locally');
    near(p.thisMonth.costUsd, 0.009, 'this month');
    assert.deepEqual([p.allTime.requests, p.allTime.inputTokens, p.allTime.outputTokens, p.allTime.includedInPlan], [7, 5600, 1030, 1]);
    near(p.allTime.costUsd, 0.020, 'all time: the included and unknown requests add nothing');
  });

  it('the same requests seen from UTC fall on other days', () => {
    const p = periodTotals(WEEK, NOW, fixedOffsetCalendar(0));
    assert.equal(p.today.requests, 1, 'r0 at 02:00 UTC on 3 Dec');
    assert.equal(p.thisMonth.requests, 4, 'r2 is December in UTC');
    assert.equal(p.last7Days.requests, 4, 'the window starts 27 Nov UTC: r5 and r4 (both 26 Nov UTC) fall out');
  });

  it('cost per day for the last 30 days by model, oldest first, empty days as zero', () => {
    const days = dailyCostByModel(WEEK, NOW, NY);
    assert.equal(days.length, 30);
    assert.equal(days[0].day, '2026-11-03');
    assert.equal(days[29].day, '2026-12-02');
    const nonEmpty = days.filter((d) => Object.keys(d.byModel).length > 0).map((d) => [d.day, d.byModel]);
    assert.deepEqual(nonEmpty, [
      ['2026-11-25', { 'openai/gpt-4o-mini': 0.001 }],
      ['2026-11-26', { 'openai/my-local': 0 }],
      ['2026-11-30', { 'anthropic/claude-sonnet-4': 0.010 }],
      ['2026-12-01', { 'anthropic/claude-sonnet-4': 0.004, 'openai/gpt-4o-mini': 0.002 }],
      ['2026-12-02', { 'openai/gpt-4o-mini': 0.003 }],
    ]);
    near(days.find((d) => d.day === '2026-12-01')!.costUsd, 0.006, '1 Dec');
    assert.equal(days.filter((d) => d.costUsd === 0).length, 26);
    assert.equal(dailyCostByModel(WEEK, NOW, NY, 7)[0].day, '2026-11-26');
  });

  it('a row per model: requests, tokens of each kind, cost, median TTFT and tokens/s', () => {
    const rows = perModel(WEEK);
    assert.deepEqual(rows.map((r) => `${r.provider}/${r.model}`), ['anthropic/claude-sonnet-4', 'openai/gpt-4o-mini', 'openai/my-local', 'vscode-lm/copilot-gpt']);
    const [s, m, local, lm] = rows;
    assert.deepEqual([s.requests, s.inputTokens, s.cacheReadTokens, s.outputTokens, s.estimated, s.medianTtftMs, s.medianTokensPerSecond], [2, 2800, 1500, 500, 1, 600, 40]);
    near(s.costUsd, 0.014, 'sonnet');
    assert.deepEqual([m.requests, m.inputTokens, m.outputTokens, m.medianTtftMs, m.medianTokensPerSecond], [3, 2000, 450, 250, 45]);
    near(m.costUsd, 0.006, 'mini');
    assert.deepEqual([local.unknownPrice, local.medianTtftMs, local.medianTokensPerSecond], [{ requests: 1, models: ['openai/my-local'] }, null, null]);
    assert.equal(lm.includedInPlan, 1);
  });

  it('filters by range, provider and workspace', () => {
    assert.equal(ids(filterRecords(WEEK, { provider: 'anthropic' })), 'r2,r3');
    assert.equal(ids(filterRecords(WEEK, { workspace: 'other' })), 'r3');
    assert.equal(ids(filterRecords(WEEK, { from: Date.parse('2026-11-26T05:00:00Z'), to: Date.parse('2026-12-02T01:00:00Z') })), 'r4,r2,r3');
    assert.equal(ids(filterRecords(WEEK, { provider: 'openai', from: Date.parse('2026-12-01T00:00:00Z') })), 'r1,r0');
    assert.equal(totals(filterRecords(WEEK, { provider: 'nobody' })).requests, 0);
  });

  it('median: the middle value, the mean of the middle two, nulls ignored', () => {
    assert.equal(median([3, null, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([null, null]), null);
  });

  it('day arithmetic is calendar arithmetic: month ends, leap days, years', () => {
    assert.equal(shiftDay('2028-03-01', -1), '2028-02-29');
    assert.equal(shiftDay('2026-01-01', -1), '2025-12-31');
    assert.equal(shiftDay('2026-11-28', 6), '2026-12-04');
  });

  it('the machine calendar follows daylight saving (America/New_York, 1 Nov 2026)', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      assert.equal(localCalendar.dayKey(Date.parse('2026-11-01T03:59:00Z')), '2026-10-31', 'EDT: 23:59 on 31 Oct');
      assert.equal(localCalendar.dayKey(Date.parse('2026-11-01T04:30:00Z')), '2026-11-01', 'EDT: 00:30');
      assert.equal(localCalendar.dayKey(Date.parse('2026-11-02T04:30:00Z')), '2026-11-01', 'EST after the change: 23:30');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
