import { PROVIDER_LABELS, type ProviderId } from './provider';

export type ErrorKind =
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'rate_limit'
  | 'quota'
  | 'overloaded'
  | 'server'
  | 'context_length'
  | 'content_filter'
  | 'bad_request'
  | 'network'
  | 'malformed'
  | 'interrupted'
  | 'idle_timeout'
  | 'timeout'
  | 'config'
  | 'cancelled'
  | 'unknown';

export const ERROR_KINDS: readonly ErrorKind[] = [
  'auth', 'permission', 'not_found', 'rate_limit', 'quota', 'overloaded', 'server', 'context_length',
  'content_filter', 'bad_request', 'network', 'malformed', 'interrupted', 'idle_timeout', 'timeout', 'config', 'cancelled', 'unknown',
];

/** What the UI can offer next to the message. */
export type ErrorAction = 'set-api-key' | 'open-settings' | 'retry';
export const ERROR_ACTIONS: readonly ErrorAction[] = ['set-api-key', 'open-settings', 'retry'];

export interface StreamErrorInit {
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  /** Provider's raw error body or cause, for the output channel (never shown in the panel, never contains keys). */
  detail?: string;
  action?: ErrorAction;
}

/**
 * Branded with a registry symbol, not checked with instanceof: the provider adapters run from their own bundles
 * (dist/providers/*.js), each with its own copy of this class.
 */
const BRAND = Symbol.for('streamExplain.StreamError');

export function isStreamError(err: unknown): err is StreamError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

/** The one error type the core throws: a kind the UI can branch on and a message the user can act on. */
export class StreamError extends Error {
  readonly [BRAND] = true;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly detail?: string;
  readonly action?: ErrorAction;

  constructor(init: StreamErrorInit) {
    super(init.message);
    this.name = 'StreamError';
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.detail = init.detail;
    this.action = init.action;
  }
}

interface SdkLikeError {
  name?: string;
  message?: string;
  status?: number;
  headers?: { get(name: string): string | null } | Record<string, string>;
  error?: unknown;
  type?: string;
  code?: string | null;
  cause?: unknown;
}

function header(err: SdkLikeError, name: string): string | undefined {
  const h = err.headers;
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === 'function') {
    return (h as { get(name: string): string | null }).get(name) ?? undefined;
  }
  return (h as Record<string, string>)[name];
}

