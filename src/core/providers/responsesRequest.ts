import type { ResponseCreateParamsStreaming, ResponseInputItem } from 'openai/resources/responses/responses';
import type { ProviderRequest } from '../provider';
import type { OpenAIOptions } from './openaiOptions';

/**
 * Models that reason before they answer: the o-series, GPT-5 and later (their `-chat` variants excepted), codex and
 * gpt-oss. A name test, because the API offers no capability flag; a model it misses still answers, only without a
 * reasoning summary unless an effort is set.
 */
export function isReasoningModel(model: string): boolean {
  const name = model.toLowerCase().replace(/^openai\//, '');
  if (/-chat(-|$)/.test(name)) return false;
  return /^(o\d+(-|$)|gpt-(5|6|7|8|9)(\.|-|$)|codex|gpt-oss)/.test(name);
}

/**
 * What to ask for under `reasoning`. An effort set in the settings is sent with a summary request; with no effort a
 * reasoning model still gets `summary: "auto"` (without a summary it streams nothing while it thinks), and any other
 * model gets no `reasoning` at all, since non-reasoning models (gpt-4o, gpt-4.1) reject the parameter with a 400.
 */
export function reasoningParam(model: string, options: OpenAIOptions): ResponseCreateParamsStreaming['reasoning'] {
  if (options.reasoningEffort) return { effort: options.reasoningEffort, summary: 'auto' };
  return isReasoningModel(model) ? { summary: 'auto' } : undefined;
}

/**
 * The conversation as Responses input items: the system prompt as `instructions`, each turn a message with its role.
 * Earlier answers go back as assistant messages with plain text (the API reads them as `output_text`).
 */
export function responsesInput(request: ProviderRequest): ResponseInputItem[] {
  return request.messages.map((m) => ({ type: 'message', role: m.role, content: m.content }));
}

/** The Responses API refuses a `max_output_tokens` below 16 with a 400; Chat Completions accepts any positive value. */
export const MIN_OUTPUT_TOKENS = 16;

export function responsesParams(request: ProviderRequest, options: OpenAIOptions): ResponseCreateParamsStreaming {
  const reasoning = reasoningParam(request.model, options);
  return {
    model: request.model,
    instructions: request.system,
    input: responsesInput(request),
    stream: true,
    max_output_tokens: Math.max(MIN_OUTPUT_TOKENS, request.maxOutputTokens),
    // Every turn resends the whole conversation, so nothing needs keeping on OpenAI's side.
    store: false,
    ...(reasoning ? { reasoning } : {}),
  };
}
