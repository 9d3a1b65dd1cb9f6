import type { StreamEvent } from './streamEvents';

export type ProviderId = 'openai' | 'anthropic';
export const PROVIDER_IDS: readonly ProviderId[] = ['openai', 'anthropic'];

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
};

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ProviderRequest {
  model: string;
  system: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
}

export interface ProviderConfig {
  apiKey: string;
  /** Undefined means the SDK's default endpoint (or its *_BASE_URL environment variable). */
  baseUrl?: string;
}

/**
 * One streaming call to a model. Implementations must end with a `done` event when the provider sent its terminator,
 * throw a StreamError when it did not, and stop quietly (no `done`) when `signal` aborts.
 */
export interface Provider {
  readonly id: ProviderId;
  stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
}

export type ProviderFactory = (config: ProviderConfig) => Provider;
