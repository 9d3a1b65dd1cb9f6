/**
 * The host ⇄ webview contract. Both sides validate every message with the parsers below and drop what fails:
 * the webview is a browser context showing untrusted model output, and the host must not trust it either.
 */
import { CHIP_KINDS, type ChipKind } from './context/types';
import { isEstimate, parseCostHostMessage, parseDraft, parseSetPrice, type DraftEstimateMsg, type DraftEstimatePendingMsg, type DraftMsg, type EstimateView, type RestoreQuestionMsg, type SetPriceMsg, type TurnEstimateMsg } from './costProtocol';
import { ERROR_ACTIONS, ERROR_KINDS, type ErrorAction, type ErrorKind } from './errors';
import { PROVIDER_IDS, type ProviderId } from './provider';
import { COST_BASES, type CostBasis } from './providers/modelInfo';
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
/** `seq`: the message's number for the panel's `rendered` acks (flow control, see PanelWindow); absent without it. */
export type TurnDelta = { type: 'delta'; turnId: string; text: string; seq?: number };
/**
 * The model's reasoning, streamed before (or between) its answer's deltas and coalesced and paced like them, in the
 * order received. The panel shows it in its own section; it is never part of the answer's text, of Copy or Insert, of
 * Read Last Answer, or of the conversation sent back to the model. Untrusted model output, rendered sanitised.
 */
export type TurnThinking = { type: 'thinking'; turnId: string; text: string; seq?: number };
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
  /** Flow control: the panel has drawn every streamed message up to `seq` (sent at most once per frame). */
  | { type: 'rendered'; seq: number }
  | DraftMsg
  | SetPriceMsg;

/** Largest question the panel may send (characters); more is almost certainly a paste accident. */
export const MAX_ASK_LENGTH = 100_000;
/** Largest code block the panel may ask to insert. */
export const MAX_INSERT_LENGTH = 1_000_000;

