import type { ScriptedAnswer } from './sseWriters';

/**
 * Scripted answers in the OpenAI Responses wire format: every event named (`event:`) with its `type` repeated in the
 * JSON and a `sequence_number` counting from 0, no `[DONE]`. Field order follows the recorded
 * test/fixtures/transcripts/openai-responses-basic.sse.
 */

interface ResponseShape {
  id: string;
  created: number;
  model: string;
  maxOutputTokens: number | null;
}

function responseObject(r: ResponseShape, status: string, extra: { output?: unknown[]; usage?: unknown; incomplete?: unknown } = {}): Record<string, unknown> {
  return {
    id: r.id, object: 'response', created_at: r.created, status, background: false,
    completed_at: status === 'in_progress' ? null : r.created + 1, error: null,
    incomplete_details: extra.incomplete ?? null, instructions: null, max_output_tokens: r.maxOutputTokens,
    model: r.model, output: extra.output ?? [], parallel_tool_calls: true, previous_response_id: null,
    reasoning: { effort: null, summary: null }, service_tier: 'default', store: false, temperature: 1.0,
    text: { format: { type: 'text' }, verbosity: 'medium' }, tool_choice: 'auto', tools: [], top_p: 1.0,
    truncation: 'disabled', usage: extra.usage ?? null, user: null, metadata: {},
  };
}

export function responsesFrames(
  a: ScriptedAnswer,
  id: string,
  created: number,
  maxOutputTokens: number | null,
): { first: string[]; perToken: string[]; last: string[] } {
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data, sequence_number: seq++ })}\n\n`;
  const r: ResponseShape = { id, created, model: a.model, maxOutputTokens };
  const itemId = `msg_${id.replace(/^resp_/, '')}`;
  const text = a.tokens.join('');
  const part = (t: string) => ({ type: 'output_text', annotations: [], logprobs: [], text: t });
  const item = (status: string, content: unknown[]) => ({ id: itemId, type: 'message', status, content, role: 'assistant' });
  const at = { item_id: itemId, output_index: 0, content_index: 0 };

  const first = [
    ev('response.created', { response: responseObject(r, 'in_progress') }),
    ev('response.in_progress', { response: responseObject(r, 'in_progress') }),
    ev('response.output_item.added', { item: item('in_progress', []), output_index: 0 }),
    ev('response.content_part.added', { ...at, part: part('') }),
  ];
  const perToken = a.tokens.map((t) => ev('response.output_text.delta', { ...at, delta: t, logprobs: [] }));
  const cut = a.finish === 'length';
  const done = item(cut ? 'incomplete' : 'completed', [part(text)]);
  const usage = {
    input_tokens: a.inputTokens, input_tokens_details: { cached_tokens: 0 },
    output_tokens: a.tokens.length, output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: a.inputTokens + a.tokens.length,
  };
  const last = [
    ev('response.output_text.done', { ...at, logprobs: [], text }),
    ev('response.content_part.done', { ...at, part: part(text) }),
    ev('response.output_item.done', { item: done, output_index: 0 }),
    cut
      ? ev('response.incomplete', { response: responseObject(r, 'incomplete', { output: [done], usage, incomplete: { reason: 'max_output_tokens' } }) })
      : ev('response.completed', { response: responseObject(r, 'completed', { output: [done], usage }) }),
  ];
  return { first, perToken, last };
}
