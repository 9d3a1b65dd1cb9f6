import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { formatCost, formatStatsLine } from '../../src/core/format';
import { resolveCost } from '../../src/core/pricing';
import { parseHostMessage } from '../../src/core/protocolParse';
import { PROVIDER_IDS } from '../../src/core/provider';
import { reportedCost } from '../../src/core/providers/chatCompletionsStream';
import { descriptorFor, isLoopbackUrl } from '../../src/core/providers/descriptors';
import { fixturesDir } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';
import { sessionFor } from './helpers';

const openrouter = () => `${fixturesDir()}/compat/openrouter-chat-usage-cost.sse`;

describe('how an answer’s cost is known: priced, reported, local, included', () => {
  describe('pure rules', () => {
    it('a loopback base URL is local; anything else, or none, is priced', () => {
      for (const url of ['http://127.0.0.1:11434/v1', 'http://localhost:1234/v1', 'http://[::1]:8000/v1', 'http://127.0.0.2/v1', 'http://ollama.localhost/v1']) {
        assert.equal(isLoopbackUrl(url), true, url);
        assert.equal(descriptorFor('openai').costBasis({ baseUrl: url }), 'local', url);
      }
      for (const url of [undefined, '', 'https://openrouter.ai/api/v1', 'http://10.0.0.5:11434/v1', 'http://localhost.example.com/v1', 'not a url']) {
        assert.equal(isLoopbackUrl(url), false, String(url));
        assert.equal(descriptorFor('openai').costBasis({ baseUrl: url }), 'priced', String(url));
      }
      assert.equal(descriptorFor('azure').costBasis({ baseUrl: 'https://x.openai.azure.com' }), 'priced');
      assert.equal(descriptorFor('vscode-lm').costBasis({}), 'included');
    });

    it('every provider has a descriptor, and only keyed providers name an environment variable', () => {
      for (const id of PROVIDER_IDS) assert.equal(descriptorFor(id).id, id);
      assert.equal(descriptorFor('azure').key?.envVar, 'AZURE_OPENAI_API_KEY');
      assert.equal(descriptorFor('vscode-lm').key, undefined);
      assert.equal(descriptorFor('anthropic').continueByPrefill, true);
      assert.equal(descriptorFor('openai').continueByPrefill, false);
    });

    it('a reported cost wins, then a price row, then the basis: local and included are free, priced is unknown', () => {
      const usage = { inputTokens: 1_000_000, outputTokens: 0 };
      const price = { input: 2, output: 8 };
      assert.deepEqual(resolveCost({ usage, price, reportedCostUsd: 0.5, basis: 'priced' }), { costUsd: 0.5, costBasis: 'reported' });
      assert.deepEqual(resolveCost({ usage, price, basis: 'local' }), { costUsd: 2, costBasis: 'priced' }, 'a priced model is priced, even on a local proxy');
      assert.deepEqual(resolveCost({ usage, basis: 'local' }), { costUsd: 0, costBasis: 'local' });
      assert.deepEqual(resolveCost({ usage, basis: 'included' }), { costUsd: 0, costBasis: 'included' });
      assert.deepEqual(resolveCost({ usage, basis: 'priced' }), { costUsd: null, costBasis: 'priced' });
    });

    it('OpenRouter’s reported cost: usage.cost, plus the upstream provider’s bill when the key is the user’s own (BYOK)', () => {
      assert.equal(reportedCost({ cost: 0.0000351, is_byok: false, cost_details: { upstream_inference_cost: null } }), 0.0000351);
      assert.equal(reportedCost({ cost: 0.001, is_byok: true, cost_details: { upstream_inference_cost: 0.019 } }), 0.02);
      assert.equal(reportedCost({ cost: 0.001, is_byok: false, cost_details: { upstream_inference_cost: 0.019 } }), 0.001);
      assert.equal(reportedCost({}), undefined);
      assert.equal(reportedCost({ cost: '0.1' }), undefined, 'only a number is a cost');
      assert.equal(reportedCost({ cost: -1 }), undefined);
    });

    it('the stats line says "local" and "included in your plan", never "price unknown" or an estimate for them', () => {
      const figures = { inputTokens: 120, outputTokens: 40, estimated: true, ttftMs: 200, tokensPerSecond: 30, costUsd: 0 };
      assert.match(formatStatsLine({ ...figures, costBasis: 'local' }), / · local$/);
      assert.match(formatStatsLine({ ...figures, costBasis: 'included' }), / · included in your plan$/);
      assert.match(formatStatsLine({ ...figures, costUsd: null }), / · price unknown$/);
      assert.match(formatStatsLine({ ...figures, estimated: false, costUsd: 0.0123, costBasis: 'reported' }), / · \$0\.0123$/);
      assert.equal(formatCost(null), 'price unknown');
    });

    it('turn-end and history messages carry the basis; an unknown basis is rejected', () => {
      const end = {
        type: 'turn-end', turnId: 't1', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 2, estimated: false },
        costUsd: 0, metrics: { ttftMs: 100, totalMs: 500, tokensPerSecond: 4 },
      };
      for (const costBasis of ['priced', 'reported', 'included', 'local']) assert.ok(parseHostMessage({ ...end, costBasis }), costBasis);
      assert.ok(parseHostMessage(end), 'absent: priced');
      assert.equal(parseHostMessage({ ...end, costBasis: 'free' }), null);
      assert.equal(parseHostMessage({ ...end, costBasis: 1 }), null);
      const { type: _t, turnId: _i, ...fields } = end;
      const snapshot = { turnId: 't1', prompt: { text: 'q' }, provider: 'openai', model: 'llama3.2', state: 'done', text: 'a' };
      assert.ok(parseHostMessage({ type: 'history', turns: [{ ...snapshot, end: { ...fields, costBasis: 'local' } }] }));
      assert.equal(parseHostMessage({ type: 'history', turns: [{ ...snapshot, end: { ...fields, costBasis: '<img>' } }] }), null);
    });
  });

  describe('against the local server', () => {
    let server: ProviderServer;
    before(async () => { server = await startProviderServer(); });
    after(async () => { await server.close(); });

    it('an OpenRouter stream’s usage.cost is the cost, exact, for a model with no price row', async () => {
      server.enqueue({ kind: 'replay', transcript: openrouter() });
      const result = await sessionFor(server, 'openai', { model: 'openai/gpt-4o-mini' }).run();
      assert.equal(result.status, 'done', result.error?.message);
      assert.equal(result.text, 'It refills the bucket, then takes `cost` tokens.');
      assert.equal(result.model, 'openai/gpt-4o-mini');
      assert.equal(result.usage.estimated, false);
      assert.equal(result.usage.inputTokens, 194);
      assert.equal(result.costUsd, 0.0000351);
      assert.equal(result.costBasis, 'reported');
    });

    it('a reported cost counts only for an answer that ended: cut before [DONE], the answer is estimated and not "reported"', async () => {
      const body = fs.readFileSync(openrouter(), 'utf8').replace('data: [DONE]\n\n', '');
      assert.match(body, /"cost":0\.0000351/, 'the usage chunk with the cost is still sent');
      server.enqueue({ kind: 'raw', body });
      const result = await sessionFor(server, 'openai', { model: 'openai/gpt-4o-mini' }).run();
      assert.equal(result.status, 'error');
      assert.equal(result.error?.kind, 'interrupted');
      assert.equal(result.usage.estimated, true);
      assert.equal(result.costBasis, 'priced');
      assert.equal(result.costUsd, null, 'no price row, and no trusted report: unknown');
    });

    it('through the engine: the panel gets the reported basis, and a local server’s unpriced model is "local", free', async () => {
      const h = new EngineHarness(server, 'openai', { model: 'openai/gpt-4o-mini', baseUrl: server.openaiBaseUrl });
      server.enqueue({ kind: 'replay', transcript: openrouter() });
      await h.engine.ask('What does tryTake do?');
      const reported = h.lastEnd();
      assert.ok(reported.type === 'turn-end' && reported.costBasis === 'reported' && reported.costUsd === 0.0000351, JSON.stringify(reported));

      h.settings = { ...h.settings, model: 'llama3.2:3b' };
      server.enqueue({ kind: 'script', text: 'It takes tokens.', model: 'llama3.2:3b' });
      await h.engine.ask('And refill?');
      const local = h.lastEnd();
      assert.equal(local.type, 'turn-end');
      if (local.type !== 'turn-end') return;
      assert.equal(local.costBasis, 'local');
      assert.equal(local.costUsd, 0);
      assert.match(formatStatsLine({ ...local.usage, ...local.metrics, costUsd: local.costUsd, costBasis: local.costBasis }), / · local$/);
      assert.equal(h.engine.ledger.totals().unpriced, 0, 'a local answer is not counted as unpriced');

      h.settings = { ...h.settings, model: 'gpt-4o-mini' };
      await h.engine.ask('Priced?');
      const priced = h.lastEnd();
      assert.ok(priced.type === 'turn-end' && priced.costBasis === undefined && priced.costUsd! > 0, 'a priced model on a local proxy keeps its price');
    });
  });
});
