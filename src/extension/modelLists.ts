import * as vscode from 'vscode';
import type { ModelInfo } from '../core/providers/modelInfo';
import type { ProviderId } from '../core/provider';
import type { EngineSettings } from '../core/engineSettings';
import { listModels } from './providerBundles';

/**
 * The seam the model picker lists through: the models one provider offers now (tests pass their own).
 */
export interface ModelListing {
  listModels(provider: ProviderId, signal?: AbortSignal): Promise<ModelInfo[]>;
}

export interface ModelListingDeps {
  getApiKey(provider: ProviderId): Promise<string | undefined>;
  settings(provider: ProviderId): EngineSettings;
}

/**
 * OpenAI (or a compatible server at the base URL), Anthropic and Azure: each adapter's lister, from its lazily loaded
 * bundle (activation loads no SDK). The VS Code language models: `vscode.lm.selectChatModels()`.
 */
export function createModelListing(deps: ModelListingDeps): ModelListing {
  return {
    async listModels(provider, signal = new AbortController().signal) {
      if (provider === 'vscode-lm') {
        const models = await vscode.lm.selectChatModels();
        return models.map((m) => ({ provider, id: m.id, label: m.name, detail: `${m.vendor} · ${m.family}` }));
      }
      const s = deps.settings(provider);
      const config = { apiKey: (await deps.getApiKey(provider)) ?? '', baseUrl: s.baseUrl, apiVersion: s.apiVersion, deployment: s.model };
      return listModels(provider, config, signal);
    },
  };
}
