import * as vscode from 'vscode';
import type { EngineSettings } from '../core/chatEngine';
import { parseExplainStyle, type ExplainStyle } from '../core/explainStyle';
import { DEFAULT_PRICES, mergePrices, type ModelPrice } from '../core/pricing';
import { PROVIDER_IDS, type ProviderId } from '../core/provider';
import { descriptorFor } from '../core/providers/descriptors';
import { parseOpenAIOptions } from '../core/providers/openaiOptions';
import { DEFAULT_RETRY } from '../core/streamSession';
import { SECTION } from './ids';
import { FIRST_AVAILABLE } from './providers/lmRequest';

export { SECTION } from './ids';

/** The provider the settings choose (`streamExplain.provider`). */
export function configuredProvider(): ProviderId {
  const chosen = vscode.workspace.getConfiguration(SECTION).get<string>('provider');
  return PROVIDER_IDS.find((p) => p === chosen) ?? 'openai';
}

/**
 * Reads the settings fresh on every request, so a change applies to the next answer without a reload. `requested`:
 * the provider a conversation's chosen model belongs to (default: the configured one).
 */
export function readEngineSettings(requested?: ProviderId): EngineSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const provider: ProviderId = requested ?? configuredProvider();
  // Each provider names its own settings (Azure's model is its deployment, its base URL the resource endpoint).
  const names = descriptorFor(provider).settings;
  const baseUrl = names.baseUrl ? (c.get<string>(names.baseUrl) ?? '').trim() : '';
  const model = (c.get<string>(names.model) ?? '').trim();
  const overrides = c.get<Partial<Record<ProviderId, Record<string, ModelPrice>>>>('prices') ?? {};
  return {
    provider,
    // An empty vscode-lm model means "the first model VS Code offers".
    model: provider === 'vscode-lm' ? model || FIRST_AVAILABLE : model,
    baseUrl: baseUrl || undefined,
    // Empty: the adapter's default (the latest GA api-version).
    ...(names.apiVersion ? { apiVersion: (c.get<string>(names.apiVersion) ?? '').trim() || undefined } : {}),
    // Read whatever the provider: only the OpenAI adapter looks at them (Azure stays on Chat Completions).
    openai: parseOpenAIOptions(c.get('openai.api'), c.get('openai.reasoningEffort')),
    maxOutputTokens: c.get<number>('maxOutputTokens') ?? 2048,
    // Read for every provider, used only by Anthropic (validateSettings explains a value the API would refuse).
    thinkingBudgetTokens: c.get<number>('anthropic.thinkingBudgetTokens') ?? 0,
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
      // A row "set a price" wrote and the user has not filled in yet (null prices) is no price at all.
      if (typeof r?.input === 'number' && typeof r?.output === 'number' && r.input >= 0 && r.output >= 0) {
        (out[provider] ??= {})[model] = { input: r.input, output: r.output, ...optionalPrice('cacheRead', r.cacheRead), ...optionalPrice('cacheWrite', r.cacheWrite) };
      }
    }
  }
  return out;
}

const optionalPrice = (key: 'cacheRead' | 'cacheWrite', v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? { [key]: v } : {});

export const DEFAULT_CONTEXT_EXCLUDE = ['**/.env*', '**/*.pem', '**/*secret*'];

export interface ContextSettings {
  /** Tokens of context sent with an explanation; 0 sends the selection only. */
  maxTokens: number;
  /** Globs of files never read for context. */
  exclude: string[];
  /** Longest wait for the language features; what arrived by then is sent. */
  timeoutMs: number;
}

export function readContextSettings(): ContextSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const max = c.get<number>('context.maxTokens') ?? 4000;
  const exclude = c.get<unknown>('context.exclude');
  const timeout = c.get<number>('context.timeoutMs') ?? 1000;
  return {
    timeoutMs: Number.isFinite(timeout) ? Math.min(60_000, Math.max(100, timeout)) : 1000,
    maxTokens: Number.isFinite(max) ? Math.max(0, Math.floor(max)) : 4000,
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : DEFAULT_CONTEXT_EXCLUDE,
  };
}

export function readExplainStyle(): ExplainStyle {
  return parseExplainStyle(vscode.workspace.getConfiguration(SECTION).get('explainStyle'));
}

export type TemplateName = 'explain' | 'explainProblem' | 'explainDiff';

/** The user's template for a kind of request, or undefined for the built-in prompt. */
export function readPromptTemplate(name: TemplateName): { text: string; setting: string } | undefined {
  const text = vscode.workspace.getConfiguration(SECTION).get<string>(`prompts.${name}`) ?? '';
  return text.trim() ? { text, setting: `${SECTION}.prompts.${name}` } : undefined;
}
