/**
 * The host ⇄ webview contract: the messages' types and limits. Both sides validate every message with the parsers in
 * protocolParse.ts and drop what fails: the webview is a browser context showing untrusted model output, and the host
 * must not trust it either.
 */
import type { ChipKind } from './context/types';
import type { DraftEstimateMsg, DraftEstimatePendingMsg, DraftMsg, EstimateView, RestoreQuestionMsg, SetPriceMsg, TurnEstimateMsg } from './costProtocol';
import type { ErrorAction, ErrorKind } from './errors';
import type { ProviderId } from './provider';
import type { CostBasis } from './providers/modelInfo';
import type { FinishReason } from './streamEvents';

export type { DraftEstimateMsg, DraftEstimatePendingMsg, EstimateView } from './costProtocol';

export const FINISH_REASONS: readonly FinishReason[] = ['stop', 'length', 'content_filter', 'cancelled', 'error'];
export const TURN_STATES = ['streaming', 'done', 'cancelled', 'error'] as const;
export type TurnState = (typeof TURN_STATES)[number];

export interface PromptView {
  text: string;
  code?: string;
  language?: string;
  fileName?: string;
  /** E.g. "the last 120 lines were left out". */
  note?: string;
  /** An explain turn: what was gathered around the code (chips) and the exact messages sent (Show prompt). */
  sent?: SentPromptView;
  /** Tokens in and the most the answer could cost, worked out before it was sent. */
  estimate?: EstimateView;
}

export interface ContextChipView {
  kind: ChipKind;
  label: string;
  tokens: number;
}

export interface SentPromptView {
  system: string;
  /** This turn's user message, context included, as the provider received it. */
  user: string;
  chips: ContextChipView[];
  /** The language features did not all answer in time: the context is what had arrived. */
  partial?: boolean;
}

export interface UsageView {
  inputTokens: number;
  outputTokens: number;
  /** Of the output tokens, those the model spent reasoning (billed as output); absent when none were reported. */
  reasoningTokens?: number;
  /** True when the provider sent no usage and the figures come from our tokenizer. */
  estimated: boolean;
  /** Input tokens read from / written to the provider's prompt cache (parts of inputTokens); absent: none. */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

export interface MetricsView {
  /** Time to the first answer token; null when none arrived. */
  ttftMs: number | null;
  /** Time to the first thinking token; absent when the model streamed no thinking. */
  thinkingTtftMs?: number;
  totalMs: number;
  tokensPerSecond: number | null;
}

export interface ErrorView {
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  action?: ErrorAction;
}

/** `replaces`: the turn this one retries; the panel folds that one away as an earlier attempt. */
export type TurnStart = { type: 'turn-start'; turnId: string; prompt: PromptView; provider: ProviderId; model: string; replaces?: string };
export type TurnDelta = { type: 'delta'; turnId: string; text: string };
/**
 * The model's reasoning, streamed before (or between) its answer's deltas and coalesced and paced like them, in the
 * order received. The panel shows it in its own section; it is never part of the answer's text, of Copy or Insert, of
 * Read Last Answer, or of the conversation sent back to the model. Untrusted model output, rendered sanitised.
 */
export type TurnThinking = { type: 'thinking'; turnId: string; text: string };
export type TurnEnd = {
  type: 'turn-end';
  turnId: string;
  finishReason: FinishReason;
  usage: UsageView;
  costUsd: number | null;
  /** How costUsd is known (a local server's 0 reads "local", a reported cost is exact); absent: 'priced'. */
  costBasis?: CostBasis;
  /** Of costUsd, what the reasoning tokens cost (they are billed as output: a breakdown, not an extra). */
  reasoningCostUsd?: number;
  /** What prompt caching saved on this request, USD (negative: the cache-write premium); absent: no cache use. */
  savedUsd?: number;
  metrics: MetricsView;
};
export type TurnErrorMsg = { type: 'turn-error'; turnId: string; error: ErrorView; partialText: string };
/** Waiting to retry: the panel counts `inMs` down from when the message arrives. */
export interface RetryWait {
  inMs: number;
  attempt: number;
  maxAttempts: number;
}
export type TurnStatus = { type: 'turn-status'; turnId: string; text: string; retry?: RetryWait };
/** A finished turn streams again (Continue): its answer keeps its text and grows with the next deltas. */
export type TurnResume = { type: 'turn-resume'; turnId: string };

/**
 * What the panel's polite live region says about answers (setting streamExplain.accessibility.announce):
 * `complete` the whole answer once it is done, `sentences` each finished sentence while it streams, `off` nothing.
 */
export const ANNOUNCE_MODES = ['complete', 'sentences', 'off'] as const;
export type AnnounceMode = (typeof ANNOUNCE_MODES)[number];
export type A11ySettings = { type: 'a11y-settings'; announce: AnnounceMode };
/** Move the keyboard focus to the question box (command Focus Question Box). A question handed back is restore-question. */
export type FocusInput = { type: 'focus-input' };

/** A whole turn, for restoring the panel after it was hidden or reloaded. */
export interface TurnSnapshot {
  turnId: string;
  prompt: PromptView;
  provider: ProviderId;
  model: string;
  state: TurnState;
  text: string;
  /** The reasoning shown above the answer (absent: the model streamed none; snapshots saved before it too). */
  thinking?: string;
  end?: Omit<TurnEnd, 'type' | 'turnId'>;
  error?: ErrorView;
  /** Replaced by a retry: shown folded, as an earlier attempt. */
  superseded?: boolean;
}

export type HostMessage =
  | TurnStart
  | TurnDelta
  | TurnThinking
  | TurnEnd
  | TurnErrorMsg
  | TurnStatus
  | TurnResume
  | { type: 'history'; turns: TurnSnapshot[] }
  | { type: 'clear' }
  | A11ySettings
  | FocusInput
  | ModelMsg
  | DraftEstimateMsg
  | DraftEstimatePendingMsg
  | TurnEstimateMsg
  | RestoreQuestionMsg;

/** The provider and model the conversation's next request goes to, for the panel's model button. */
export type ModelMsg = { type: 'model'; provider: ProviderId; model: string };
/** Longest model id accepted in a message (real ids are well under 100 characters). */
export const MAX_MODEL_LENGTH = 200;

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'ask'; text: string }
  | { type: 'cancel'; turnId: string }
  | { type: 'retry'; turnId: string }
  /** Continue an answer that stopped early, in the same turn. */
  | { type: 'continue'; turnId: string }
  | { type: 'new-chat' }
  /** The panel's model button: the host opens the model picker. */
  | { type: 'select-model' }
  | { type: 'run-action'; action: ErrorAction }
  /** "Insert at cursor" on a code block of an answer. */
  | { type: 'insert-code'; code: string; language?: string }
  /** A link in an answer was clicked; the host opens http(s) links externally, and nothing else. */
  | { type: 'open-link'; href: string }
  | DraftMsg
  | SetPriceMsg;

/** Largest question the panel may send (characters); more is almost certainly a paste accident. */
export const MAX_ASK_LENGTH = 100_000;
/** Largest code block the panel may ask to insert. */
export const MAX_INSERT_LENGTH = 1_000_000;
