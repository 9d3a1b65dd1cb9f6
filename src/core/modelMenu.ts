import { findPrice, type ModelPrice, type PriceTable } from './pricing';
import { PROVIDER_LABELS, type ProviderId } from './provider';

/**
 * A model a provider offers. Same shape as `ModelInfo` in src/core/providers/modelInfo.ts (the provider descriptors'
 * listing type, written in parallel): replace this with an import of that one when both are merged.
 */
export interface ModelInfo {
  provider: ProviderId;
  id: string;
  label?: string;
  detail?: string;
}

export interface ModelRef {
  provider: ProviderId;
  model: string;
}

/** What one set-up provider offers: its listed models, or why the list failed; `configured`: its model setting. */
export interface ProviderModels {
  provider: ProviderId;
  models: ModelInfo[];
  error?: string;
  configured?: string;
}

export type MenuEntry =
  | { kind: 'separator'; label: string }
  | { kind: 'model'; provider: ProviderId; model: string; label: string; description: string; detail?: string; current: boolean };

/** How many recently used models are remembered and shown first. */
export const MAX_RECENT = 5;

const same = (a: ModelRef, b: ModelRef) => a.provider === b.provider && a.model === b.model;

/** `choice` becomes the most recent; the list keeps at most MAX_RECENT, without repeats. */
export function rememberRecent(recent: readonly ModelRef[], choice: ModelRef): ModelRef[] {
  return [{ provider: choice.provider, model: choice.model }, ...recent.filter((r) => !same(r, choice))].slice(0, MAX_RECENT);
}

/** "$2.50 / $10.00 per 1M tokens (in / out)": what a model costs where the price table knows it. */
export function formatPrice(price: ModelPrice | undefined): string | undefined {
  if (!price) return undefined;
  // Two decimals, except below ten cents where that would round a real price away (0.075 → $0.075).
  const usd = (n: number) => `$${n === 0 || n >= 0.1 ? n.toFixed(2) : String(Number(n.toPrecision(2)))}`;
  return `${usd(price.input)} / ${usd(price.output)} per 1M tokens`;
}

/**
 * The picker's rows: the recently used models first (of providers that are set up), then one group per provider
 * with its other models. The current model is marked; prices shown where known. A provider whose list failed still
 * offers its configured model, with the reason as the row's detail.
 */
export function buildModelMenu(groups: readonly ProviderModels[], current: ModelRef, recent: readonly ModelRef[], prices: PriceTable): MenuEntry[] {
  const offered: ModelInfo[] = [];
  const failures = new Map<ProviderId, string>();
  for (const g of groups) {
    const models = [...g.models];
    if (g.configured && !models.some((m) => m.id === g.configured)) models.unshift({ provider: g.provider, id: g.configured, detail: 'from settings' });
    offered.push(...models);
    if (g.error) failures.set(g.provider, g.error);
  }
  const row = (m: ModelInfo): MenuEntry => {
    const isCurrent = same({ provider: m.provider, model: m.id }, current);
    const price = formatPrice(findPrice(prices, m.provider, m.id));
    const failure = failures.get(m.provider);
    const detail = failure ? `Couldn't list ${PROVIDER_LABELS[m.provider]} models: ${failure}` : m.detail;
    return {
      kind: 'model', provider: m.provider, model: m.id, label: m.label && m.label !== m.id ? `${m.label} (${m.id})` : m.id,
      description: [isCurrent ? 'current' : undefined, price].filter(Boolean).join(' · '),
      ...(detail ? { detail } : {}), current: isCurrent,
    };
  };
  const entries: MenuEntry[] = [];
  const recentRows = recent.map((r) => offered.find((m) => same({ provider: m.provider, model: m.id }, r))).filter((m): m is ModelInfo => !!m);
  if (recentRows.length) {
    entries.push({ kind: 'separator', label: 'Recently used' });
    for (const m of recentRows) {
      const r = row(m);
      entries.push(r.kind === 'model' ? { ...r, description: [PROVIDER_LABELS[m.provider], r.description].filter(Boolean).join(' · ') } : r);
    }
  }
  for (const g of groups) {
    const rows = offered.filter((m) => m.provider === g.provider && !recentRows.includes(m));
    if (!rows.length) continue;
    entries.push({ kind: 'separator', label: PROVIDER_LABELS[g.provider] });
    entries.push(...rows.map(row));
  }
  return entries;
}
