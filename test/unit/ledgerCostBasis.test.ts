import * as assert from 'node:assert/strict';
import { LOCAL_FREE_TEXT, recordCostText, totalsCostText } from '../../src/core/ledger/costText';
import { toCsv } from '../../src/core/ledger/csv';
import { costReportMarkdown, recordsMarkdown } from '../../src/core/ledger/markdown';
import { totals } from '../../src/core/ledger/queries';
import { parseRecord, serializeRecord } from '../../src/core/ledger/record';
import { parseLedgerLine } from '../../src/core/ledger/store';
import { NOW, NY, rec } from './ledgerFixtures';

/** A line exactly as the ledger wrote it before the cost basis was recorded. */
const OLD_LINE = '{"schema":1,"time":"2026-12-02T20:00:00.000Z","workspace":"demo","conversationId":"c1","turnId":"old","provider":"openai",' +
  '"model":"gpt-4o-mini","inputTokens":100,"cacheReadTokens":0,"cacheWriteTokens":0,"outputTokens":50,"reasoningTokens":0,"estimated":false,' +
  '"cost":0.001,"ttftMs":300,"durationMs":2000,"tokensPerSecond":30,"finish":"done"}';
const local = rec({ turnId: 'loc', time: '2026-12-02T21:00:00.000Z', provider: 'openai', model: 'llama3.2', cost: 0, costBasis: 'local' });

describe('Cost ledger: the cost basis (priced / reported / included / local)', () => {
  it('a local model\'s request keeps its basis on disk and reads "local — free", not "$0.00"', () => {
    const line = serializeRecord(local);
    assert.equal((JSON.parse(line) as { costBasis?: string }).costBasis, 'local');
    const back = parseLedgerLine(line.trimEnd()).record;
    assert.equal(back?.costBasis, 'local');
    assert.equal(recordCostText(back!), LOCAL_FREE_TEXT);
    assert.equal(totalsCostText(totals([back!])), LOCAL_FREE_TEXT);
    assert.equal(totals([back!]).local, 1);
  });

  it('an old record without a basis reads as before: its price, no basis, an empty CSV field', () => {
    const old = parseLedgerLine(OLD_LINE).record;
    assert.ok(old, 'the old line is still a record');
    assert.equal(old.costBasis, undefined);
    assert.equal(recordCostText(old), '$0.0010');
    assert.equal(totals([old]).local, 0);
    assert.equal(serializeRecord(old).trimEnd(), OLD_LINE, 'rewritten byte for byte: no basis is invented for it');
    const [header, row] = toCsv([old]).split('\r\n');
    const cols = header.split(',');
    assert.equal(row.split(',')[cols.indexOf('costBasis')], '');
    assert.equal(row.split(',')[cols.indexOf('cost')], '0.001');
  });

  it('a basis this version does not know (a newer writer\'s) is dropped; the record still reads', () => {
    const newer = JSON.parse(OLD_LINE) as Record<string, unknown>;
    newer.costBasis = 'barter';
    const r = parseRecord(newer);
    assert.ok(r);
    assert.equal(r.costBasis, undefined);
    assert.ok(!serializeRecord({ ...local, costBasis: 'barter' as 'local' }).includes('barter'), 'nor is an unknown one written');
  });

  it('a mix of priced and local requests: the priced spend is the figure; local ones are counted and named apart', () => {
    const old = parseLedgerLine(OLD_LINE).record!;
    const t = totals([old, local]);
    assert.deepEqual([t.requests, t.local, t.costUsd], [2, 1, 0.001]);
    assert.equal(totalsCostText(t), '$0.0010');
    const md = costReportMarkdown([old, local], NOW, NY);
    assert.match(md, /1 request ran on a local model \(free\)\./);
    assert.match(md, /\| openai \| llama3\.2 \| 1 \|.*\| local — free \|/, 'the local model\'s row says local — free');
    const rows = recordsMarkdown([old, local]).trimEnd().split('\n');
    assert.match(rows[2], /\| \$0\.0010 \|/);
    assert.match(rows[3], /\| local — free \|/);
    const csv = toCsv([local]).split('\r\n');
    const cols = csv[0].split(',');
    assert.deepEqual([csv[1].split(',')[cols.indexOf('cost')], csv[1].split(',')[cols.indexOf('costBasis')]], ['0', 'local']);
  });
});
