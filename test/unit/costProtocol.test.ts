import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRecord, serializeRecord } from '../../src/core/ledger/record';
import { perModel } from '../../src/core/ledger/queries';
import { DEFAULT_PRICES_COLLECTED, mergePrices } from '../../src/core/pricing';
import { MAX_ASK_LENGTH } from '../../src/core/protocol';
import { parseHostMessage, parseWebviewMessage } from '../../src/core/protocolParse';
import { fixturesDir } from '../server/fixtures';
import { rec } from './ledgerFixtures';

const estimate = { inputTokens: 2340, maxCostUsd: 0.0251, costBasis: 'priced' };

describe('cost messages between host and panel, validated both ways', () => {
  it('accepts drafts, set-price, estimates and a question handed back', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'draft', text: 'why?', seq: 3 }), { type: 'draft', text: 'why?', seq: 3 });
    assert.deepEqual(parseWebviewMessage({ type: 'draft', text: '', seq: 0 }), { type: 'draft', text: '', seq: 0 }, 'an emptied box is a draft too');
    assert.deepEqual(parseWebviewMessage({ type: 'set-price', provider: 'openai', model: 'my-model' }), { type: 'set-price', provider: 'openai', model: 'my-model' });
    assert.deepEqual(parseHostMessage({ type: 'draft-estimate', seq: 3, estimate }), { type: 'draft-estimate', seq: 3, estimate });
    assert.deepEqual(parseHostMessage({ type: 'draft-estimate-pending', seq: 3 }), { type: 'draft-estimate-pending', seq: 3 }, 'figures after the streaming answer');
    assert.deepEqual(parseHostMessage({ type: 'turn-estimate', turnId: 't1', estimate: { ...estimate, maxCostUsd: null } }), { type: 'turn-estimate', turnId: 't1', estimate: { ...estimate, maxCostUsd: null } });
    assert.deepEqual(parseHostMessage({ type: 'restore-question', text: 'Why a Map?' }), { type: 'restore-question', text: 'Why a Map?' });
    const start = { type: 'turn-start', turnId: 't1', provider: 'openai', model: 'm', prompt: { text: 'Explain this code.', code: 'x', estimate } };
    assert.deepEqual(parseHostMessage(start), start, 'a question carries its estimate');
  });

  it('rejects what does not fit', () => {
    const badWebview: unknown[] = [
      { type: 'draft', text: 'x' }, { type: 'draft', text: 'x', seq: -1 }, { type: 'draft', text: 'x', seq: 1.5 }, { type: 'draft', text: 1, seq: 1 },
      { type: 'draft', text: 'x'.repeat(MAX_ASK_LENGTH + 1), seq: 1 }, { type: 'draft', text: 'x', seq: 1, model: 'gpt-5' },
      { type: 'set-price', provider: 'nope', model: 'm' }, { type: 'set-price', provider: 'openai', model: '' }, { type: 'set-price', provider: 'openai', model: '  ' },
      { type: 'set-price', provider: 'openai', model: 'm'.repeat(201) }, { type: 'set-price', provider: 'openai', model: 'm', input: 1 },
    ];
    for (const m of badWebview) assert.equal(parseWebviewMessage(m), null, JSON.stringify(m).slice(0, 80));
    const badHost: unknown[] = [
      { type: 'draft-estimate', seq: 1 }, { type: 'draft-estimate', seq: 1, estimate: { ...estimate, inputTokens: -1 } },
      { type: 'draft-estimate', seq: 1, estimate: { ...estimate, inputTokens: 1.5 } }, { type: 'draft-estimate', seq: 1, estimate: { ...estimate, maxCostUsd: -0.1 } },
      { type: 'draft-estimate', seq: 1, estimate: { ...estimate, maxCostUsd: Infinity } }, { type: 'draft-estimate', seq: 1, estimate: { ...estimate, costBasis: 'free' } },
      { type: 'draft-estimate', seq: 1, estimate: { ...estimate, html: '<img src=x>' } }, { type: 'turn-estimate', turnId: '../x', estimate },
      { type: 'draft-estimate-pending' }, { type: 'draft-estimate-pending', seq: -1 }, { type: 'draft-estimate-pending', seq: '3' },
      { type: 'draft-estimate-pending', seq: 3, text: 'estimate after this answer' }, { type: 'draft-estimate-pending', seq: 3, estimate },
      { type: 'restore-question', text: 5 }, { type: 'restore-question', text: 'x'.repeat(MAX_ASK_LENGTH + 1) },
      { type: 'turn-start', turnId: 't1', provider: 'openai', model: 'm', prompt: { text: 'q', estimate: { inputTokens: '2' } } },
    ];
    for (const m of badHost) assert.equal(parseHostMessage(m), null, JSON.stringify(m).slice(0, 80));
  });

  it('a turn-end may carry cache tokens and a saving (negative: the write premium), nothing else new', () => {
    const end = {
      type: 'turn-end', turnId: 't1', finishReason: 'stop', usage: { inputTokens: 1814, outputTokens: 38, estimated: false, cacheReadTokens: 1800, cacheWriteTokens: 0 },
      costUsd: 0.001152, savedUsd: -0.00135, metrics: { ttftMs: 100, totalMs: 500, tokensPerSecond: 4 },
    };
    assert.deepEqual(parseHostMessage(end), end);
    assert.equal(parseHostMessage({ ...end, savedUsd: 'a lot' }), null);
    assert.equal(parseHostMessage({ ...end, savedUsd: NaN }), null);
    assert.equal(parseHostMessage({ ...end, usage: { ...end.usage, cacheReadTokens: -5 } }), null);
  });
});

