import type { LedgerEntry } from '../costLedger';
import { LEDGER_SCHEMA, type LedgerRecord } from './record';

export const NO_WORKSPACE = '(no workspace)';

/** The persistent record of a request the engine recorded, in the named workspace (or none). */
export function recordFromEntry(e: LedgerEntry, workspace: string | undefined): LedgerRecord {
  return {
    schema: LEDGER_SCHEMA, time: e.at, workspace: workspace || NO_WORKSPACE, conversationId: e.conversationId, turnId: e.turnId,
    provider: e.provider, model: e.model, inputTokens: e.inputTokens, cacheReadTokens: e.cacheReadTokens,
    cacheWriteTokens: e.cacheWriteTokens, outputTokens: e.outputTokens, reasoningTokens: e.reasoningTokens, estimated: e.estimated,
    cost: e.costIncluded ? 'included' : e.costUsd ?? 'unknown',
    ttftMs: e.ttftMs, durationMs: e.totalMs, tokensPerSecond: e.tokensPerSecond, finish: e.outcome,
    ...(e.costBasis ? { costBasis: e.costBasis } : {}),
    ...(e.thinkingTtftMs !== null ? { thinkingTtftMs: e.thinkingTtftMs } : {}),
    ...(e.priceSource ? { priceSource: e.priceSource } : {}),
  };
}
