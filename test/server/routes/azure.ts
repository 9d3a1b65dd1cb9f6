import type * as http from 'node:http';
import type { Scenario } from '../providerServer';

/**
 * Azure OpenAI's Chat Completions route: POST /openai/deployments/{deployment}/chat/completions?api-version=…, the
 * key in an `api-key` header. Bodies and streams are the OpenAI wire format (Azure adds prompt and content filter
 * results, which the replayed transcripts carry).
 */
const PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

/** The deployment named by an Azure chat request, or undefined when the request is not one. */
export function matchAzureChat(method: string | undefined, url: URL): { deployment: string } | undefined {
  const m = method === 'POST' ? PATH.exec(url.pathname) : null;
  return m ? { deployment: decodeURIComponent(m[1]) } : undefined;
}

/**
 * Azure's refusals before any model runs: a missing or wrong `api-key` (its 401 body; with `expectedKey` unset any
 * non-empty key passes), a missing `api-version` (its 404).
 */
export function azureRefusal(headers: http.IncomingHttpHeaders, url: URL, expectedKey?: string): Scenario | undefined {
  const key = headers['api-key'];
  if (typeof key !== 'string' || key === '' || (expectedKey !== undefined && key !== expectedKey)) {
    return { kind: 'http-error', fixture: 'azure-401-access-denied' };
  }
  if (!url.searchParams.get('api-version')) {
    return { kind: 'http-error', fixture: 'azure-401-access-denied', status: 404, body: '{"error":{"code":"404","message":"Resource not found"}}' };
  }
  return undefined;
}
