import * as assert from 'node:assert/strict';
import { validateSettings } from '../../src/core/chatEngine';
import { DEFAULT_PRICES, costUsd, findPrice } from '../../src/core/pricing';
import { AZURE_DEFAULT_API_VERSION, createAzureProvider } from '../../src/core/providers/azureProvider';
import { StreamSession } from '../../src/core/streamSession';
import { descriptorFor } from '../../src/core/providers/descriptors';
import { o200kCounter } from '../../src/core/tokenizer';
import { fixturesDir } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';

const AZURE_KEY = 'azure-test-key-0123456789abcdef';
const DEPLOYMENT = 'prod-explainer';
const transcript = (name: string) => `${fixturesDir()}/compat/${name}.sse`;

function azureSession(server: ProviderServer, opts: { key?: string; apiVersion?: string } = {}): StreamSession {
  const d = descriptorFor('azure');
  return new StreamSession({
    provider: createAzureProvider({ apiKey: opts.key ?? AZURE_KEY, baseUrl: server.url, apiVersion: opts.apiVersion }),
    request: { model: DEPLOYMENT, system: 'You explain code.', messages: [{ role: 'user', content: 'Explain tryTake.' }], maxOutputTokens: 256 },
    priceFor: (model) => d.priceFor(DEFAULT_PRICES, model),
    costBasis: d.costBasis({ baseUrl: server.url }),
    loadTokenCounter: async () => o200kCounter,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 1000 },
  });
}

describe('Azure OpenAI through the SDK’s AzureOpenAI client, against the local server’s Azure route', () => {
  let server: ProviderServer;
  before(async () => { server = await startProviderServer({ azureApiKey: AZURE_KEY }); });
  after(async () => { await server.close(); });

  // Whole events, and 7-byte writes (the empty-choices first chunk split across reads).
  for (const chunkBytes of [undefined, 7]) {
    const how = chunkBytes ? ` (${chunkBytes}-byte writes)` : '';
    it(`streams an answer whose first chunk has no choices: text, usage, and cost priced by the model the stream reports${how}`, async () => {
      server.enqueue({ kind: 'replay', transcript: transcript('azure-chat-basic'), chunkBytes });
      let streamed = '';
      const result = await azureSession(server).run({ onDelta: (t) => (streamed += t) });
      assert.equal(result.status, 'done', result.error?.message);
      const text = '`tryTake` refills the bucket for the time that passed, then spends `cost` tokens if it can.';
      assert.equal(result.text, text);
      assert.equal(streamed, text);
      assert.equal(result.finishReason, 'stop');
      assert.deepEqual({ ...result.usage }, { inputTokens: 412, outputTokens: 18, cacheReadTokens: 0, estimated: false });
      assert.equal(result.model, 'gpt-4o-2024-11-20', 'the model behind the deployment, not the deployment name');
      const gpt4o = findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o')!;
      assert.equal(result.costUsd, costUsd(gpt4o, result.usage));
      assert.equal(result.costBasis, 'priced');
    });
  }

  it('ends with content_filter when Azure filters the completion, keeping what was shown', async () => {
    server.enqueue({ kind: 'replay', transcript: transcript('azure-chat-content-filter') });
    const result = await azureSession(server).run();
    assert.equal(result.status, 'done', result.error?.message);
    assert.equal(result.finishReason, 'content_filter');
    assert.equal(result.rawFinishReason, 'content_filter');
    assert.equal(result.text, 'Here is how the attack');
    assert.equal(result.usage.estimated, false);
    assert.equal(result.usage.outputTokens, 5);
  });

  it('sends the key as the api-key header (never as a bearer token) to the deployment’s path with the api-version', async () => {
    server.enqueue({ kind: 'replay', transcript: transcript('azure-chat-basic') });
    await azureSession(server).run();
    const req = server.requests.at(-1)!;
    assert.equal(req.path, `/openai/deployments/${DEPLOYMENT}/chat/completions`);
    assert.equal(req.query, `?api-version=${AZURE_DEFAULT_API_VERSION}`);
    assert.equal(req.headers['api-key'], AZURE_KEY);
    assert.equal(req.headers.authorization, undefined);
    assert.equal((req.body.stream_options as { include_usage?: boolean }).include_usage, true, 'usage is asked for');

    server.enqueue({ kind: 'replay', transcript: transcript('azure-chat-basic') });
    await azureSession(server, { apiVersion: '2025-04-01-preview' }).run();
    assert.equal(server.requests.at(-1)!.query, '?api-version=2025-04-01-preview');
  });

  it('a wrong key is Azure’s 401: a clear auth error, not retried, with the Set API Key action', async () => {
    const before = server.requests.length;
    const result = await azureSession(server, { key: 'wrong-key' }).run();
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'auth');
    assert.equal(result.error?.action, 'set-api-key');
    assert.match(result.error?.message ?? '', /Azure OpenAI key was rejected/);
    assert.match(result.error?.detail ?? '', /Access denied due to invalid subscription key/);
    assert.equal(result.attempts, 1);
    assert.equal(server.requests.length, before + 1);
  });

  it('the route refuses a request without api-version (404) or without a key (401), as Azure does', async () => {
    const post = (query: string, headers: Record<string, string>) => fetch(`${server.url}/openai/deployments/${DEPLOYMENT}/chat/completions${query}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ messages: [], stream: true }),
    });
    const noVersion = await post('', { 'api-key': AZURE_KEY });
    assert.equal(noVersion.status, 404);
    assert.deepEqual(await noVersion.json(), { error: { code: '404', message: 'Resource not found' } });
    const noKey = await post(`?api-version=${AZURE_DEFAULT_API_VERSION}`, { authorization: `Bearer ${AZURE_KEY}` });
    assert.equal(noKey.status, 401);
    assert.match(JSON.stringify(await noKey.json()), /"code":"401"/);
  });

  describe('through the chat engine', () => {
    it('a turn with provider azure streams from the deployment and reports the priced cost', async () => {
      const h = new EngineHarness(server, 'azure', { model: DEPLOYMENT, baseUrl: server.url, apiVersion: '2024-10-21' });
      h.key = AZURE_KEY;
      server.enqueue({ kind: 'replay', transcript: transcript('azure-chat-basic') });
      await h.engine.ask('What does tryTake do?');
      const end = h.lastEnd();
      assert.equal(end.type, 'turn-end');
      if (end.type !== 'turn-end') return;
      assert.equal(end.finishReason, 'stop');
      assert.ok(end.costUsd !== null && end.costUsd > 0);
      assert.equal(end.costBasis, undefined, 'priced is the default basis, not spelled out');
      assert.equal(h.engine.ledger.all()[0]?.model, 'gpt-4o-2024-11-20');
    });

    it('no endpoint or no deployment is a settings error naming the Azure setting to set', () => {
      const base = new EngineHarness(server, 'azure', { model: DEPLOYMENT, baseUrl: undefined }).settings;
      assert.match(validateSettings(base)?.message ?? '', /streamExplain\.azure\.endpoint/);
      assert.match(validateSettings({ ...base, baseUrl: server.url, model: '' })?.message ?? '', /streamExplain\.azure\.deployment/);
      assert.equal(validateSettings({ ...base, baseUrl: server.url }), undefined);
    });
  });
});
