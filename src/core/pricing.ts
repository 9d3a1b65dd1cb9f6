import type { CostBasis } from './providers/modelInfo';
import type { ProviderId } from './provider';
import type { TokenUsage } from './streamEvents';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** 'settings': the user's row (streamExplain.prices), which the cost report names; absent: the built-in table. */
  source?: PriceSource;
}

export type PriceSource = 'builtin' | 'settings';

/** When the built-in list prices were collected (the newest material in test/fixtures/pricing-defaults.json). */
export const DEFAULT_PRICES_COLLECTED = '2026-09 to 2026-11';


/** Rows per provider; a provider without rows prices nothing (its models show "price unknown" unless overridden). */
export type PriceTable = Partial<Record<ProviderId, Record<string, ModelPrice>>>;

/**
 * Standard-tier, short-context list prices. Source: test/fixtures/pricing-defaults.json (collected 2026-09..2026-11
 * from the providers' pricing pages and the third-party trackers named there); legacy rows (gpt-4o*, claude-*-4,
 * claude-3-opus) are the providers' published list prices for those models. Users override any row in settings.
 */
export const DEFAULT_PRICES: Record<'openai' | 'anthropic', Record<string, ModelPrice>> = {
  openai: {
    'gpt-6.2-sol': { input: 2.0, cacheRead: 0.1, cacheWrite: 2.5, output: 10.0 },
    'gpt-6.1-sol': { input: 2.0, cacheRead: 0.1, cacheWrite: 2.5, output: 10.0 },
    'gpt-6.1-terra': { input: 1.0, cacheRead: 0.05, cacheWrite: 1.25, output: 5.0 },
    'gpt-6-astra': { input: 10.0, cacheRead: 1.0, cacheWrite: 12.5, output: 50.0 },
    'gpt-6-sol': { input: 2.0, cacheRead: 0.2, cacheWrite: 2.5, output: 10.0 },
    'gpt-6-luna': { input: 0.1, cacheRead: 0.01, cacheWrite: 0.125, output: 0.5 },
    'gpt-5.6-sol': { input: 4.0, cacheRead: 0.4, output: 20.0 },
    'gpt-5.6-terra': { input: 2.0, cacheRead: 0.2, output: 12.0 },
    'gpt-5.6-luna': { input: 0.2, cacheRead: 0.02, output: 1.2 },
    'gpt-5.5': { input: 5.0, cacheRead: 0.5, output: 30.0 },
    'gpt-5.4': { input: 2.5, cacheRead: 0.25, output: 15.0 },
    'gpt-5.4-mini': { input: 0.75, cacheRead: 0.075, output: 4.5 },
    'gpt-4.1': { input: 2.0, output: 8.0 },
    'gpt-4.1-mini': { input: 0.4, output: 1.6 },
    'gpt-4o': { input: 2.5, cacheRead: 1.25, output: 10.0 },
    'gpt-4o-mini': { input: 0.15, cacheRead: 0.075, output: 0.6 },
  },
  anthropic: {
    'claude-fable-5-1': { input: 10.0, cacheWrite: 12.5, cacheRead: 0.25, output: 50.0 },
    'claude-opus-5-5': { input: 4.0, cacheWrite: 5.0, cacheRead: 0.2, output: 20.0 },
    'claude-sonnet-5-5': { input: 2.0, cacheWrite: 2.5, cacheRead: 0.1, output: 10.0 },
    'claude-haiku-5-5': { input: 0.1, cacheWrite: 0.125, cacheRead: 0.01, output: 0.5 },
    'claude-opus-5': { input: 5.0, cacheWrite: 6.25, cacheRead: 0.5, output: 25.0 },
    'claude-sonnet-5': { input: 2.0, cacheWrite: 2.5, cacheRead: 0.2, output: 10.0 },
    'claude-opus-4-8': { input: 5.0, cacheWrite: 6.25, cacheRead: 0.5, output: 25.0 },
    'claude-sonnet-4-6': { input: 3.0, cacheWrite: 3.75, cacheRead: 0.3, output: 15.0 },
    'claude-sonnet-4': { input: 3.0, cacheWrite: 3.75, cacheRead: 0.3, output: 15.0 },
    'claude-haiku-4-5': { input: 1.0, cacheWrite: 1.25, cacheRead: 0.1, output: 5.0 },
    'claude-3-opus': { input: 15.0, cacheWrite: 18.75, cacheRead: 1.5, output: 75.0 },
  },
};

