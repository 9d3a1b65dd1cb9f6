import { formatCost } from '../format';
import type { LedgerTotals } from './queries';
import type { LedgerRecord } from './record';

/** What the report, its Markdown and its page say for a request that ran on a model on this machine. */
export const LOCAL_FREE_TEXT = 'local — free';
export const INCLUDED_IN_PLAN_TEXT = 'included in plan';

/**
 * The cost of a set of requests as the report shows it: priced spend, "*" when it includes estimated tokens. When
 * every request is unpriced, plan-covered or local, that is said instead of a "$0.00" that would read as a price.
 */
export function totalsCostText(t: LedgerTotals): string {
  if (t.requests > 0 && t.unknownPrice.requests === t.requests) return 'price unknown';
  if (t.requests > 0 && t.includedInPlan === t.requests) return INCLUDED_IN_PLAN_TEXT;
  if (t.requests > 0 && t.local === t.requests) return LOCAL_FREE_TEXT;
  return `${formatCost(t.costUsd)}${t.estimated ? '*' : ''}`;
}

/** One request's cost; a record written before costBasis existed reads as it always did. */
export function recordCostText(r: Pick<LedgerRecord, 'cost' | 'costBasis' | 'estimated'>): string {
  if (r.costBasis === 'local') return LOCAL_FREE_TEXT;
  if (r.cost === 'unknown') return 'price unknown';
  if (r.cost === 'included') return INCLUDED_IN_PLAN_TEXT;
  return `${formatCost(r.cost)}${r.estimated ? '*' : ''}`;
}
