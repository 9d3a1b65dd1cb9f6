import OpenAI from 'openai';
import type { Provider, ProviderConfig, ProviderFactory, ProviderRequest, StreamSink } from '../provider';
import { streamChatCompletions, type WatchedFetch } from './chatCompletionsStream';
import type { ModelLister } from './descriptors';
import { activityFetch } from './activityFetch';
import { DEFAULT_OPENAI_OPTIONS } from './openaiOptions';
import { streamResponses } from './responsesStream';

export { normaliseOpenAIFinish } from './chatCompletionsStream';

const client = (config: ProviderConfig, fetch?: WatchedFetch) =>
  new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl || undefined,
    // StreamSession owns the retry policy, so SDK and session retries never multiply.
    maxRetries: 0,
    fetch,
  });

/**
 * Streaming through the official SDK: Chat Completions (also OpenAI-compatible base URLs), or the Responses API when
 * `streamExplain.openai.api` is `responses`.
 */
export const createOpenAIProvider: ProviderFactory = (config: ProviderConfig): Provider => {
  const options = config.openai ?? DEFAULT_OPENAI_OPTIONS;
  return {
    id: 'openai',
    stream(request: ProviderRequest, signal: AbortSignal, sink: StreamSink): Promise<void> {
      return options.api === 'responses'
        ? streamResponses(() => client(config, activityFetch(request.onWireActivity)), options, request, signal, sink)
        : streamChatCompletions('openai', (fetch) => client(config, fetch), request, signal, sink);
    },
  };
};

/** `GET {baseUrl}/models`: OpenAI's models, or whatever an OpenAI-compatible server (Ollama, LM Studio, OpenRouter) serves. */
export const listOpenAIModels: ModelLister = async (config, signal) => {
  const models = [];
  for await (const m of client(config).models.list({ signal })) {
    models.push({ provider: 'openai' as const, id: m.id, ...(m.owned_by ? { detail: m.owned_by } : {}) });
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
};

// Azure's adapter rides in this bundle: it is the same SDK (a bundle of its own would repeat ~950 KB of it).
export { createAzureProvider, listAzureModels } from './azureProvider';
