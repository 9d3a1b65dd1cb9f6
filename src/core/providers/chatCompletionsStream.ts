import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { classifyError } from '../errors';
import type { ProviderId, ProviderRequest, StreamSink } from '../provider';
import type { FinishReason, StreamEvent } from '../streamEvents';
import { tappedFetch } from './activityFetch';
import { DoneWatcher } from './doneWatcher';
import { interruptedError } from './interrupted';
import { isAborted } from '../aborted';
import { ThinkTagSplitter, type SplitPiece } from './thinkTagSplitter';

/**
 * The Chat Completions stream translated to StreamEvents, shared by every adapter speaking that wire format
 * (OpenAI, OpenAI-compatible servers, Azure OpenAI).
 */

export function normaliseOpenAIFinish(raw: string, sawRefusal: boolean): FinishReason {
  if (sawRefusal || raw === 'content_filter') return 'content_filter';
  if (raw === 'length') return 'length';
  return 'stop'; // stop, tool_calls, function_call
}

export type WatchedFetch = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Where OpenAI-compatible servers put reasoning: `reasoning_content` (DeepSeek, vLLM, llama.cpp, z.ai, xAI) or
 * `reasoning` (OpenRouter, Vercel's gateway). Neither is in the OpenAI types.
 */
type ReasoningDelta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: unknown; reasoning?: unknown };

function reasoningText(delta: ReasoningDelta): string {
  const text = delta.reasoning_content ?? delta.reasoning;
  return typeof text === 'string' ? text : '';
}

/** The choice with index 0, where it nearly always is: first (no closure per chunk for the usual case). */
function firstChoice(choices: ChatCompletionChunk.Choice[] | undefined): ChatCompletionChunk.Choice | undefined {
  if (!choices?.length) return undefined;
  return choices[0].index === 0 ? choices[0] : choices.find((c) => c.index === 0);
}

const asEvent = (p: SplitPiece): StreamEvent => (p.kind === 'thinking' ? { type: 'thinking', text: p.text } : { type: 'delta', text: p.text });

/** Output tokens spent reasoning, when the server says (0 is left out: no reasoning to show). */
function reasoningTokens(usage: { completion_tokens_details?: { reasoning_tokens?: number } | null }): number | undefined {
  const n = usage.completion_tokens_details?.reasoning_tokens;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Usage as OpenRouter extends it: what the request cost, in USD (credits). */
interface ReportedUsage {
  cost?: unknown;
  is_byok?: unknown;
  cost_details?: { upstream_inference_cost?: unknown } | null;
}

/**
 * The cost a server reported for the request, if any. OpenRouter's `cost` is what it charged; with a user's own
 * provider key (BYOK) the provider bills `upstream_inference_cost` on top, so the two are added.
 */
export function reportedCost(usage: ReportedUsage): number | undefined {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const cost = num(usage.cost);
  if (cost === undefined) return undefined;
  const upstream = usage.is_byok === true ? num(usage.cost_details?.upstream_inference_cost) ?? 0 : 0;
  return cost + upstream;
}

/**
 * Stream one request into `sink` (see Provider.stream). `makeClient` receives the fetch to use: the SDK consumes
 * `data: [DONE]` silently and ends the same way when the body is cut, so the raw bytes are watched for the
 * terminator, one client per stream.
 */
export async function streamChatCompletions(
  provider: ProviderId,
  makeClient: (fetch: WatchedFetch) => OpenAI,
  request: ProviderRequest,
  signal: AbortSignal,
  sink: StreamSink,
): Promise<void> {
  const terminator = new DoneWatcher();
  const activity = request.onWireActivity;
  // One tap per read does both: the idle timer's sign of life and the terminator's watch.
  const client = makeClient(tappedFetch((chunk) => {
    activity?.();
    terminator.push(chunk);
  }));
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: request.system },
    ...request.messages.map((m) => ({ role: m.role, content: m.content })),
  ];
  let rawFinish: string | null = null;
  let sawRefusal = false;
  let started = false;
  const thinkTags = new ThinkTagSplitter();
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
      // Azure's first chunk (prompt filter results) has no model and no choices: start once the model is known,
      // so cost is priced by the model behind a deployment, not by the deployment's name.
      if (!started && (chunk.model || chunk.choices?.length)) {
        started = true;
        sink({ type: 'start', model: chunk.model || request.model });
      }
      // Never index choices[0] blindly: the usage chunk (and Azure's first chunk) has none.
      const choice = firstChoice(chunk.choices);
      if (choice) {
        const delta = (choice.delta ?? {}) as ReasoningDelta;
        const reasoning = reasoningText(delta);
        if (reasoning) sink({ type: 'thinking', text: reasoning });
        // Once the content is known to be plain text (nearly every token), a delta is one event: no pieces.
        if (delta.content && thinkTags.passthrough) sink({ type: 'delta', text: delta.content });
        else if (delta.content) for (const piece of thinkTags.push(delta.content)) sink(asEvent(piece));
        if (delta.refusal) {
          sawRefusal = true;
          sink({ type: 'delta', text: delta.refusal });
        }
        if (choice.finish_reason) rawFinish = choice.finish_reason;
      }
      if (chunk.usage) {
        const cost = reportedCost(chunk.usage as ReportedUsage);
        const reasoningCount = reasoningTokens(chunk.usage);
        sink({
          type: 'usage',
          inputTokens: chunk.usage.prompt_tokens,
          outputTokens: chunk.usage.completion_tokens,
          cacheReadTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? undefined,
          ...(reasoningCount !== undefined ? { reasoningTokens: reasoningCount } : {}),
          ...(cost !== undefined ? { reportedCostUsd: cost } : {}),
        });
      }
    }
  } catch (err) {
    if (isAborted(signal)) return;
    throw classifyError(err, provider);
  }
  if (isAborted(signal)) return;
  for (const piece of thinkTags.flush()) sink(asEvent(piece));
  if (rawFinish === null || !terminator.seen) throw interruptedError(provider, rawFinish === null ? 'finish_reason' : 'data: [DONE]');
  if (!started) sink({ type: 'start', model: request.model });
  sink({ type: 'done', finishReason: normaliseOpenAIFinish(rawFinish, sawRefusal), rawFinishReason: rawFinish });
}
