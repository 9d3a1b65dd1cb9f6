import type { OpenAIOptions } from './providers/openaiOptions';
import type { OpaqueBlock, StreamEvent } from './streamEvents';

export type ProviderId = 'openai' | 'anthropic' | 'azure' | 'vscode-lm';
export const PROVIDER_IDS: readonly ProviderId[] = ['openai', 'anthropic', 'azure', 'vscode-lm'];

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  azure: 'Azure OpenAI',
  'vscode-lm': 'VS Code language model',
};

/**
 * Where a provider's key comes from (SecretStorage first, then this environment variable). Providers without an
 * entry need no key (the VS Code Language Model API asks the user for consent instead).
 */
export const KEY_SOURCES: Partial<Record<ProviderId, { envVar: string; placeholder: string }>> = {
  openai: { envVar: 'OPENAI_API_KEY', placeholder: 'sk-…' },
  anthropic: { envVar: 'ANTHROPIC_API_KEY', placeholder: 'sk-ant-…' },
  azure: { envVar: 'AZURE_OPENAI_API_KEY', placeholder: 'the key from the Azure portal' },
};


export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  /** Assistant turns: the provider's reasoning blocks to send back before the text (Anthropic only reads them). */
  blocks?: OpaqueBlock[];
  /**
   * Holds the selected code: the stable part of a conversation, worth a prompt-cache breakpoint where the provider
   * takes one (Anthropic's cache_control); other providers ignore it.
   */
  cache?: boolean;
}

export interface ProviderRequest {
  model: string;
  system: string;
  messages: ChatMessage[];
  /** Tokens for the answer itself; a thinking budget comes on top of it. */
  maxOutputTokens: number;
  /** Anthropic extended thinking: the budget in tokens (absent or 0: thinking off). */
  thinkingBudgetTokens?: number;
  /**
   * Called whenever response bytes arrive, keep-alives included. The SDKs consume SSE comments (`: ping`) and
   * Anthropic's `event: ping` without yielding anything, so the session's idle timer would otherwise take a reasoning
   * model that thinks in silence, with its connection kept alive, for a dead stream. Adapters pass it to
   * `activityFetch`.
   */
  onWireActivity?: () => void;
}

export interface ProviderConfig {
  /** Empty for providers that need no key (see KEY_SOURCES). */
  apiKey: string;
  /** Undefined means the SDK's default endpoint (or its *_BASE_URL environment variable); Azure: the resource endpoint. */
  baseUrl?: string;
  /** Azure: the `api-version` query parameter. */
  apiVersion?: string;
  /** Azure: the deployment (what model listing reports; requests name it as their model). */
  deployment?: string;
  /** OpenAI: the wire API (Chat Completions or Responses) and the reasoning effort; other providers ignore it. */
  openai?: OpenAIOptions;
}

/**
 * Takes a provider's events in order. Adapters call it from inside their own loop over the SDK's stream, as each event
 * is read: an async generator between adapter and session cost a promise and a microtask round per event that a bare
 * SDK loop does not pay (bench:host, issue 13). It must not throw; if it does, the stream stops with that error.
 */
export type StreamSink = (event: StreamEvent) => void;

/**
 * One streaming call to a model, pushed into `sink`. The promise resolves once a `done` event was sunk (the provider
 * sent its terminator), rejects with a StreamError when the answer ended without one, and resolves without `done`
 * when `signal` aborts.
 */
export interface Provider {
  readonly id: ProviderId;
  stream(request: ProviderRequest, signal: AbortSignal, sink: StreamSink): Promise<void>;
}

export type ProviderFactory = (config: ProviderConfig) => Provider;