describe('where a price came from', () => {
  it('the user’s rows are marked "settings" when merged over the built-in table', () => {
    const t = mergePrices({ openai: { a: { input: 1, output: 1 } } }, { openai: { b: { input: 2, output: 2 } } });
    assert.equal(t.openai!.a.source, undefined);
    assert.equal(t.openai!.b.source, 'settings');
  });

  it('the ledger record keeps priceSource; a record without it (written before) still reads; a bad value is dropped, not the record', () => {
    const line = serializeRecord(rec({ priceSource: 'settings' }));
    assert.match(line, /"priceSource":"settings"/);
    assert.equal(parseRecord(JSON.parse(line))?.priceSource, 'settings');
    const old = JSON.parse(serializeRecord(rec())) as Record<string, unknown>;
    assert.equal('priceSource' in old, false);
    assert.equal(parseRecord(old)?.turnId, 't1');
    assert.equal(parseRecord({ ...old, priceSource: 'guess' })?.priceSource, undefined);
    assert.equal(parseRecord({ ...old, priceSource: 'guess' })?.turnId, 't1');
    // A cost that is not a figure has no price to come from anywhere.
    assert.doesNotMatch(serializeRecord(rec({ cost: 'unknown', priceSource: 'settings' })), /priceSource/);
  });

  it('the report’s model rows count the requests priced from the user’s settings', () => {
    const rows = perModel([rec({ turnId: 'a', priceSource: 'settings' }), rec({ turnId: 'b', priceSource: 'builtin' }), rec({ turnId: 'c' }), rec({ turnId: 'd', model: 'other' })]);
    assert.deepEqual(rows.map((r) => [r.model, r.requests, r.userPriced]), [['gpt-4o-mini', 3, 1], ['other', 1, undefined]]);
  });

  it('the built-in table’s collection date is the data file’s, and the prices setting says it', () => {
    const data = JSON.parse(fs.readFileSync(path.join(fixturesDir(), 'pricing-defaults.json'), 'utf8')) as { _comment: string };
    const [, from, to] = /\((\d{4}-\d{2})\.\.(\d{4}-\d{2})\)/.exec(data._comment)!;
    assert.equal(DEFAULT_PRICES_COLLECTED, `${from} to ${to}`);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: unknown } };
    const conf = [pkg.contributes.configuration].flat() as Array<{ properties: Record<string, { markdownDescription?: string }> }>;
    const prices = conf.map((c) => c.properties['streamExplain.prices']).find(Boolean)!;
    assert.ok(prices.markdownDescription!.includes(`collected ${DEFAULT_PRICES_COLLECTED}`), prices.markdownDescription);
  });
});
