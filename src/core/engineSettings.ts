import { StreamError } from './errors';
import type { PriceTable } from './pricing';
import { KEY_SOURCES, PROVIDER_LABELS, type ProviderId } from './provider';
import type { RetryPolicy } from './streamSession';

/** What one request is sent with: the provider and model, and the limits that apply to it. */
export interface EngineSettings {
  provider: ProviderId;
  model: string;
  baseUrl?: string;
  maxOutputTokens: number;
  /** Budget for the selected code; larger selections are cut, older turns dropped from the context. */
  maxInputTokens: number;
  idleTimeoutMs: number;
  totalTimeoutMs: number;
  retry?: RetryPolicy;
  prices: PriceTable;
}

/** Settings problems caught before any request is sent. */
export function validateSettings(s: EngineSettings): StreamError | undefined {
  const config = (message: string) => new StreamError({ kind: 'config', retryable: false, action: 'open-settings', message });
  const label = PROVIDER_LABELS[s.provider];
  if (!s.model.trim()) return config(`No ${label} model is set. Set “streamExplain.${s.provider}.model”.`);
  if (s.baseUrl) {
    let url: URL | undefined;
    try { url = new URL(s.baseUrl); } catch { /* reported below */ }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return config(`The ${label} base URL “${s.baseUrl}” is not an http(s) URL. Fix “streamExplain.${s.provider}.baseUrl” or clear it.`);
    }
  }
  if (!Number.isInteger(s.maxOutputTokens) || s.maxOutputTokens < 1) {
    return config('“streamExplain.maxOutputTokens” must be a whole number of at least 1.');
  }
  return undefined;
}

/** No key for a provider that needs one: the error under the turn, with the button that sets it. */
export function missingKeyError(provider: ProviderId): StreamError {
  return new StreamError({
    kind: 'auth', retryable: false, action: 'set-api-key',
    message: `No ${PROVIDER_LABELS[provider]} API key. Set one with “Stream Explain: Set API Key” (or the ${KEY_SOURCES[provider]?.envVar} environment variable), then Retry.`,
  });
}
