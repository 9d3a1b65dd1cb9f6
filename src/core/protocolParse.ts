/**
 * The validators of the host ⇄ webview contract (its types are in protocol.ts): each side parses every message it
 * receives and drops what fails, checking shapes, sizes and ids rather than trusting the other side.
 */
import { CHIP_KINDS } from './context/types';
import { isEstimate, parseCostHostMessage, parseDraft, parseSetPrice } from './costProtocol';
import { ERROR_ACTIONS, ERROR_KINDS } from './errors';
import { PROVIDER_IDS } from './provider';
import { COST_BASES } from './providers/modelInfo';
import {
  ANNOUNCE_MODES, FINISH_REASONS, MAX_ASK_LENGTH, MAX_INSERT_LENGTH, MAX_MODEL_LENGTH, TURN_STATES,
  type ContextChipView, type ErrorView, type HostMessage, type MetricsView, type PromptView, type RetryWait, type SentPromptView,
  type TurnDelta, type TurnEnd, type TurnErrorMsg, type TurnSnapshot, type TurnStart, type TurnStatus, type UsageView, type WebviewMessage,
} from './protocol';

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
      return hasOnly(v, ['type', 'turnId', 'text']) && isId(v.turnId) && isStr(v.text) ? (v as TurnDelta) : null;
    case 'thinking':
      return hasOnly(v, ['type', 'turnId', 'text']) && isId(v.turnId) && isStr(v.text) ? { type: 'thinking', turnId: v.turnId, text: v.text } : null;
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
