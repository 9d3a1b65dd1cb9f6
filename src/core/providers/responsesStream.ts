import type OpenAI from 'openai';
import type { ResponseError, ResponseStreamEvent, ResponseUsage } from 'openai/resources/responses/responses';
import { classifyError, StreamError } from '../errors';
import { PROVIDER_LABELS, type ProviderRequest, type StreamSink } from '../provider';
import type { FinishReason, StreamEvent } from '../streamEvents';
import { interruptedError } from './interrupted';
import { isAborted } from '../aborted';
import type { OpenAIOptions } from './openaiOptions';
import { responsesParams } from './responsesRequest';

/**
 * OpenAI's Responses API translated to StreamEvents. Its stream has no `[DONE]`: an answer is whole only when
 * `response.completed`, `response.incomplete` or `response.failed` arrived, so a body that ends before one of them is
 * interrupted. Reasoning summaries stream as `thinking`, never as answer text.
 */

const LABEL = PROVIDER_LABELS.openai;

export function responsesUsage(u: ResponseUsage): Extract<StreamEvent, { type: 'usage' }> {
  const cached = u.input_tokens_details?.cached_tokens;
  const cacheWrite = u.input_tokens_details?.cache_write_tokens;
  const reasoning = u.output_tokens_details?.reasoning_tokens;
  return {
    type: 'usage',
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    ...(typeof cached === 'number' ? { cacheReadTokens: cached } : {}),
    ...(typeof cacheWrite === 'number' && cacheWrite > 0 ? { cacheWriteTokens: cacheWrite } : {}),
    ...(typeof reasoning === 'number' ? { reasoningTokens: reasoning } : {}),
  };
}

/** `incomplete_details.reason` as a finish reason: cut at max tokens (Continue applies), or filtered. */
export function incompleteFinish(reason: string | undefined): FinishReason {
  return reason === 'content_filter' ? 'content_filter' : 'length';
}

/** An error the provider reported (an `error` event, a failed response) carries its own words to the user. */
function withProviderMessage(error: StreamError, said: string | undefined): StreamError {
  if (!said || error.message.includes(said)) return error;
  return new StreamError({
    kind: error.kind, retryable: error.retryable, status: error.status, retryAfterMs: error.retryAfterMs,
    detail: error.detail, action: error.action, message: `${error.message} ${LABEL} said: “${said}”`,
  });
}

/** `response.failed`: classified by its code like any provider error; codes the classifier does not know are refusals. */
export function failedResponseError(error: ResponseError | null | undefined): StreamError {
  const said = error?.message || 'the response failed without a reason';
  const classified = classifyError({ name: 'ResponseFailed', message: said, error: { type: error?.code, code: error?.code, message: said } }, 'openai');
  if (classified.kind !== 'unknown') return withProviderMessage(classified, said);
  return new StreamError({
    kind: 'bad_request', retryable: false, detail: JSON.stringify(error ?? null),
    message: `${LABEL} could not answer (${error?.code ?? 'failed'}). ${LABEL} said: “${said}”`,
  });
}

/** Reasoning summary parts arrive one after another; each new part is set off from the last by a blank line. */
class ThinkingJoiner {
  private lastPart: string | undefined;

  text(part: string, delta: string): string {
    const separate = this.lastPart !== undefined && this.lastPart !== part;
    this.lastPart = part;
    return separate ? `\n\n${delta}` : delta;
  }
}

/** One Responses API request into `sink` (see Provider.stream). */
export async function streamResponses(
  makeClient: () => OpenAI,
  options: OpenAIOptions,
  request: ProviderRequest,
  signal: AbortSignal,
  sink: StreamSink,
): Promise<void> {
  let started = false;
  let finish: { reason: FinishReason; raw: string } | undefined;
  let sawRefusal = false;
  const thinking = new ThinkingJoiner();
  const start = (model?: string): void => {
    if (started) return;
    started = true;
    sink({ type: 'start', model: model || request.model });
  };
  try {
    const stream = await makeClient().responses.create(responsesParams(request, options), { signal });
    for await (const ev of stream as AsyncIterable<ResponseStreamEvent>) {
      switch (ev.type) {
        case 'response.created':
        case 'response.in_progress':
          start(ev.response.model);
          break;
        case 'response.output_text.delta':
          start();
          if (ev.delta) sink({ type: 'delta', text: ev.delta });
          break;
        case 'response.refusal.delta':
          start();
          sawRefusal = true;
          if (ev.delta) sink({ type: 'delta', text: ev.delta });
          break;
        case 'response.reasoning_summary_text.delta':
          start();
          if (ev.delta) sink({ type: 'thinking', text: thinking.text(`summary:${ev.item_id}:${ev.summary_index}`, ev.delta) });
          break;
        case 'response.reasoning_text.delta':
          // Raw reasoning (gpt-oss behind a Responses-speaking server): shown the same way as a summary.
          start();
          if (ev.delta) sink({ type: 'thinking', text: thinking.text(`text:${ev.item_id}:${ev.content_index}`, ev.delta) });
          break;
        case 'response.completed':
          start(ev.response.model);
          if (ev.response.usage) sink(responsesUsage(ev.response.usage));
          finish = { reason: sawRefusal ? 'content_filter' : 'stop', raw: ev.response.status ?? 'completed' };
          break;
        case 'response.incomplete': {
          start(ev.response.model);
          if (ev.response.usage) sink(responsesUsage(ev.response.usage));
          const reason = ev.response.incomplete_details?.reason;
          finish = { reason: incompleteFinish(reason), raw: reason ?? 'incomplete' };
          break;
        }
        case 'response.failed':
          throw failedResponseError(ev.response.error);
        case 'error':
          // The SDK throws on an `error` event before yielding it; kept for servers whose event name is missing.
          throw withProviderMessage(classifyError({ name: 'ResponseError', message: ev.message, error: ev }, 'openai'), ev.message);
        default:
          break;
      }
    }
  } catch (err) {
    if (isAborted(signal)) return;
    const said = (err as { status?: unknown; error?: { message?: unknown } }).status === undefined
      ? (err as { error?: { message?: unknown } }).error?.message
      : undefined;
    throw withProviderMessage(classifyError(err, 'openai'), typeof said === 'string' ? said : undefined);
  }
  if (isAborted(signal)) return;
  if (!finish) throw interruptedError('openai', 'response.completed');
  sink({ type: 'done', finishReason: finish.reason, rawFinishReason: finish.raw });
}
