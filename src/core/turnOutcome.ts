import { costView } from './pricing';
import { ledgerEntry, type LedgerEntry } from './costLedger';
import type { StreamError } from './errors';
import type { ErrorView, HostMessage, TurnSnapshot, UsageView } from './protocol';
import type { SessionResult } from './streamSession';
import type { StoredTurn } from './conversation/persistence';
import { keepBlocks } from './conversation/reasoningBlocks';

/** An answer worth continuing: it has text and did not finish on its own. */
export function canContinue(s: TurnSnapshot): boolean {
  if (!s.text || s.state === 'streaming') return false;
  return s.state === 'error' || s.state === 'cancelled' || s.end?.finishReason === 'length';
}

/** The usage the panel shows: cache and reasoning figures only when there were some (older turns have none). */
function usageView(u: SessionResult['usage']): UsageView {
  return {
    inputTokens: u.inputTokens, outputTokens: u.outputTokens, estimated: u.estimated,
    ...(u.cacheReadTokens ? { cacheReadTokens: u.cacheReadTokens } : {}),
    ...(u.cacheWriteTokens ? { cacheWriteTokens: u.cacheWriteTokens } : {}),
    ...(u.reasoningTokens ? { reasoningTokens: u.reasoningTokens } : {}),
  };
}

/** A request stopped before it was sent. */
export function cancelledBeforeStart(model: string): SessionResult {
  return {
    status: 'cancelled', text: '', thinking: '', model, finishReason: 'cancelled', rawFinishReason: null,
    usage: { inputTokens: 0, outputTokens: 0, estimated: true }, costUsd: 0,
    metrics: { ttftMs: null, totalMs: 0, tokensPerSecond: null }, attempts: 0,
  };
}

/** A request that failed before it was sent (settings, no key). */
export function failedBeforeStart(model: string, error: StreamError): SessionResult {
  return { ...cancelledBeforeStart(model), status: 'error', finishReason: 'error', usage: { inputTokens: 0, outputTokens: 0, estimated: false }, error };
}

/**
 * Apply a finished session to the turn's snapshot (`prefix`: the text it had before a Continue) and say what the
 * panel is told and what the log and the ledger get.
 */
export function applyOutcome(s: TurnSnapshot, result: SessionResult, prefix: string, conversationId: string): { message: HostMessage; logLine: string; entry: LedgerEntry } {
  const { turnId } = s;
  s.text = prefix + result.text;
  let message: HostMessage;
  let logLine: string;
  if (result.status === 'error' && result.error) {
    const error: ErrorView = { kind: result.error.kind, message: result.error.message, retryable: result.error.retryable, action: result.error.action };
    s.state = 'error';
    s.error = error;
    logLine = `[${turnId}] ✗ ${result.error.kind}${result.error.status ? ` ${result.error.status}` : ''}: ${result.error.detail ?? result.error.message}`;
    message = { type: 'turn-error', turnId, error, partialText: s.text };
  } else {
    s.state = result.status === 'cancelled' ? 'cancelled' : 'done';
    s.end = {
      finishReason: result.finishReason,
      usage: usageView(result.usage),
      ...costView(result),
      ...(result.reasoningCostUsd !== undefined ? { reasoningCostUsd: result.reasoningCostUsd } : {}),
      ...(result.savedUsd !== undefined ? { savedUsd: result.savedUsd } : {}),
      metrics: result.metrics,
    };
    logLine = `[${turnId}] ${s.state} (${result.rawFinishReason ?? result.finishReason}) ${result.usage.inputTokens}/${result.usage.outputTokens} tokens${result.usage.estimated ? ' (est.)' : ''}, ${Math.round(result.metrics.totalMs)} ms`;
    message = { type: 'turn-end', turnId, ...s.end };
  }
  const entry = ledgerEntry({ turnId, conversationId }, s.provider, result);
  return { message, logLine, entry };
}

/** `applyOutcome` for a stored turn: the snapshot, and the provider's reasoning blocks kept for later turns. */
export function applyTurnOutcome(turn: StoredTurn, result: SessionResult, prefix: string, conversationId: string): ReturnType<typeof applyOutcome> {
  keepBlocks(turn, result, prefix !== '');
  return applyOutcome(turn.snapshot, result, prefix, conversationId);
}