/** Only absolute http(s) URLs without credentials are ever opened. */
export function isSafeLink(href: string): boolean {
  if (href.length > 2048) return false;
  try {
    const u = new URL(href);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isId = (v: unknown): v is string => isStr(v) && /^[A-Za-z0-9_-]{1,64}$/.test(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isOptStr = (v: unknown) => v === undefined || isStr(v);
const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const isNumOrNull = (v: unknown) => v === null || isCount(v);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => isStr(v) && (list as readonly string[]).includes(v);
const hasOnly = (o: Obj, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

function isChip(v: unknown): v is ContextChipView {
  return isObj(v) && oneOf(CHIP_KINDS, v.kind) && isStr(v.label) && v.label.length <= 200 && isCount(v.tokens) && hasOnly(v, ['kind', 'label', 'tokens']);
}
function isSent(v: unknown): v is SentPromptView {
  return isObj(v) && isStr(v.system) && isStr(v.user) && Array.isArray(v.chips) && v.chips.length <= CHIP_KINDS.length && v.chips.every(isChip)
    && (v.partial === undefined || typeof v.partial === 'boolean') && hasOnly(v, ['system', 'user', 'chips', 'partial']);
}
function isPrompt(v: unknown): v is PromptView {
  return isObj(v) && isStr(v.text) && isOptStr(v.code) && isOptStr(v.language) && isOptStr(v.fileName) && isOptStr(v.note)
    && (v.sent === undefined || isSent(v.sent)) && (v.estimate === undefined || isEstimate(v.estimate))
    && hasOnly(v, ['text', 'code', 'language', 'fileName', 'note', 'sent', 'estimate']);
}
const isOptCount = (v: unknown) => v === undefined || isCount(v);
function isUsage(v: unknown): v is UsageView {
  return isObj(v) && isCount(v.inputTokens) && isCount(v.outputTokens) && typeof v.estimated === 'boolean' && isOptCount(v.reasoningTokens)
    && (v.cacheReadTokens === undefined || isCount(v.cacheReadTokens)) && (v.cacheWriteTokens === undefined || isCount(v.cacheWriteTokens));
}
function isMetrics(v: unknown): v is MetricsView {
  return isObj(v) && isNumOrNull(v.ttftMs) && isCount(v.totalMs) && isNumOrNull(v.tokensPerSecond) && isOptCount(v.thinkingTtftMs);
}
function isErrorView(v: unknown): v is ErrorView {
  return isObj(v) && oneOf(ERROR_KINDS, v.kind) && isStr(v.message) && typeof v.retryable === 'boolean'
    && (v.action === undefined || oneOf(ERROR_ACTIONS, v.action));
}
function isEndFields(v: Obj): boolean {
  return oneOf(FINISH_REASONS, v.finishReason) && isUsage(v.usage) && isNumOrNull(v.costUsd) && isMetrics(v.metrics) && isOptCount(v.reasoningCostUsd)
    && (v.costBasis === undefined || oneOf(COST_BASES, v.costBasis))
    && (v.savedUsd === undefined || (typeof v.savedUsd === 'number' && Number.isFinite(v.savedUsd)));
}
function isRetryWait(v: unknown): v is RetryWait {
  return isObj(v) && isCount(v.inMs) && Number.isInteger(v.attempt) && Number.isInteger(v.maxAttempts) && isCount(v.attempt) && v.attempt >= 1 && isCount(v.maxAttempts) && v.attempt <= v.maxAttempts
    && hasOnly(v, ['inMs', 'attempt', 'maxAttempts']);
}
function isSnapshot(v: unknown): v is TurnSnapshot {
  return isObj(v) && isId(v.turnId) && isPrompt(v.prompt) && oneOf(PROVIDER_IDS, v.provider) && isStr(v.model)
    && oneOf(TURN_STATES, v.state) && isStr(v.text) && isOptStr(v.thinking)
    && (v.end === undefined || (isObj(v.end) && isEndFields(v.end)))
    && (v.error === undefined || isErrorView(v.error))
    && (v.superseded === undefined || typeof v.superseded === 'boolean');
}

/** Returns the message if it is a valid host → webview message, else null. */
export function parseHostMessage(v: unknown): HostMessage | null {
  if (!isObj(v) || !isStr(v.type)) return null;
  switch (v.type) {
    case 'turn-start':
      return isId(v.turnId) && isPrompt(v.prompt) && oneOf(PROVIDER_IDS, v.provider) && isStr(v.model)
        && (v.replaces === undefined || isId(v.replaces)) ? (v as TurnStart) : null;
    case 'delta':
      return isId(v.turnId) && isStr(v.text) && (v.seq === undefined || isSeq(v.seq)) ? (v as TurnDelta) : null;
    case 'thinking':
      if (!hasOnly(v, ['type', 'turnId', 'text', 'seq']) || !isId(v.turnId) || !isStr(v.text)) return null;
      if (v.seq === undefined) return { type: 'thinking', turnId: v.turnId, text: v.text };
      return isSeq(v.seq) ? { type: 'thinking', turnId: v.turnId, text: v.text, seq: v.seq } : null;
    case 'turn-end':
      return isId(v.turnId) && isEndFields(v) ? (v as TurnEnd) : null;
    case 'turn-error':
      return isId(v.turnId) && isErrorView(v.error) && isStr(v.partialText) ? (v as TurnErrorMsg) : null;
    case 'turn-status':
      return isId(v.turnId) && isStr(v.text) && (v.retry === undefined || isRetryWait(v.retry)) ? (v as TurnStatus) : null;
    case 'turn-resume':
      return isId(v.turnId) ? { type: 'turn-resume', turnId: v.turnId } : null;
    case 'history':
      return Array.isArray(v.turns) && v.turns.every(isSnapshot) ? (v as HostMessage) : null;
    case 'clear':
      return { type: 'clear' };
    case 'a11y-settings':
      return hasOnly(v, ['type', 'announce']) && oneOf(ANNOUNCE_MODES, v.announce) ? { type: 'a11y-settings', announce: v.announce } : null;
    case 'focus-input':
      return hasOnly(v, ['type']) ? { type: 'focus-input' } : null;
    case 'model':
      return hasOnly(v, ['type', 'provider', 'model']) && oneOf(PROVIDER_IDS, v.provider) && isStr(v.model) && v.model.length <= MAX_MODEL_LENGTH
        ? { type: 'model', provider: v.provider, model: v.model }
        : null;
    case 'draft-estimate':
    case 'draft-estimate-pending':
    case 'turn-estimate':
    case 'restore-question':
      return parseCostHostMessage(v, MAX_ASK_LENGTH);
    default:
      return null;
  }
}

/** Returns the message if it is a valid webview → host message, else null. */
export function parseWebviewMessage(v: unknown): WebviewMessage | null {
  if (!isObj(v) || !isStr(v.type)) return null;
  switch (v.type) {
    case 'ready':
      return hasOnly(v, ['type']) ? { type: 'ready' } : null;
    case 'new-chat':
      return hasOnly(v, ['type']) ? { type: 'new-chat' } : null;
    case 'select-model':
      return hasOnly(v, ['type']) ? { type: 'select-model' } : null;
    case 'ask':
      return hasOnly(v, ['type', 'text']) && isStr(v.text) && v.text.trim() !== '' && v.text.length <= MAX_ASK_LENGTH
        ? { type: 'ask', text: v.text }
        : null;
    case 'run-action':
      return hasOnly(v, ['type', 'action']) && oneOf(ERROR_ACTIONS, v.action) ? { type: 'run-action', action: v.action } : null;
    case 'insert-code':
      return hasOnly(v, ['type', 'code', 'language']) && isStr(v.code) && v.code.length <= MAX_INSERT_LENGTH && isOptStr(v.language)
        ? (v.language === undefined ? { type: 'insert-code', code: v.code } : { type: 'insert-code', code: v.code, language: v.language as string })
        : null;
    case 'rendered':
      return hasOnly(v, ['type', 'seq']) && isSeq(v.seq) ? { type: 'rendered', seq: v.seq } : null;
    case 'draft':
      return parseDraft(v, MAX_ASK_LENGTH);
    case 'set-price':
      return parseSetPrice(v, MAX_MODEL_LENGTH);
    case 'open-link':
      return hasOnly(v, ['type', 'href']) && isStr(v.href) && isSafeLink(v.href) ? { type: 'open-link', href: v.href } : null;
    case 'cancel':
    case 'retry':
    case 'continue':
      return hasOnly(v, ['type', 'turnId']) && isId(v.turnId) ? { type: v.type, turnId: v.turnId } : null;
    default:
      return null;
  }
}
