import { COST_INCLUDED_IN_PLAN, type ProviderId } from './provider';
import type { TokenUsage } from './streamEvents';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** Set only on INCLUDED_IN_PLAN: the use is paid by a subscription, so the cost shows as "included". */
  includedInPlan?: boolean;
}

/** The row of an unpriced model of a provider in COST_INCLUDED_IN_PLAN. */
export const INCLUDED_IN_PLAN: Readonly<ModelPrice> = Object.freeze({ input: 0, output: 0, includedInPlan: true });

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
 * suffix ("gpt-4o-mini-2024-07-18" → "gpt-4o-mini", "claude-sonnet-4-20250514" → "claude-sonnet-4"), else, for a
 * provider whose use a plan covers, INCLUDED_IN_PLAN.
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
  if (best) return rows[best];
  return COST_INCLUDED_IN_PLAN.includes(provider) ? INCLUDED_IN_PLAN : undefined;
}

/** Merge user overrides (settings) over the defaults, row by row. */
export function mergePrices(base: PriceTable, overrides: Partial<Record<ProviderId, Record<string, ModelPrice>>>): PriceTable {
  const out: PriceTable = { ...base };
  for (const [provider, rows] of Object.entries(overrides) as [ProviderId, Record<string, ModelPrice>][]) {
    out[provider] = { ...(base[provider] ?? {}), ...rows };
  }
  return out;
}

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

export { formatCost } from './format';
