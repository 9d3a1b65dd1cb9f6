import type * as http from 'node:http';
import type { Wire } from './sseWriters';

/** What the local server reads off a request, and the headers it answers a stream with. */

export function wantsUsage(body: Record<string, unknown>): boolean {
  const so = body.stream_options as { include_usage?: unknown } | undefined;
  return so?.include_usage === true;
}

/** Deterministic stand-in for the provider's prompt token count: about four characters per token. */
export function estimateInputTokens(body: Record<string, unknown>): number {
  const parts: string[] = [];
  if (typeof body.system === 'string') parts.push(body.system);
  if (typeof body.instructions === 'string') parts.push(body.instructions);
  for (const m of (body.messages as Array<{ content?: unknown }>) ?? (Array.isArray(body.input) ? body.input as Array<{ content?: unknown }> : [])) {
    parts.push(typeof m.content === 'string' ? m.content : JSON.stringify(m.content));
  }
  return Math.max(1, Math.ceil(parts.join('\n').length / 4));
}

export function streamHeaders(wire: Wire, requestId: string): Record<string, string> {
  return wire !== 'anthropic'
    ? { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': requestId, 'openai-version': '2020-10-01', 'openai-processing-ms': '112' }
    : { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId, 'anthropic-organization-id': 'org-local' };
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
