import * as vscode from 'vscode';
import type { ChatEngine } from '../core/chatEngine';
import { buildModelMenu, rememberRecent, type ModelRef, type ProviderModels } from '../core/modelMenu';
import type { PriceTable } from '../core/pricing';
import { KEY_SOURCES, type ProviderId } from '../core/provider';
import { redactSecrets } from '../core/redact';
import type { ModelListing } from './modelLists';
import { SECTION } from './settings';

const RECENT_KEY = 'streamExplain.recentModels';

export interface ModelPickItem extends vscode.QuickPickItem {
  provider?: ProviderId;
  model?: string;
  current?: boolean;
}

export interface ModelPickerDeps {
  engine: ChatEngine;
  listing: ModelListing;
  /** Providers the picker offers (those this build has adapters for); each only once it is set up. */
  providers: readonly ProviderId[];
  getApiKey(provider: ProviderId): Promise<string | undefined>;
  /** The model setting of a provider, shown even when its list fails. */
  configuredModel(provider: ProviderId): string | undefined;
  prices(): PriceTable;
  globalState: vscode.Memento;
  /** How long a provider's list may take before the picker shows its configured model instead (default 5 s). */
  listTimeoutMs?: number;
}

const USE_AS_DEFAULT: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('settings-gear'),
  tooltip: 'Use as default (writes streamExplain.provider and the provider’s model setting)',
};

/**
 * "Stream Explain: Select Model": the models of every provider that is set up (it has a key, or needs none), listed
 * live and in parallel, for the current conversation; a row's gear button makes it the default in the settings.
 */
export class ModelPicker {
  /** The open quick pick, for the in-host tests (they drive it as a user would: make a row active, accept). */
  active: vscode.QuickPick<ModelPickItem> | undefined;

  constructor(private readonly deps: ModelPickerDeps) {}

  async open(): Promise<void> {
    const qp = vscode.window.createQuickPick<ModelPickItem>();
    qp.title = 'Stream Explain: Select Model';
    qp.placeholder = 'Model for this conversation (the gear on a row makes it the default)';
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    this.active = qp;
    const closed = new Promise<void>((resolve) => qp.onDidHide(() => resolve()));
    let applied: Promise<void> = Promise.resolve();
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (item?.provider && item.model) applied = this.choose({ provider: item.provider, model: item.model });
      qp.hide();
    });
    qp.onDidTriggerItemButton((e) => {
      if (e.item.provider && e.item.model) applied = this.makeDefault({ provider: e.item.provider, model: e.item.model });
      qp.hide();
    });
    qp.show();
    try {
      qp.items = await this.items();
      const current = qp.items.find((i) => i.current);
      if (current) qp.activeItems = [current];
    } finally {
      qp.busy = false;
    }
    await closed;
    qp.dispose();
    if (this.active === qp) this.active = undefined;
    await applied;
  }

  /** The model for the current conversation (saved with it), remembered as recently used. */
  async choose(choice: ModelRef): Promise<void> {
    this.deps.engine.setModel(choice);
    await this.deps.globalState.update(RECENT_KEY, rememberRecent(this.recent(), choice));
  }

  /** The settings' default from now on; the current conversation follows it. */
  async makeDefault(choice: ModelRef): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    await config.update('provider', choice.provider, vscode.ConfigurationTarget.Global);
    await config.update(`${choice.provider}.model`, choice.model, vscode.ConfigurationTarget.Global);
    this.deps.engine.setModel(undefined);
    await this.deps.globalState.update(RECENT_KEY, rememberRecent(this.recent(), choice));
  }

  private recent(): ModelRef[] {
    const saved = this.deps.globalState.get<unknown>(RECENT_KEY);
    if (!Array.isArray(saved)) return [];
    return saved.filter((r): r is ModelRef => typeof r?.provider === 'string' && this.deps.providers.includes(r.provider) && typeof r.model === 'string');
  }

  async items(): Promise<ModelPickItem[]> {
    const groups = await this.lists();
    const entries = buildModelMenu(groups, this.deps.engine.currentModel(), this.recent(), this.deps.prices());
    return entries.map((e): ModelPickItem => (e.kind === 'separator'
      ? { label: e.label, kind: vscode.QuickPickItemKind.Separator }
      : { label: e.current ? `$(check) ${e.label}` : e.label, description: e.description, detail: e.detail, provider: e.provider, model: e.model, current: e.current, buttons: [USE_AS_DEFAULT] }));
  }

  /** Every set-up provider's list, fetched in parallel; one that fails or is slow says why. */
  private async lists(): Promise<ProviderModels[]> {
    const setUp = await Promise.all(this.deps.providers.map(async (p) => (KEY_SOURCES[p] === undefined || !!(await this.deps.getApiKey(p)) ? p : undefined)));
    const providers = setUp.filter((p): p is ProviderId => p !== undefined);
    const keys = (await Promise.all(providers.map((p) => this.deps.getApiKey(p)))).filter((k): k is string => !!k);
    return Promise.all(providers.map(async (provider): Promise<ProviderModels> => {
      const configured = this.deps.configuredModel(provider) || undefined;
      try {
        const models = await this.withTimeout((signal) => this.deps.listing.listModels(provider, signal));
        return { provider, models, configured };
      } catch (err) {
        // An SDK error message may echo the request; no key goes into the picker.
        const reason = redactSecrets(err instanceof Error ? err.message : String(err), new Set(keys)).split('\n')[0].slice(0, 200);
        return { provider, models: [], configured, error: reason };
      }
    }));
  }

  private async withTimeout<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.deps.listTimeoutMs ?? 5000;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${ms / 1000} s`));
      }, ms);
    });
    try {
      return await Promise.race([run(controller.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
