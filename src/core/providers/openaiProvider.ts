import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { classifyError } from '../errors';
import type { Provider, ProviderConfig, ProviderFactory, ProviderRequest } from '../provider';
import type { FinishReason, StreamEvent } from '../streamEvents';
import { interruptedError } from './interrupted';

export function normaliseOpenAIFinish(raw: string, sawRefusal: boolean): FinishReason {
  if (sawRefusal || raw === 'content_filter') return 'content_filter';
  if (raw === 'length') return 'length';
  return 'stop'; // stop, tool_calls, function_call
}

/** Chat Completions streaming through the official SDK; works with OpenAI-compatible base URLs too. */
export const createOpenAIProvider: ProviderFactory = (config: ProviderConfig): Provider => {
  // maxRetries 0: StreamSession owns the retry policy, so SDK and session retries never multiply.
  const client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl || undefined, maxRetries: 0 });
  return {
    id: 'openai',
    async *stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: request.system },
        ...request.messages.map((m) => ({ role: m.role, content: m.content })),
      ];
      let rawFinish: string | null = null;
      let sawRefusal = false;
      let started = false;
      try {
        const stream = await client.chat.completions.create(
          {
            model: request.model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            max_completion_tokens: request.maxOutputTokens,
          },
          { signal },
        );
        for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
          if (!started) {
            started = true;
            yield { type: 'start', model: chunk.model || request.model };
          }
          // Never index choices[0] blindly: the usage chunk (and Azure's first chunk) has none.
          const choice = chunk.choices?.find((c) => c.index === 0);
          if (choice) {
            const delta = choice.delta as ChatCompletionChunk.Choice.Delta & { reasoning_content?: string | null };
            if (delta?.reasoning_content) yield { type: 'thinking', text: delta.reasoning_content };
            if (delta?.content) yield { type: 'delta', text: delta.content };
            if (delta?.refusal) {
              sawRefusal = true;
              yield { type: 'delta', text: delta.refusal };
            }
            if (choice.finish_reason) rawFinish = choice.finish_reason;
          }
          if (chunk.usage) {
            yield {
              type: 'usage',
              inputTokens: chunk.usage.prompt_tokens,
              outputTokens: chunk.usage.completion_tokens,
              cacheReadTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? undefined,
            };
          }
        }
      } catch (err) {
        if (signal.aborted) return;
        throw classifyError(err, 'openai');
      }
      if (signal.aborted) return;
      if (rawFinish === null) throw interruptedError('openai', 'finish_reason / [DONE]');
      yield { type: 'done', finishReason: normaliseOpenAIFinish(rawFinish, sawRefusal), rawFinishReason: rawFinish };
    },
  };
};