/** retry-after-ms wins over retry-after (seconds or an HTTP date), as both SDKs do. */
export function parseRetryAfter(
  retryAfterMs: string | undefined,
  retryAfter: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (retryAfterMs !== undefined) {
    const ms = Number(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  if (retryAfter !== undefined) {
    const s = Number(retryAfter);
    if (Number.isFinite(s) && s >= 0) return s * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}

/** Both SDKs put the provider's error object on `.error`; OpenAI nests {error:{type,code}}, Anthropic {type:'error',error:{type}}. */
function providerErrorType(err: SdkLikeError): { type?: string; code?: string; message?: string } {
  const body = err.error as { type?: unknown; code?: unknown; message?: unknown; error?: unknown } | undefined;
  const inner = (body && typeof body.error === 'object' && body.error ? body.error : body) as
    | { type?: unknown; code?: unknown; message?: unknown }
    | undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    type: str(inner?.type) ?? err.type,
    code: str(inner?.code) ?? err.code ?? undefined,
    message: str(inner?.message),
  };
}

function causeChain(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let i = 0; cur && i < 5; i++) {
    const e = cur as { name?: string; message?: string; code?: string; cause?: unknown };
    parts.push([e.name, e.code, e.message].filter(Boolean).join(': '));
    cur = e.cause;
  }
  return parts.join(' <- ');
}

/** Map anything an SDK (or the network under it) throws to a StreamError with an actionable message. */
export function classifyError(err: unknown, provider: ProviderId): StreamError {
  if (isStreamError(err)) return err;
  const label = PROVIDER_LABELS[provider];
  const e = (err ?? {}) as SdkLikeError;
  const detail = e.error !== undefined ? JSON.stringify(e.error) : causeChain(err);
  const { type, code, message: providerMessage } = providerErrorType(e);
  const said = providerMessage ? ` ${label} said: “${providerMessage}”` : '';
  const status = typeof e.status === 'number' ? e.status : undefined;
  const retryAfterMs = parseRetryAfter(header(e, 'retry-after-ms'), header(e, 'retry-after'));
  const base = { status, detail, retryAfterMs };

  if (e.name === 'APIUserAbortError' || e.name === 'AbortError') {
    return new StreamError({ ...base, kind: 'cancelled', message: 'Stopped.', retryable: false });
  }
  if (e.name === 'APIConnectionTimeoutError') {
    return new StreamError({ ...base, kind: 'timeout', retryable: true,
      message: `${label} did not answer in time. Check your network or the base URL, then retry.` });
  }
  if (e.name === 'APIConnectionError' || isNetworkError(err)) {
    return new StreamError({ ...base, kind: 'network', retryable: true, action: 'retry',
      message: `The connection to ${label} failed or was reset. Check your network or the base URL, then retry.` });
  }

  if (e.name === 'SyntaxError' || /malformed server-sent event|could not parse|in JSON at position/i.test(e.message ?? '')) {
    return new StreamError({ ...base, kind: 'malformed', retryable: true, action: 'retry',
      message: `${label} sent a malformed stream (data that is not valid JSON), so the answer stopped. The text so far is kept.` });
  }
  const isContext = code === 'context_length_exceeded' || /prompt is too long|context length|context window|maximum context/i.test(providerMessage ?? '');
  if (status === 401 || type === 'authentication_error' || code === 'invalid_api_key') {
    return new StreamError({ ...base, kind: 'auth', retryable: false, action: 'set-api-key',
      message: `The ${label} key was rejected. Set a valid key with “Stream Explain: Set API Key”.` });
  }
  if (status === 403 || type === 'permission_error') {
    return new StreamError({ ...base, kind: 'permission', retryable: false, action: 'open-settings',
      message: `Your ${label} key is not allowed to use this model or endpoint.${said}` });
  }
  if (status === 404 || type === 'not_found_error' || code === 'model_not_found') {
    return new StreamError({ ...base, kind: 'not_found', retryable: false, action: 'open-settings',
      message: `${label} does not know this model or endpoint. Check the model and base URL settings.${said}` });
  }
  if (code === 'insufficient_quota' || type === 'insufficient_quota' || status === 402) {
    return new StreamError({ ...base, kind: 'quota', retryable: false,
      message: `Your ${label} account is out of credit or quota. Check its billing page.${said}` });
  }
  if (status === 429 || type === 'rate_limit_error' || code === 'rate_limit_exceeded') {
    return new StreamError({ ...base, kind: 'rate_limit', retryable: true, action: 'retry',
      message: `${label} rate limit reached${retryAfterMs !== undefined ? `; it asks to wait ${Math.ceil(retryAfterMs / 1000)} s` : ''}. Retry shortly.` });
  }
  if (status === 529 || type === 'overloaded_error') {
    return new StreamError({ ...base, kind: 'overloaded', retryable: true, action: 'retry',
      message: `${label} is overloaded right now. Retry in a moment.` });
  }
  if (isContext || status === 413) {
    return new StreamError({ ...base, kind: 'context_length', retryable: false,
      message: `The selection and conversation are too long for this model. Select less code or start a new chat.${said}` });
  }
  if (status !== undefined && status >= 500) {
    return new StreamError({ ...base, kind: 'server', retryable: true, action: 'retry',
      message: `${label} had a server error (${status}). Retry in a moment.${said}` });
  }
  if (status === undefined && (type === 'server_error' || type === 'api_error')) {
    // An error event inside an already streaming body (no HTTP status): the answer is cut.
    return new StreamError({ ...base, kind: 'server', retryable: true, action: 'retry',
      message: `${label} reported an error in the middle of the answer.${said}` });
  }
  if (status === 400 || status === 422 || type === 'invalid_request_error') {
    return new StreamError({ ...base, kind: 'bad_request', retryable: false,
      message: `${label} rejected the request.${said}` });
  }
  const msg = e.message ?? String(err);
  return new StreamError({ ...base, kind: 'unknown', retryable: false, message: `Unexpected error from ${label}: ${msg}` });
}

function isNetworkError(err: unknown): boolean {
  let cur: unknown = err;
  for (let i = 0; cur && i < 5; i++) {
    const e = cur as { name?: string; message?: string; code?: string; cause?: unknown };
    if (e.name === 'TypeError' && /terminated|fetch failed|network/i.test(e.message ?? '')) return true;
    if (e.code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(e.code)) return true;
    cur = e.cause;
  }
  return false;
}
