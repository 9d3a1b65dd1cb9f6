import type { Conversation } from './conversation/conversation';
import { estimateRequest } from './costEstimate';
import type { EstimateView } from './costProtocol';
import type { TurnSnapshot } from './protocol';
import type { EngineSettings } from './engineSettings';
import type { ChatEngineDeps } from './engineDeps';
import { SYSTEM_PROMPT } from './promptBuilder';
import type { ChatMessage } from './provider';
import { descriptorFor } from './providers/descriptors';
import { loadCounter, loadedCounter, type TokenCounterLoader } from './tokenCounter';
import { AFTER_TURN_MS } from './tokenizerGate';

/** What the estimate needs from the engine: the conversation and the settings of its next request. */
export interface EstimateSource {
  readonly conversation: Pick<Conversation, 'history'>;
  requestSettings(): EngineSettings;
}

type Deps = Pick<ChatEngineDeps, 'post' | 'loadTokenCounter'>;

/** The estimate of a request to the engine's next model with these messages (the system prompt is the engine's). */
export async function estimateMessages(settings: EngineSettings, messages: readonly ChatMessage[], load: TokenCounterLoader | undefined): Promise<EstimateView> {
  const descriptor = descriptorFor(settings.provider);
  return estimateRequest({
    system: SYSTEM_PROMPT,
    messages,
    maxOutputTokens: settings.maxOutputTokens,
    price: descriptor.priceFor(settings.prices, settings.model),
    basis: descriptor.costBasis({ baseUrl: settings.baseUrl }),
    counter: await loadCounter(load),
    framing: descriptor.promptFraming,
  });
}

/**
 * The question box's draft as a follow-up would send it: the conversation the engine would include (same budget),
 * then the draft as the new user message. Answered with `seq`, so the panel shows only the newest draft's figures.
 * While the gate holds (a turn streams, the tokenizer not loaded), the panel is told the figures follow the answer,
 * and the conversation is read when the estimate runs: with the answer that ended meanwhile.
 */
export function answerDraft(engine: EstimateSource, deps: Deps & Pick<ChatEngineDeps, 'tokenizerGate'>, text: string, seq: number): Promise<void> {
  const estimate = async () => {
    const settings = engine.requestSettings();
    const messages: ChatMessage[] = [...engine.conversation.history(settings.maxInputTokens), { role: 'user', content: text.trim() }];
    deps.post({ type: 'draft-estimate', seq, estimate: await estimateMessages(settings, messages, deps.loadTokenCounter) });
  };
  const gate = deps.tokenizerGate;
  if (!gate) return estimate();
  if (gate.holds) deps.post({ type: 'draft-estimate-pending', seq });
  return gate.run(estimate);
}

/**
 * A sent turn's estimate, kept on its question (saved with the conversation) and posted to the panel. Never on the
 * path to the first token: when the tokenizer is in memory (a draft was estimated, an earlier turn) counting is quick
 * and the figures come at once; its first load (a megabyte of code, parsed on the host's one thread) waits until the
 * turn has ended, and the figures then follow the answer's end (and are saved again, the turn having been saved
 * without them). The request resolves once they are in.
 */
export async function postTurnEstimate(
  deps: Deps & Pick<ChatEngineDeps, 'onConversationChange'>, turn: TurnSnapshot, settings: EngineSettings, messages: readonly ChatMessage[], turnEnded: Promise<unknown>,
): Promise<void> {
  const cold = !loadedCounter(deps.loadTokenCounter);
  if (cold) {
    await turnEnded.catch(() => undefined);
    // Loading blocks the host's thread for ~0.2-0.3 s: let the answer's last messages leave the process first (traced
    // in bench:latency: loaded at once, it held the first answer's last tokens back by 213-283 ms).
    await new Promise((resolve) => setTimeout(resolve, AFTER_TURN_MS));
  }
  const estimate = await estimateMessages(settings, messages, deps.loadTokenCounter);
  // A turn that already failed with nothing answered (no key, bad settings, refused) gets no figures after its error.
  if (turn.state === 'error' && !turn.text) return;
  turn.prompt.estimate = estimate;
  deps.post({ type: 'turn-estimate', turnId: turn.turnId, estimate });
  if (cold) deps.onConversationChange?.();
}
