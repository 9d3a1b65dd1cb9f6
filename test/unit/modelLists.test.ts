import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { listAnthropicModels } from '../../src/core/providers/anthropicProvider';
import { listAzureModels } from '../../src/core/providers/azureProvider';
import { listOpenAIModels } from '../../src/core/providers/openaiProvider';
import { ANTHROPIC_MODELS, OPENAI_MODELS } from '../server/routes/models';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { TEST_KEY } from './helpers';

describe('model listing per provider, through the SDKs against the local server', () => {
  let server: ProviderServer;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });
  const signal = () => AbortSignal.timeout(10_000);

  it('OpenAI and OpenAI-compatible servers: GET {baseUrl}/models through models.list()', async () => {
    const models = await listOpenAIModels({ apiKey: TEST_KEY, baseUrl: server.openaiBaseUrl }, signal());
    assert.deepEqual(models.map((m) => m.id), OPENAI_MODELS.map((m) => m.id).sort());
    assert.ok(models.every((m) => m.provider === 'openai' && m.detail === 'system'));
  });

  it('Anthropic: every page of GET /v1/models (has_more, first_id, last_id), with display names', async () => {
    const models = await listAnthropicModels({ apiKey: TEST_KEY, baseUrl: server.anthropicBaseUrl }, signal());
    assert.deepEqual(models, ANTHROPIC_MODELS.map((m) => ({ provider: 'anthropic', id: m.id, label: m.display_name })));
  });

  it('the Anthropic route pages the way the SDK follows: limit 2 gives two pages, after_id and before_id move the window', async () => {
    const client = new Anthropic({ apiKey: TEST_KEY, baseURL: server.anthropicBaseUrl, maxRetries: 0 });
    const first = await client.models.list({ limit: 2 });
    assert.deepEqual(first.data.map((m) => m.id), ANTHROPIC_MODELS.slice(0, 2).map((m) => m.id));
    assert.equal(first.has_more, true);
    assert.equal(first.last_id, ANTHROPIC_MODELS[1].id);
    assert.ok(first.hasNextPage());
    const second = await first.getNextPage();
    assert.deepEqual(second.data.map((m) => m.id), [ANTHROPIC_MODELS[2].id]);
    assert.equal(second.has_more, false);
    const all = [];
    for await (const m of client.models.list({ limit: 1 })) all.push(m.id);
    assert.deepEqual(all, ANTHROPIC_MODELS.map((m) => m.id), 'auto-pagination walks every page in order');
    const before = await client.models.list({ before_id: ANTHROPIC_MODELS[2].id, limit: 1 });
    assert.deepEqual(before.data.map((m) => m.id), [ANTHROPIC_MODELS[1].id]);
  });

  it('the models route refuses a request without a key, in each provider’s 401 shape', async () => {
    const openai = await fetch(`${server.url}/v1/models`);
    assert.equal(openai.status, 401);
    assert.match(await openai.text(), /invalid_api_key/);
    const refusing = await fetch(`${server.url}/v1/models`, { headers: { 'anthropic-version': '2023-06-01' } });
    assert.equal(refusing.status, 401);
    assert.match(await refusing.text(), /authentication_error/);
  });

  it('Azure lists the configured deployment (its deployments are only listed by the management API)', async () => {
    assert.deepEqual(await listAzureModels({ apiKey: TEST_KEY, baseUrl: 'https://contoso.openai.azure.com', deployment: 'prod-explainer' }, signal()),
      [{ provider: 'azure', id: 'prod-explainer', detail: 'contoso.openai.azure.com' }]);
    assert.deepEqual(await listAzureModels({ apiKey: TEST_KEY, baseUrl: 'https://contoso.openai.azure.com' }, signal()), []);
  });

  it('a listing is cancelled through its signal', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await assert.rejects(listOpenAIModels({ apiKey: TEST_KEY, baseUrl: server.openaiBaseUrl }, ctl.signal));
  });
});
