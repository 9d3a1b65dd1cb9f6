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

const DONE = Buffer.from('data: [DONE]');

/** Pass the body through unchanged, noting whether `data: [DONE]` went by (across chunk boundaries too). */
function watchForDone(res: Response, terminator: { seen: boolean }): Response {
  if (!res.body || !res.ok) return res;
  let tail = Buffer.alloc(0);
  const watch = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (!terminator.seen) {
        const window = Buffer.concat([tail, chunk]);
        if (window.includes(DONE)) terminator.seen = true;
        tail = window.subarray(Math.max(0, window.length - DONE.length));
      }
      controller.enqueue(chunk);
    },
  });
  return new Response(res.body.pipeThrough(watch), { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Chat Completions streaming through the official SDK; works with OpenAI-compatible base URLs too. */
export const createOpenAIProvider: ProviderFactory = (config: ProviderConfig): Provider => {
  return {
    id: 'openai',
    async *stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
      // The SDK consumes `data: [DONE]` silently and ends the same way when the body is cut, so the raw bytes are
      // watched for the terminator; one client per stream keeps that flag per request.
      const terminator = { seen: false };
      const client = new OpenAI({
        apiKey: config.apiKey,
        baseURL: config.baseUrl || undefined,
        // StreamSession owns the retry policy, so SDK and session retries never multiply.
        maxRetries: 0,
        fetch: (url: string | URL | Request, init?: RequestInit) => fetch(url, init).then((res) => watchForDone(res, terminator)),
      });
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
      if (rawFinish === null || !terminator.seen) throw interruptedError('openai', rawFinish === null ? 'finish_reason' : 'data: [DONE]');
      yield { type: 'done', finishReason: normaliseOpenAIFinish(rawFinish, sawRefusal), rawFinishReason: rawFinish };
    },
  };
};

// The model picker's list call rides in this bundle (it needs the same SDK); see src/extension/modelLists.ts.
export { listOpenAIModels } from '../modelLists/openaiModels';
