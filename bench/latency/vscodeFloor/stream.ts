/**
 * The floor extension's stream: a bare loop over the official SDK's stream (`for await`), each text delta handed on
 * at once as its own message — no engine, no coalescing, no flow window, no markdown. No vscode import, so the unit
 * tests run it against the local provider server as it runs in the extension host.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { deltaMessage, type FloorMessage } from './messages';

export interface FloorSettings {
  provider: 'openai' | 'anthropic';
  openaiBaseUrl: string;
  openaiModel: string;
  anthropicBaseUrl: string;
  anthropicModel: string;
}

/** The provider server takes any key; this one is not key-shaped. */
const API_KEY = 'bench-key';

/** Streams one answer; `post` gets a delta message per text delta, in order, as each arrives. */
export async function streamAnswer(s: FloorSettings, turnId: string, post: (m: FloorMessage) => void): Promise<void> {
  const prompt = [{ role: 'user' as const, content: 'Explain.' }];
  if (s.provider === 'openai') {
    const client = new OpenAI({ apiKey: API_KEY, baseURL: s.openaiBaseUrl, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: s.openaiModel, messages: prompt, stream: true });
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) post(deltaMessage(turnId, text));
    }
  } else {
    const client = new Anthropic({ apiKey: API_KEY, baseURL: s.anthropicBaseUrl, maxRetries: 0 });
    const stream = await client.messages.create({ model: s.anthropicModel, max_tokens: 4096, messages: prompt, stream: true });
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') post(deltaMessage(turnId, event.delta.text));
    }
  }
}
