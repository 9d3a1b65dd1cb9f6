import type * as http from 'node:http';
import { loadHttpError } from '../fixtures';

/**
 * GET /v1/models in both wire formats (the path is the same; Anthropic's SDK sends `anthropic-version`): OpenAI's
 * list object, and Anthropic's cursor pages (`data`, `has_more`, `first_id`, `last_id`; `limit`, `after_id`,
 * `before_id`).
 */

export const OPENAI_MODELS = [
  { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
  { id: 'gpt-4o-2024-11-20', object: 'model', created: 1731975040, owned_by: 'system' },
  { id: 'gpt-6.1-terra', object: 'model', created: 1780000000, owned_by: 'system' },
];

export const ANTHROPIC_MODELS = [
  { type: 'model', id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5', created_at: '2026-09-30T00:00:00Z' },
  { type: 'model', id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5', created_at: '2026-09-30T00:00:00Z' },
  { type: 'model', id: 'claude-sonnet-4-20250514', display_name: 'Claude Sonnet 4', created_at: '2025-05-22T00:00:00Z' },
];

/** Answers a models request and returns true; false when the request is not one. */
export function serveModels(req: http.IncomingMessage, url: URL, res: http.ServerResponse): boolean {
  if (req.method !== 'GET' || url.pathname !== '/v1/models') return false;
  const json = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  const bearer = typeof req.headers.authorization === 'string' && /^Bearer \S+/.test(req.headers.authorization);
  if (typeof req.headers['anthropic-version'] === 'string') {
    const apiKey = typeof req.headers['x-api-key'] === 'string' && req.headers['x-api-key'] !== '';
    if (!bearer && !apiKey) return refuse(res, 'anthropic-401-authentication-error');
    json(200, JSON.stringify(anthropicPage(url.searchParams)));
    return true;
  }
  if (!bearer) return refuse(res, 'openai-401-invalid-api-key');
  json(200, JSON.stringify({ object: 'list', data: OPENAI_MODELS }));
  return true;
}

function anthropicPage(q: URLSearchParams): Record<string, unknown> {
  const limit = Math.max(1, Math.min(1000, Number(q.get('limit') ?? 20) || 20));
  const ids = ANTHROPIC_MODELS.map((m) => m.id);
  let from = 0;
  let to = ANTHROPIC_MODELS.length;
  if (q.get('after_id')) from = ids.indexOf(q.get('after_id')!) + 1;
  if (q.get('before_id')) to = Math.max(0, ids.indexOf(q.get('before_id')!));
  const page = q.get('before_id') ? ANTHROPIC_MODELS.slice(Math.max(from, to - limit), to) : ANTHROPIC_MODELS.slice(from, Math.min(to, from + limit));
  const hasMore = q.get('before_id') ? to - limit > from : from + limit < to;
  return { data: page, has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null };
}

function refuse(res: http.ServerResponse, fixture: string): true {
  const fx = loadHttpError(fixture);
  res.writeHead(fx.status, { ...fx.headers, 'content-length': String(Buffer.byteLength(fx.body)) }).end(fx.body);
  return true;
}