/**
 * The price row for a model: an exact key, else the longest key the model name extends with a dated or versioned
 * suffix ("gpt-4o-mini-2024-07-18" → "gpt-4o-mini", "claude-sonnet-4-20250514" → "claude-sonnet-4"). A model with no
 * row is 'local' or 'included' by its provider's cost basis (providers/descriptors.ts), else "price unknown".
 */
export function findPrice(table: PriceTable, provider: ProviderId, model: string): ModelPrice | undefined {
  const rows = table[provider] ?? {};
  if (rows[model]) return rows[model];
  let best: string | undefined;
  for (const key of Object.keys(rows)) {
    if (model.startsWith(key) && /^-(\d[\d-]*|latest)$/.test(model.slice(key.length)) && (!best || key.length > best.length)) {
      best = key;
    }
  }
  return best ? rows[best] : undefined;
}

/** Merge user overrides (settings) over the defaults, row by row; the user's rows are marked as theirs. */
export function mergePrices(base: PriceTable, overrides: Partial<Record<ProviderId, Record<string, ModelPrice>>>): PriceTable {
  const out: PriceTable = { ...base };
  for (const [provider, rows] of Object.entries(overrides) as [ProviderId, Record<string, ModelPrice>][]) {
    const mine = Object.fromEntries(Object.entries(rows).map(([model, row]) => [model, { ...row, source: 'settings' as const }]));
    out[provider] = { ...(base[provider] ?? {}), ...mine };
  }
  return out;
}

/** Where a row came from. */
export const priceSourceOf = (price: ModelPrice): PriceSource => price.source ?? 'builtin';

/** Cost in USD, or null when the model has no known price (never a made-up figure). */
export function costUsd(price: ModelPrice | undefined, usage: TokenUsage): number | null {
  if (!price) return null;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const fresh = Math.max(0, usage.inputTokens - cacheRead - cacheWrite);
  const micro =
    fresh * price.input +
    cacheRead * (price.cacheRead ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output;
  return micro / 1_000_000;
}

export interface ResolvedCost {
  /** USD; null when nothing is known (a priced basis and a model without a price row). */
  costUsd: number | null;
  costBasis: CostBasis;
}

/**
 * An answer's cost: what the server reported wins (exact); else the price table, where the model has a row (a user
 * who priced a local or included model gets that); else the provider's basis: 'local' and 'included' cost nothing,
 * 'priced' is unknown.
 */
export function resolveCost(o: { usage: TokenUsage; price?: ModelPrice; reportedCostUsd?: number; basis: CostBasis }): ResolvedCost {
  if (o.reportedCostUsd !== undefined) return { costUsd: o.reportedCostUsd, costBasis: 'reported' };
  if (o.price) return { costUsd: costUsd(o.price, o.usage), costBasis: 'priced' };
  if (o.basis === 'local' || o.basis === 'included') return { costUsd: 0, costBasis: o.basis };
  return { costUsd: null, costBasis: 'priced' };
}

/** The cost as a turn carries it: the basis only when it is not the default 'priced' (older saved turns have none). */
export function costView(c: { costUsd: number | null; costBasis?: CostBasis }): { costUsd: number | null; costBasis?: CostBasis } {
  return c.costBasis && c.costBasis !== 'priced' ? { costUsd: c.costUsd, costBasis: c.costBasis } : { costUsd: c.costUsd };
}

export { formatCost } from './format';
