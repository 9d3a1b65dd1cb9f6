import { findPrice, resolveCost, type ModelPrice, type PriceTable, type ResolvedCost } from '../pricing';
import { KEY_SOURCES, PROVIDER_LABELS, type ProviderConfig, type ProviderId } from '../provider';
import { CHAT_FRAMING, CLAUDE_FRAMING, type PromptFraming } from '../promptFraming';
import type { TokenUsage } from '../streamEvents';
import type { CostBasis, ModelInfo } from './modelInfo';

/** Lists the models a configured provider offers (exported by each adapter bundle, so it loads with its SDK). */
export type ModelLister = (config: ProviderConfig, signal: AbortSignal) => Promise<ModelInfo[]>;

/**
 * What differs per provider, kept with the provider so the engine never switches on provider names. Descriptors
 * hold no SDK: they are read before a request (key, settings, cost basis) in the activation bundle; the SDK-backed
 * parts (the stream, `listModels`) live in the adapter bundles, loaded on first use.
 */
export interface ProviderDescriptor {
  readonly id: ProviderId;
  readonly label: string;
  /** Where the key comes from (SecretStorage, then this environment variable); undefined: no key needed. */
  readonly key?: { envVar: string; placeholder: string };
  /** Setting names under `streamExplain.` for the model, the endpoint and (Azure) the api-version. */
  readonly settings: { model: string; baseUrl?: string; apiVersion?: string };
  /** No default endpoint: the user must set one (Azure's resource URL). */
  readonly requiresBaseUrl: boolean;
  /**
   * Continue an answer by prefilling the assistant turn with it (Anthropic); otherwise the partial answer is sent back
   * with an instruction to go on.
   */
  readonly continueByPrefill: boolean;
  /** The tokens its wire format adds around a request's text, for the estimate before sending. */
  readonly promptFraming: PromptFraming;
  /** How cost is known for this configuration (before the stream says anything; a reported cost wins). */
  costBasis(config: Pick<ProviderConfig, 'baseUrl'>): CostBasis;
  /** The price row for a model this provider reported, from the merged price table. */
  priceFor(prices: PriceTable, model: string): ModelPrice | undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A base URL on this machine (Ollama, LM Studio, a local vLLM): its answers cost nothing. */
export function isLoopbackUrl(baseUrl: string | undefined): boolean {
  if (!baseUrl) return false;
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

const pricedOrLocal = (config: Pick<ProviderConfig, 'baseUrl'>): CostBasis => (isLoopbackUrl(config.baseUrl) ? 'local' : 'priced');

export const DESCRIPTORS: Record<ProviderId, ProviderDescriptor> = {
  openai: {
    id: 'openai', label: PROVIDER_LABELS.openai, key: KEY_SOURCES.openai,
    settings: { model: 'openai.model', baseUrl: 'openai.baseUrl' }, requiresBaseUrl: false, continueByPrefill: false,
    promptFraming: CHAT_FRAMING,
    costBasis: pricedOrLocal,
    priceFor: (prices, model) => findPrice(prices, 'openai', model),
  },
  anthropic: {
    id: 'anthropic', label: PROVIDER_LABELS.anthropic, key: KEY_SOURCES.anthropic,
    settings: { model: 'anthropic.model', baseUrl: 'anthropic.baseUrl' }, requiresBaseUrl: false, continueByPrefill: true,
    promptFraming: CLAUDE_FRAMING,
    costBasis: pricedOrLocal,
    priceFor: (prices, model) => findPrice(prices, 'anthropic', model),
  },
  azure: {
    id: 'azure', label: PROVIDER_LABELS.azure, key: KEY_SOURCES.azure,
    settings: { model: 'azure.deployment', baseUrl: 'azure.endpoint', apiVersion: 'azure.apiVersion' }, requiresBaseUrl: true, continueByPrefill: false,
    promptFraming: CHAT_FRAMING,
    costBasis: () => 'priced',
    // Azure bills the OpenAI models at their list prices; the stream reports the model behind the deployment
    // (e.g. gpt-4o-2024-11-20), priced from the OpenAI rows unless the user gave Azure its own.
    priceFor: (prices, model) => findPrice(prices, 'azure', model) ?? findPrice(prices, 'openai', model),
  },
  'vscode-lm': {
    id: 'vscode-lm', label: PROVIDER_LABELS['vscode-lm'], key: KEY_SOURCES['vscode-lm'],
    settings: { model: 'vscodeLm.model' }, requiresBaseUrl: false, continueByPrefill: false,
    // Whatever model VS Code offers; its framing is not published, OpenAI's chat format is the common one.
    promptFraming: CHAT_FRAMING,
    costBasis: () => 'included',
    priceFor: (prices, model) => findPrice(prices, 'vscode-lm', model),
  },
};

export function descriptorFor(id: ProviderId): ProviderDescriptor {
  return DESCRIPTORS[id];
}

/** The cost of counted (not reported) usage for a provider's model, on its basis: a stopped turn's estimate. */
export function estimatedCost(provider: ProviderId, prices: PriceTable, baseUrl: string | undefined, model: string, usage: TokenUsage): ResolvedCost {
  const d = descriptorFor(provider);
  return resolveCost({ usage, price: d.priceFor(prices, model), basis: d.costBasis({ baseUrl }) });
}
