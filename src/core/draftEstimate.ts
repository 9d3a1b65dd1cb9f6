import type { Conversation } from './conversation/conversation';
import { estimateRequest } from './costEstimate';
import type { EstimateView } from './costProtocol';
import type { TurnSnapshot } from './protocol';
import type { EngineSettings } from './engineSettings';
import type { ChatEngineDeps } from './engineDeps';
import { SYSTEM_PROMPT } from './promptBuilder';
import type { ChatMessage } from './provider';
import { descriptorFor } from './providers/descriptors';
import { approximateCounter, type TokenCounterLoader } from './tokenCounter';

/** What the estimate needs from the engine: the conversation and the settings of its next request. */
export interface EstimateSource {
  readonly conversation: Pick<Conversation, 'history'>;
  requestSettings(): EngineSettings;
}

type Deps = Pick<ChatEngineDeps, 'post' | 'loadTokenCounter'>;

async function counterFrom(load: TokenCounterLoader | undefined) {
  try {
    return load ? await load() : approximateCounter;
  } catch {
    return approximateCounter;
  }
}

/** The estimate of a request to the engine's next model with these messages (the system prompt is the engine's). */
export async function estimateMessages(settings: EngineSettings, messages: readonly ChatMessage[], load: TokenCounterLoader | undefined): Promise<EstimateView> {
  const descriptor = descriptorFor(settings.provider);
  return estimateRequest({
    system: SYSTEM_PROMPT,
    messages,
    maxOutputTokens: settings.maxOutputTokens,
    price: descriptor.priceFor(settings.prices, settings.model),
    basis: descriptor.costBasis({ baseUrl: settings.baseUrl }),
    counter: await counterFrom(load),
    framing: descriptor.promptFraming,
  });
}

/**
 * The question box's draft as a follow-up would send it: the conversation the engine would include (same budget),
 * then the draft as the new user message. Answered with `seq`, so the panel shows only the newest draft's figures.
 */
export async function answerDraft(engine: EstimateSource, deps: Deps, text: string, seq: number): Promise<void> {
  const settings = engine.requestSettings();
  const messages: ChatMessage[] = [...engine.conversation.history(settings.maxInputTokens), { role: 'user', content: text.trim() }];
  deps.post({ type: 'draft-estimate', seq, estimate: await estimateMessages(settings, messages, deps.loadTokenCounter) });
}

/**
 * A sent turn's estimate, kept on its question (saved with the conversation) and posted to the panel. Not awaited by
 * the request: counting a long prompt must not delay its first token.
 */
export async function postTurnEstimate(deps: Deps, turn: TurnSnapshot, settings: EngineSettings, messages: readonly ChatMessage[]): Promise<void> {
  const estimate = await estimateMessages(settings, messages, deps.loadTokenCounter);
  // A turn that already failed with nothing answered (no key, bad settings, refused) gets no figures after its error.
  if (turn.state === 'error' && !turn.text) return;
  turn.prompt.estimate = estimate;
  deps.post({ type: 'turn-estimate', turnId: turn.turnId, estimate });
}
