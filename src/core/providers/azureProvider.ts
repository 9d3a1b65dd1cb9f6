import { AzureOpenAI } from 'openai';
import type { Provider, ProviderConfig, ProviderFactory, ProviderRequest, StreamSink } from '../provider';
import { streamChatCompletions, type WatchedFetch } from './chatCompletionsStream';
import type { ModelLister } from './descriptors';

/**
 * The latest GA version of Azure OpenAI's data-plane inference API (learn.microsoft.com, "Azure OpenAI REST API
 * reference": data plane inference, latest GA release 2024-10-21). Users on newer models can set a later one.
 */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

const client = (config: ProviderConfig, fetch?: WatchedFetch) =>
  new AzureOpenAI({
    // The SDK sends a string key as the `api-key` header, as Azure expects.
    apiKey: config.apiKey,
    endpoint: config.baseUrl,
    apiVersion: config.apiVersion || AZURE_DEFAULT_API_VERSION,
    // StreamSession owns the retry policy, so SDK and session retries never multiply.
    maxRetries: 0,
    fetch,
  });

/**
 * Azure OpenAI Chat Completions through the SDK's AzureOpenAI client. The request's model is the deployment name
 * (the SDK puts it in the path: /openai/deployments/{model}/chat/completions?api-version=…); the stream reports the
 * model behind it, which is what gets priced.
 */
export const createAzureProvider: ProviderFactory = (config: ProviderConfig): Provider => ({
  id: 'azure',
  stream(request: ProviderRequest, signal: AbortSignal, sink: StreamSink): Promise<void> {
    return streamChatCompletions('azure', (fetch) => client(config, fetch), request, signal, sink);
  },
});

/**
 * Azure serves deployments, and listing them needs the management API (an Entra token, not the resource key), so
 * the list is the configured deployment.
 */
export const listAzureModels: ModelLister = async (config) =>
  config.deployment ? [{ provider: 'azure', id: config.deployment, ...(config.baseUrl ? { detail: hostOf(config.baseUrl) } : {}) }] : [];

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
