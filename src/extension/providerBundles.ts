import type { ProviderConfig, ProviderFactory, ProviderId } from '../core/provider';
import type { ModelLister } from '../core/providers/descriptors';
import type { ModelInfo } from '../core/providers/modelInfo';
import { loadBundle } from './bundleLoader';
import { createVscodeLmProvider } from './providers/vscodeLmProvider';

export { loadBundle } from './bundleLoader';

/** Each provider bundle (dist/providers/*.js, required on first use) exports its stream factory and its model lister. */
interface ProviderBundle {
  file: string;
  factory: string;
  lister: string;
}

const BUNDLES: Partial<Record<ProviderId, ProviderBundle>> = {
  openai: { file: 'providers/openai.js', factory: 'createOpenAIProvider', lister: 'listOpenAIModels' },
  anthropic: { file: 'providers/anthropic.js', factory: 'createAnthropicProvider', lister: 'listAnthropicModels' },
  azure: { file: 'providers/openai.js', factory: 'createAzureProvider', lister: 'listAzureModels' },
};

function bundleFor(id: ProviderId): ProviderBundle {
  const b = BUNDLES[id];
  if (!b) throw new Error(`No bundled adapter for provider ${id}`);
  return b;
}

export const loadProvider = async (id: ProviderId): Promise<ProviderFactory> => {
  // The VS Code Language Model provider has no SDK to load: it is small and part of the extension bundle.
  if (id === 'vscode-lm') return createVscodeLmProvider;
  const b = bundleFor(id);
  return loadBundle<Record<string, ProviderFactory>>(b.file)[b.factory];
};

/** The models a configured provider offers, through its SDK (for the model picker). */
export async function listModels(id: ProviderId, config: ProviderConfig, signal: AbortSignal): Promise<ModelInfo[]> {
  const b = bundleFor(id);
  return loadBundle<Record<string, ModelLister>>(b.file)[b.lister](config, signal);
}
