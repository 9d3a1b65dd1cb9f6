/**
 * Byte-exact SSE payloads for scripted answers, in each API's wire format (field order and framing as the real APIs
 * send them; see test/fixtures/transcripts).
 */

import { responsesFrames } from './responsesFrames';

/** The HTTP APIs the local server speaks: OpenAI Chat Completions, OpenAI Responses, Anthropic Messages. */
export type Wire = 'openai' | 'responses' | 'anthropic';

export interface ScriptedAnswer {
  model: string;
  tokens: string[];
  inputTokens: number;
  finish: 'stop' | 'length';
  includeUsage: boolean;
}

export function openaiFrames(a: ScriptedAnswer, id: string, created: number): { first: string[]; perToken: string[]; last: string[] } {
  const base = { id, object: 'chat.completion.chunk', created, model: a.model, service_tier: 'default', system_fingerprint: 'fp_local' };
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ ...base, choices, ...(a.includeUsage ? { usage: null } : {}), ...extra })}\n\n`;
  const first = [chunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }])];
  const perToken = a.tokens.map((t) => chunk([{ index: 0, delta: { content: t }, logprobs: null, finish_reason: null }]));
  const last = [chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: a.finish === 'length' ? 'length' : 'stop' }])];
  if (a.includeUsage) {
    const usage = {
      prompt_tokens: a.inputTokens,
      completion_tokens: a.tokens.length,
      total_tokens: a.inputTokens + a.tokens.length,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };
    last.push(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
  }
  last.push('data: [DONE]\n\n');
  return { first, perToken, last };
}

export function anthropicFrames(a: ScriptedAnswer, id: string): { first: string[]; perToken: string[]; last: string[] } {
  const ev = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const first = [
    ev('message_start', {
      type: 'message_start',
      message: {
        model: a.model, id, type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null,
        usage: { input_tokens: a.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: 'standard' },
      },
    }),
    ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    'event: ping\ndata: {"type": "ping"}\n\n',
  ];
  const perToken = a.tokens.map((t) => ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } }));
  const last = [
    ev('content_block_stop', { type: 'content_block_stop', index: 0 }),
    ev('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: a.finish === 'length' ? 'max_tokens' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: a.tokens.length },
    }),
    ev('message_stop', { type: 'message_stop' }),
  ];
  return { first, perToken, last };
}

/** Split text into model-like tokens: each word with its leading whitespace, newlines kept. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

const VOCAB = (
  'the function reads each item from the queue and returns early when the buffer is empty so callers never block ' +
  'this loop keeps a running total while a map caches results by key which makes repeated lookups cheap ' +
  'note that errors are swallowed here and a caller cannot tell a missing value from a failed one'
).split(' ');

/** A deterministic answer of exactly n tokens: a heading, prose and a code block, like a real explanation. */
export function generatedTokens(n: number): string[] {
  const out: string[] = [];
  const head = ['##', ' Summary', '\n\n'];
  for (const t of head) if (out.length < n) out.push(t);
  let i = 0;
  while (out.length < n) {
    const k = out.length;
    if (k % 97 === 0) out.push('\n\n```ts\nconst total = items.reduce((a, b) => a + b, 0);\n```\n\n');
    else if (k % 23 === 0) out.push('.\n\n-');
    else out.push(' ' + VOCAB[i++ % VOCAB.length]);
  }
  return out;
}

/** A complete, well-formed streamed body answering `text`, as one string (for raw and byte-splitting scenarios). */
export function fullBody(wire: Wire, text: string, opts: { model?: string; inputTokens?: number; terminator?: boolean } = {}): string {
  const answer: ScriptedAnswer = {
    model: opts.model ?? (wire === 'anthropic' ? 'claude-sonnet-4-20250514' : 'gpt-4o-mini-2024-07-18'),
    tokens: tokenize(text), inputTokens: opts.inputTokens ?? 12, finish: 'stop', includeUsage: true,
  };
  const f = wire === 'openai' ? openaiFrames(answer, 'chatcmpl-raw', 1_700_000_000)
    : wire === 'responses' ? responsesFrames(answer, 'resp_raw', 1_700_000_000, null)
    : anthropicFrames(answer, 'msg_raw');
  // Without its terminator: [DONE], message_stop, or response.completed (the Responses stream has no other).
  const last = opts.terminator === false ? f.last.slice(0, -1) : f.last;
  return [...f.first, ...f.perToken, ...last].join('');
}
