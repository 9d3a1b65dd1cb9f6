import type { LedgerFinish } from './ledger/record';
import type { PriceSource } from './pricing';
import type { ProviderId } from './provider';
import type { CostBasis } from './providers/modelInfo';
import type { SessionResult } from './streamSession';

export interface LedgerEntry {
  turnId: string;
  /** The first turn's id: stable for a conversation, across window reloads too (the turns are restored). */
  conversationId: string;
  /** ISO time the request finished. */
  at: string;
  provider: ProviderId;
  model: string;
  status: 'done' | 'cancelled' | 'error';
  /** The status as the persistent ledger names it (an error after text arrived is "interrupted"). */
  outcome: LedgerFinish;
  /** All input tokens, cached ones included. */
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  /** Of outputTokens, those spent reasoning (as the provider reported them, or counted from a stopped answer's thinking). */
  reasoningTokens: number;
  estimated: boolean;
  costUsd: number | null;
  /** A plan covers the request (the VS Code Language Model API): no price of its own. */
  costIncluded?: boolean;
  /** How the cost is known (a local server's answer is free, not "$0.00"). */
  costBasis?: CostBasis;
  /** Where the price came from, when the cost was priced from a row. */
  priceSource?: PriceSource;
  /** Time to the first answer token. */
  ttftMs: number | null;
  /** Time to the first thinking token; null when the model streamed none. */
  thinkingTtftMs: number | null;
  totalMs: number;
  tokensPerSecond: number | null;
}

/** The ledger entry of a request that was sent, from its session's result. */
export function ledgerEntry(ids: { turnId: string; conversationId: string }, provider: ProviderId, result: SessionResult, at = new Date()): LedgerEntry {
  const { usage, metrics } = result;
  return {
    ...ids, at: at.toISOString(), provider, model: result.model, status: result.status, outcome: outcomeOf(result),
    inputTokens: usage.inputTokens, cacheReadTokens: usage.cacheReadTokens ?? 0, cacheWriteTokens: usage.cacheWriteTokens ?? 0,
    outputTokens: usage.outputTokens, reasoningTokens: usage.reasoningTokens ?? 0, estimated: usage.estimated, costUsd: result.costUsd,
    ...(result.costBasis === 'included' ? { costIncluded: true } : {}),
    ...(result.costBasis ? { costBasis: result.costBasis } : {}),
    ...(result.priceSource ? { priceSource: result.priceSource } : {}),
    ttftMs: metrics.ttftMs, thinkingTtftMs: metrics.thinkingTtftMs ?? null, totalMs: metrics.totalMs, tokensPerSecond: metrics.tokensPerSecond,
  };
}

export function outcomeOf(result: Pick<SessionResult, 'status' | 'text'>): LedgerFinish {
  if (result.status === 'done') return 'done';
  if (result.status === 'cancelled') return 'stopped';
  return result.text ? 'interrupted' : 'failed';
}

export interface LedgerTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum over requests with a known price. */
  costUsd: number;
  /** Requests whose model has no known price (not included in costUsd). */
  unpriced: number;
  estimated: number;
}

/** Every request's tokens and cost, in order; the one source for the status bar and the cost report. */
export class CostLedger {
  private readonly entries: LedgerEntry[] = [];

  add(entry: LedgerEntry): void {
    this.entries.push(entry);
  }

  all(): readonly LedgerEntry[] {
    return this.entries;
  }

  totals(): LedgerTotals {
    const t: LedgerTotals = { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0, estimated: 0 };
    for (const e of this.entries) {
      t.requests++;
      t.inputTokens += e.inputTokens;
      t.outputTokens += e.outputTokens;
      if (e.costUsd === null) t.unpriced++;
      else t.costUsd += e.costUsd;
      if (e.estimated) t.estimated++;
    }
    return t;
  }
}


