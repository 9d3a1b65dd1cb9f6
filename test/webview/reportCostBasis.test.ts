import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { fixedOffsetCalendar } from '../../src/core/ledger/calendar';
import { LEDGER_SCHEMA, type LedgerRecord } from '../../src/core/ledger/record';
import { launchChromium } from './harness';
import { ReportPage } from './reportHarness';

const NOW = Date.parse('2026-12-02T18:00:00Z');
const base = (over: Partial<LedgerRecord>): LedgerRecord => ({
  schema: LEDGER_SCHEMA, time: '2026-12-02T12:00:00.000Z', workspace: 'demo', conversationId: 'c1', turnId: 't1', provider: 'openai',
  model: 'gpt-4o-mini', inputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 50, reasoningTokens: 0, estimated: false,
  cost: 0.001, ttftMs: 300, durationMs: 2000, tokensPerSecond: 30, finish: 'done', ...over,
});

describe('Cost report page: a local model is "local — free", an old record reads as before', () => {
  let browser: Browser;
  before(async () => { browser = await launchChromium(); });
  after(async () => { await browser?.close(); });

  it('the request row, the model row and a today made only of local requests say "local — free", never "$0.00"', async () => {
    const records = [
      base({ turnId: 'old' }), // written before costBasis existed
      base({ turnId: 'loc', time: '2026-12-02T13:00:00.000Z', model: 'llama3.2', cost: 0, costBasis: 'local' }),
    ];
    const report = await ReportPage.open(browser, { records, now: NOW, calendar: fixedOffsetCalendar(0) });
    try {
      const cost = (turn: string) => report.eval<string>(`document.querySelector('tr[data-turn="${turn}"] td.cost').textContent`);
      assert.equal(await cost('loc'), 'local — free');
      assert.equal(await cost('old'), '$0.0010');
      assert.equal(await report.eval<string>(`document.querySelector('tr[data-model="openai/llama3.2"] td.cost').textContent`), 'local — free');
      assert.match(await report.eval<string>(`document.querySelector('tr[data-model="openai/gpt-4o-mini"] td.cost').textContent`), /^\$0\.0010$/);
      const title = await report.eval<string>(`document.querySelector('.card[data-period="today"] .card-cost').textContent`);
      assert.equal(title, '$0.0010', 'a mixed day shows its priced spend');

      report.host.records = [records[1]];
      await report.choose('range', 'today');
      assert.equal(await report.eval<string>(`document.querySelector('.card[data-period="today"] .card-cost').textContent`), 'local — free');
      assert.deepEqual(report.pageErrors, []);
    } finally {
      await report.close();
    }
  });
});
