import type { Clock } from './clock';
import type { LedgerEntry } from './costLedger';
import type { EngineSettings } from './engineSettings';
import type { ErrorAction } from './errors';
import type { ProviderFactory, ProviderId } from './provider';
import type { HostMessage } from './protocol';
import type { PanelWindow } from './panelWindow';
import type { TokenCounterLoader } from './tokenCounter';
import type { TokenizerGate } from './tokenizerGate';

/** What the engine needs from its host (the extension, or a test): the panel, settings, keys, SDK loading, events. */
export interface ChatEngineDeps {
  /**
   * Deliver a message to the panel (the bridge validates and queues it while the panel is not ready). What it returns,
   * when anything, settles once VS Code has delivered the message to the panel's frame (the flow window counts on it).
   */
  post(message: HostMessage): PromiseLike<unknown> | void;
  /** The settings for a request to `provider` (default: the configured provider), read fresh for each request. */
  settings(provider?: ProviderId): EngineSettings;
  getApiKey(provider: ProviderId): Promise<string | undefined>;
  loadProvider(provider: ProviderId): Promise<ProviderFactory>;
  loadTokenCounter?: TokenCounterLoader;
  /** Holds a draft's estimate while a turn streams and the tokenizer is not loaded (see withTokenizerGate); none: at once. */
  tokenizerGate?: TokenizerGate;
  /** Called with no key for the provider: the host shows the "Set API Key" notification. */
  onMissingKey?(provider: ProviderId): void;
  onStreamingChange?(streaming: boolean): void;
  onTurnRecorded?(entry: LedgerEntry): void;
  /** The conversation changed (a turn ended, a new chat, a model chosen): persist `exportConversation()`. */
  onConversationChange?(): void;
  /** An action button in the panel (e.g. "Set API Key" under an error). */
  onAction?(action: ErrorAction): void;
  /** The model button in the panel: the host opens the model picker. */
  onSelectModel?(): void;
  /** "Insert at cursor" on a code block. */
  onInsertCode?(code: string, language?: string): void;
  /** "Set a price" under an unpriced answer: open the prices setting with this model's row to fill in. */
  onSetPrice?(provider: ProviderId, model: string): void;
  /** A validated http(s) link the user clicked. */
  onOpenLink?(href: string): void;
  log?(line: string): void;
  /** Least milliseconds between delta messages while tokens flow (default 4 without `flow`, 0 with it; DeltaCoalescer). */
  minGapMs?: number;
  /** Flow control by delivery (what `post` returns); without it, messages are paced by `minGapMs` alone. */
  flow?: PanelWindow;
  /** Milliseconds between saves of the conversation while a turn streams (default 1000). */
  checkpointMs?: number;
  /** Time for the mid-stream saves and for the requests' timeouts and retry waits (tests drive it by hand). */
  clock?: Clock;
}
