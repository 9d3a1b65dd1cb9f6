import Anthropic from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { classifyError } from '../errors';
import type { Provider, ProviderConfig, ProviderFactory, ProviderRequest, StreamSink } from '../provider';
import type { FinishReason, TokenUsage } from '../streamEvents';
import type { ModelLister } from './descriptors';
import { activityFetch } from './activityFetch';
import { interruptedError } from './interrupted';
import { isAborted } from '../aborted';
import { anthropicParams } from './anthropicRequest';
import { AnthropicThinkingBlocks } from './anthropicThinking';

export function normaliseAnthropicStop(raw: string | null): FinishReason {
  switch (raw) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop'; // end_turn, stop_sequence, tool_use, pause_turn
  }
}

/** Messages API streaming through the official SDK (raw events, so every byte of usage is ours to read). */
export const createAnthropicProvider: ProviderFactory = (config: ProviderConfig): Provider => {
  // maxRetries 0: StreamSession owns the retry policy, so SDK and session retries never multiply.
  // The stream running now reports its bytes (keep-alive pings included) through this: see activityFetch.
  let onWireActivity: (() => void) | undefined;
  const client = new Anthropic({
    apiKey: config.apiKey, baseURL: config.baseUrl || undefined, maxRetries: 0,
    fetch: activityFetch(() => onWireActivity?.()),
  });
  return {
    id: 'anthropic',
    async stream(request: ProviderRequest, signal: AbortSignal, sink: StreamSink): Promise<void> {
      onWireActivity = request.onWireActivity;
      let rawStop: string | null = null;
      let sawMessageStop = false;
      // Anthropic bills thinking as output tokens but does not report how many were thinking: reasoningTokens stays
      // undefined here rather than a guess.
      const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
      let sawUsage = false;
      const thinking = new AnthropicThinkingBlocks();
      try {
        const stream = await client.messages.create(anthropicParams(request), { signal });
        for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
          thinking.read(event, sink);
          switch (event.type) {
            case 'message_start': {
              const u = event.message.usage;
              const cacheRead = u.cache_read_input_tokens ?? 0;
              const cacheWrite = u.cache_creation_input_tokens ?? 0;
              // Anthropic's input_tokens excludes cached tokens; ours counts every input token.
              usage.inputTokens = u.input_tokens + cacheRead + cacheWrite;
              usage.outputTokens = u.output_tokens;
              if (cacheRead) usage.cacheReadTokens = cacheRead;
              if (cacheWrite) usage.cacheWriteTokens = cacheWrite;
              sawUsage = true;
              sink({ type: 'start', model: event.message.model || request.model, inputTokens: usage.inputTokens });
              break;
            }
            case 'content_block_start':
              if (event.content_block.type === 'text' && event.content_block.text) {
                sink({ type: 'delta', text: event.content_block.text });
              }
              break;
            case 'content_block_delta':
              if (event.delta.type === 'text_delta') sink({ type: 'delta', text: event.delta.text });
              break;
            case 'message_delta':
              if (event.delta.stop_reason) rawStop = event.delta.stop_reason;
              // output_tokens here is cumulative, not an increment.
              if (event.usage?.output_tokens != null) usage.outputTokens = event.usage.output_tokens;
              break;
            case 'message_stop':
              sawMessageStop = true;
              break;
            default:
              break;
          }
        }
      } catch (err) {
        if (isAborted(signal)) return;
        throw classifyError(err, 'anthropic');
      }
      if (isAborted(signal)) return;
      if (!sawMessageStop) throw interruptedError('anthropic', 'message_stop');
      if (sawUsage) sink({ type: 'usage', ...usage });
      sink({ type: 'done', finishReason: normaliseAnthropicStop(rawStop), rawFinishReason: rawStop });
    },
  };
};

/** Anthropic's `GET /v1/models`, every page (the SDK follows `has_more` / `last_id`). */
export const listAnthropicModels: ModelLister = async (config, signal) => {
  const client = new Anthropic({ apiKey: config.apiKey, baseURL: config.baseUrl || undefined, maxRetries: 0 });
  const models = [];
  for await (const m of client.models.list({}, { signal })) {
    models.push({ provider: 'anthropic' as const, id: m.id, ...(m.display_name ? { label: m.display_name } : {}) });
  }
  return models;
};
