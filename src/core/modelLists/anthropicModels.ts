import Anthropic from '@anthropic-ai/sdk';
import { MAX_LISTED, type ListedModel, type SdkModelLister } from './listedModel';

/** Anthropic's `GET /v1/models` through the SDK (paginated; newest first), with display names. */
export const listAnthropicModels: SdkModelLister = async (config, signal) => {
  const client = new Anthropic({ apiKey: config.apiKey, baseURL: config.baseUrl || undefined, maxRetries: 0 });
  const out: ListedModel[] = [];
  for await (const m of client.models.list({ limit: 100 }, { signal })) {
    out.push({ id: m.id, name: m.display_name });
    if (out.length >= MAX_LISTED) break;
  }
  return out;
};
