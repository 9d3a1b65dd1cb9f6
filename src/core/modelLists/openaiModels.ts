import OpenAI from 'openai';
import { MAX_LISTED, type ListedModel, type SdkModelLister } from './listedModel';

/** `GET {baseUrl}/models` through the SDK: OpenAI, or any OpenAI-compatible server (Ollama, LM Studio, vLLM…). */
export const listOpenAIModels: SdkModelLister = async (config, signal) => {
  const client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl || undefined, maxRetries: 0 });
  const out: ListedModel[] = [];
  for await (const m of client.models.list({ signal })) {
    out.push({ id: m.id });
    if (out.length >= MAX_LISTED) break;
  }
  return out;
};
