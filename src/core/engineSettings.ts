import { StreamError } from './errors';
import type { PriceTable } from './pricing';
import type { ChatMessage, ProviderConfig, ProviderId, ProviderRequest } from './provider';
import { MIN_THINKING_BUDGET } from './providers/anthropicRequest';
import type { OpenAIOptions } from './providers/openaiOptions';
import { descriptorFor } from './providers/descriptors';
import type { RetryPolicy } from './streamSession';

/** What one request is sent with: the provider and model, and the limits that apply to it. */
export interface EngineSettings {
  provider: ProviderId;
  model: string;
  baseUrl?: string;
  /** Azure's api-version (empty: the adapter's default). */
  apiVersion?: string;
  /** OpenAI's wire API and reasoning effort (ignored by the other providers). */
  openai?: OpenAIOptions;
  maxOutputTokens: number;
  /** Anthropic extended thinking budget in tokens; 0 or absent: off. */
  thinkingBudgetTokens?: number;
  /** Budget for the selected code; larger selections are cut, older turns dropped from the context. */
  maxInputTokens: number;
  idleTimeoutMs: number;
  totalTimeoutMs: number;
  retry?: RetryPolicy;
  prices: PriceTable;
}

/** What the provider adapter is built with for one request. */
export function providerConfig(s: EngineSettings, apiKey: string | undefined): ProviderConfig {
  return {
    apiKey: apiKey ?? '', baseUrl: s.baseUrl, apiVersion: s.apiVersion, deployment: s.model,
    ...(s.openai ? { openai: s.openai } : {}),
  };
}

/** Settings problems caught before any request is sent. */
export function validateSettings(s: EngineSettings): StreamError | undefined {
  const config = (message: string) => new StreamError({ kind: 'config', retryable: false, action: 'open-settings', message });
  const { label, settings: names, requiresBaseUrl } = descriptorFor(s.provider);
  if (!s.model.trim()) return config(`No ${label} model is set. Set “streamExplain.${names.model}”.`);
  if (requiresBaseUrl && !s.baseUrl) return config(`No ${label} endpoint is set. Set “streamExplain.${names.baseUrl}”.`);
  if (s.baseUrl) {
    let url: URL | undefined;
    try { url = new URL(s.baseUrl); } catch { /* reported below */ }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return config(`The ${label} base URL “${s.baseUrl}” is not an http(s) URL. Fix “streamExplain.${names.baseUrl}” or clear it.`);
    }
  }
  if (!Number.isInteger(s.maxOutputTokens) || s.maxOutputTokens < 1) {
    return config('“streamExplain.maxOutputTokens” must be a whole number of at least 1.');
  }
  const budget = s.thinkingBudgetTokens ?? 0;
  if (s.provider === 'anthropic' && budget !== 0 && (!Number.isInteger(budget) || budget < MIN_THINKING_BUDGET)) {
    return config(`“streamExplain.anthropic.thinkingBudgetTokens” must be 0 (thinking off) or a whole number of at least ${MIN_THINKING_BUDGET}, the smallest budget Anthropic accepts.`);
  }
  return undefined;
}

/**
 * Whether this request asks the model to think first (Anthropic extended thinking). Anthropic refuses a prefilled
 * answer while thinking is on, so Continue then goes by instruction instead of prefill.
 */
export function thinkingOn(s: EngineSettings): boolean {
  return s.provider === 'anthropic' && (s.thinkingBudgetTokens ?? 0) > 0;
}

/** The request a provider gets under these settings; only Anthropic reads a thinking budget. */
export function providerRequest(s: EngineSettings, system: string, messages: ChatMessage[]): ProviderRequest {
  return {
    model: s.model, system, messages, maxOutputTokens: s.maxOutputTokens,
    ...(thinkingOn(s) ? { thinkingBudgetTokens: s.thinkingBudgetTokens } : {}),
  };
}

/** No key for a provider that needs one: the error under the turn, with the button that sets it. */
export function missingKeyError(provider: ProviderId): StreamError {
  return new StreamError({
    kind: 'auth', retryable: false, action: 'set-api-key',
    message: `No ${descriptorFor(provider).label} API key. Set one with “Stream Explain: Set API Key” (or the ${descriptorFor(provider).key?.envVar} environment variable), then Retry.`,
  });
}
