import type { ChatMessage } from '../provider';
import { approximateCounter } from '../tokenCounter';
import type { StoredTurn } from './persistence';

/** A turn that is part of what the model sees: answered, not replaced by a retry, not still streaming. */
const inHistory = (t: StoredTurn) => !t.superseded && t.snapshot.state !== 'streaming' && !!t.snapshot.text;

/**
 * A turn's question as the model gets it; one holding selected code is flagged for a prompt-cache breakpoint, in its
 * own request, in every follow-up, and in a Continue of it (which must repeat the same breakpoints to read the cache).
 */
export function questionOf(t: StoredTurn): ChatMessage {
  return t.snapshot.prompt.code !== undefined ? { role: 'user', content: t.content, cache: true } : { role: 'user', content: t.content };
}

/** Earlier turns as messages for the model, newest kept first when the conversation outgrows the input budget. */
export function buildHistory(turns: readonly StoredTurn[], budgetTokens: number): ChatMessage[] {
  const pairs: ChatMessage[][] = [];
  for (const t of turns) {
    if (!inHistory(t)) continue;
    const user = questionOf(t);
    const answer: ChatMessage = { role: 'assistant', content: t.snapshot.text, ...(t.blocks?.length ? { blocks: t.blocks } : {}) };
    pairs.push([user, answer]);
  }
  let used = 0;
  let first = pairs.length;
  while (first > 0) {
    const cost = approximateCounter.count(pairs[first - 1][0].content + pairs[first - 1][1].content);
    if (used + cost > budgetTokens) break;
    used += cost;
    first--;
  }
  return pairs.slice(first).flat();
}

/** How many history messages come before `turn` (its own pair excluded while it streams). */
export function historyIndexOf(turns: readonly StoredTurn[], turn: StoredTurn): number {
  let n = 0;
  for (const t of turns) {
    if (t === turn) break;
    if (inHistory(t)) n += 2;
  }
  return n;
}

const CONTINUE_INSTRUCTION = 'Your previous answer was cut off. Continue it exactly where it stopped, without repeating anything or adding a preamble.';

/**
 * The messages that continue a partial answer. Anthropic gets it as a prefilled assistant turn and writes on from its
 * last word; OpenAI-style APIs have no prefill, so they get the partial answer and an instruction to go on.
 */
export function continuationMessages(prefill: boolean, history: ChatMessage[], turn: StoredTurn, partial: string): ChatMessage[] {
  const messages: ChatMessage[] = [...history, questionOf(turn)];
  if (prefill) messages.push({ role: 'assistant', content: partial.trimEnd() });
  else messages.push({ role: 'assistant', content: partial }, { role: 'user', content: CONTINUE_INSTRUCTION });
  return messages;
}
