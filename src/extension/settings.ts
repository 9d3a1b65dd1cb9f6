import * as vscode from 'vscode';
import type { EngineSettings } from '../core/chatEngine';
import { DEFAULT_PRICES, mergePrices, type ModelPrice } from '../core/pricing';
import { PROVIDER_IDS, type ProviderId } from '../core/provider';
import { DEFAULT_RETRY } from '../core/streamSession';
import { FIRST_AVAILABLE } from './providers/lmRequest';

export const SECTION = 'streamExplain';

/** The provider the settings choose (`streamExplain.provider`). */
export function configuredProvider(): ProviderId {
  const chosen = vscode.workspace.getConfiguration(SECTION).get<string>('provider');
  return chosen === 'anthropic' || chosen === 'vscode-lm' ? chosen : 'openai';
}

/**
 * Reads the settings fresh on every request, so a change applies to the next answer without a reload. `requested`:
 * the provider a conversation's chosen model belongs to (default: the configured one).
 */
export function readEngineSettings(requested?: ProviderId): EngineSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const provider: ProviderId = requested ?? configuredProvider();
  // vscode-lm has no base URL, and an empty model means "the first model VS Code offers".
  const lm = provider === 'vscode-lm';
  const baseUrl = lm ? '' : (c.get<string>(`${provider}.baseUrl`) ?? '').trim();
  const model = (c.get<string>(lm ? 'vscodeLm.model' : `${provider}.model`) ?? '').trim();
  const overrides = c.get<Partial<Record<ProviderId, Record<string, ModelPrice>>>>('prices') ?? {};
  return {
    provider,
    model: lm ? model || FIRST_AVAILABLE : model,
    baseUrl: baseUrl || undefined,
    maxOutputTokens: c.get<number>('maxOutputTokens') ?? 2048,
    maxInputTokens: Math.max(100, c.get<number>('maxInputTokens') ?? 32_000),
    retry: {
      ...DEFAULT_RETRY,
      maxAttempts: Math.max(1, Math.floor(c.get<number>('retry.maxAttempts') ?? DEFAULT_RETRY.maxAttempts)),
      maxTotalWaitMs: Math.max(0, (c.get<number>('retry.maxWaitSeconds') ?? DEFAULT_RETRY.maxTotalWaitMs / 1000) * 1000),
    },
    idleTimeoutMs: Math.max(0, (c.get<number>('idleTimeoutSeconds') ?? 30) * 1000),
    totalTimeoutMs: Math.max(0, (c.get<number>('totalTimeoutSeconds') ?? 300) * 1000),
    prices: mergePrices(DEFAULT_PRICES, sanitizePriceOverrides(overrides)),
  };
}

/** Keep only well-formed rows of the user's price overrides. */
function sanitizePriceOverrides(raw: unknown): Partial<Record<ProviderId, Record<string, ModelPrice>>> {
  const out: Partial<Record<ProviderId, Record<string, ModelPrice>>> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const provider of PROVIDER_IDS) {
    const rows = (raw as Record<string, unknown>)[provider];
    if (typeof rows !== 'object' || rows === null) continue;
    for (const [model, row] of Object.entries(rows)) {
      const r = row as Partial<ModelPrice>;
      if (typeof r?.input === 'number' && typeof r?.output === 'number' && r.input >= 0 && r.output >= 0) {
        (out[provider] ??= {})[model] = { input: r.input, output: r.output, cacheRead: r.cacheRead, cacheWrite: r.cacheWrite };
      }
    }
  }
  return out;
}
