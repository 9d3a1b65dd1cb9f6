import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelInfo } from '../core/modelMenu';
import type { SdkModelLister } from '../core/modelLists/listedModel';
import type { ProviderId } from '../core/provider';
import type { EngineSettings } from '../core/engineSettings';

/**
 * The seam the model picker lists through: the models one provider offers now. The provider descriptors
 * (src/core/providers/) bring their own `listModels`; until they are merged, `createModelListing` below is the default.
 */
export interface ModelListing {
  listModels(provider: ProviderId, signal?: AbortSignal): Promise<ModelInfo[]>;
}

export interface ModelListingDeps {
  getApiKey(provider: ProviderId): Promise<string | undefined>;
  settings(provider: ProviderId): EngineSettings;
  /** The SDK list call for openai/anthropic (from the lazily loaded provider bundles, so activation loads no SDK). */
  loadSdkLister?(provider: 'openai' | 'anthropic'): Promise<SdkModelLister>;
}

function loadFromBundle(provider: 'openai' | 'anthropic'): Promise<SdkModelLister> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(path.join(__dirname, 'providers', `${provider}.js`)) as { listOpenAIModels?: SdkModelLister; listAnthropicModels?: SdkModelLister };
  const lister = provider === 'openai' ? bundle.listOpenAIModels : bundle.listAnthropicModels;
  if (!lister) throw new Error(`the ${provider} bundle has no model list`);
  return Promise.resolve(lister);
}

/**
 * OpenAI (or a compatible server at the base URL) and Anthropic: their `models.list()` through the SDKs. Azure: the
 * configured deployment (a deployment is the model there). The VS Code language models: `vscode.lm.selectChatModels()`.
 */
export function createModelListing(deps: ModelListingDeps): ModelListing {
  const loadSdkLister = deps.loadSdkLister ?? loadFromBundle;
  return {
    async listModels(provider, signal = new AbortController().signal) {
      switch (provider) {
        case 'openai':
        case 'anthropic': {
          const list = await loadSdkLister(provider);
          const listed = await list({ apiKey: (await deps.getApiKey(provider)) ?? '', baseUrl: deps.settings(provider).baseUrl }, signal);
          return listed.map((m) => ({ provider, id: m.id, ...(m.name ? { label: m.name } : {}) }));
        }
        case 'azure': {
          const deployment = (vscode.workspace.getConfiguration('streamExplain').get<string>('azure.deployment') ?? '').trim();
          if (!deployment) throw new Error('no deployment is set (streamExplain.azure.deployment)');
          return [{ provider, id: deployment, detail: 'Azure deployment' }];
        }
        case 'vscode-lm': {
          const models = await vscode.lm.selectChatModels();
          return models.map((m) => ({ provider, id: m.id, label: m.name, detail: `${m.vendor} · ${m.family}` }));
        }
      }
    },
  };
}
