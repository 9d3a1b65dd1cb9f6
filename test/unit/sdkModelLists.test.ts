import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listAnthropicModels } from '../../src/core/modelLists/anthropicModels';
import { listOpenAIModels } from '../../src/core/modelLists/openaiModels';
import { startProviderServer } from '../server/providerServer';
import { TEST_KEY } from './helpers';

/**
 * The picker's default lists, through the real SDKs. The local provider server has no models endpoint yet (the
 * provider-descriptor work adds one), so these list shapes are served here: OpenAI's `{object: 'list', data}` and
 * Anthropic's paginated `{data, has_more, first_id, last_id}` as their API references document them.
 */
async function listServer(handler: (req: http.IncomingMessage, url: URL) => unknown): Promise<{ url: string; seen: Array<{ path: string; auth: string }>; close(): Promise<void> }> {
  const seen: Array<{ path: string; auth: string }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({ path: `${url.pathname}${url.search}`, auth: String(req.headers.authorization ?? req.headers['x-api-key'] ?? '') });
    const body = handler(req, url);
    if (body === undefined) return; // never answers
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const claude = (id: string, name: string) => ({ type: 'model', id, display_name: name, created_at: '2025-05-14T00:00:00Z' });

describe('model lists through the SDKs', () => {
  it('OpenAI (or a compatible server): GET {baseUrl}/models with the key', async () => {
    const s = await listServer(() => ({
      object: 'list',
      data: [{ id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' }, { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' }],
    }));
    try {
      const models = await listOpenAIModels({ apiKey: TEST_KEY, baseUrl: `${s.url}/v1` }, new AbortController().signal);
      assert.deepEqual(models, [{ id: 'gpt-4o' }, { id: 'gpt-4o-mini' }]);
      assert.deepEqual(s.seen, [{ path: '/v1/models', auth: `Bearer ${TEST_KEY}` }]);
    } finally {
      await s.close();
    }
  });

  it('Anthropic: every page of GET /v1/models, with display names', async () => {
    const s = await listServer((_req, url) => (url.searchParams.get('after_id') === 'claude-opus-5'
      ? { data: [claude('claude-haiku-4-5-20251001', 'Claude Haiku 4.5')], has_more: false, first_id: 'claude-haiku-4-5-20251001', last_id: 'claude-haiku-4-5-20251001' }
      : { data: [claude('claude-sonnet-5-5', 'Claude Sonnet 5.5'), claude('claude-opus-5', 'Claude Opus 5')], has_more: true, first_id: 'claude-sonnet-5-5', last_id: 'claude-opus-5' }));
    try {
      const models = await listAnthropicModels({ apiKey: TEST_KEY, baseUrl: s.url }, new AbortController().signal);
      assert.deepEqual(models, [
        { id: 'claude-sonnet-5-5', name: 'Claude Sonnet 5.5' }, { id: 'claude-opus-5', name: 'Claude Opus 5' }, { id: 'claude-haiku-4-5-20251001', name: 'Claude Haiku 4.5' },
      ]);
      assert.deepEqual(s.seen.map((r) => r.path), ['/v1/models?limit=100', '/v1/models?limit=100&after_id=claude-opus-5']);
    } finally {
      await s.close();
    }
  });

  it('a server without the endpoint fails the list with its status and message (the picker shows them)', async () => {
    const server = await startProviderServer();
    try {
      await assert.rejects(listOpenAIModels({ apiKey: TEST_KEY, baseUrl: server.openaiBaseUrl }, new AbortController().signal), /404[\s\S]*Unknown endpoint GET \/v1\/models/);
      await assert.rejects(listAnthropicModels({ apiKey: TEST_KEY, baseUrl: server.anthropicBaseUrl }, new AbortController().signal), /404/);
    } finally {
      await server.close();
    }
  });

  it('aborting a list that gets no answer ends it', async () => {
    const s = await listServer(() => undefined);
    try {
      const controller = new AbortController();
      const listing = listOpenAIModels({ apiKey: TEST_KEY, baseUrl: `${s.url}/v1` }, controller.signal);
      while (s.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      controller.abort();
      await assert.rejects(listing, /abort/i);
    } finally {
      await s.close();
    }
  });
});
