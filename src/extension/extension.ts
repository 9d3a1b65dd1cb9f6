import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChatEngine, type StoredConversation, type StoredTurn } from '../core/chatEngine';
import { InputRejected } from '../core/inputGuard';
import type { ProviderFactory, ProviderId } from '../core/provider';
import type { TokenCounter } from '../core/tokenCounter';
import { PanelAccessibility } from './accessibility';
import { ApiKeys } from './apiKeys';
import { ChatView, VIEW_ID } from './chatView';
import { HostLedger } from './hostLedger';
import { createVscodeLmProvider } from './providers/vscodeLmProvider';
import { createModelListing } from './modelLists';
import { ModelPicker } from './modelPicker';
import { codeToExplain } from './selection';
import { readEngineSettings, SECTION } from './settings';
import { StatusBar } from './statusBar';

const CONVERSATION_KEY = 'streamExplain.conversation';

/** What activate() returns: the live objects, for the in-host end-to-end tests. */
export interface StreamExplainApi {
  engine: ChatEngine;
  chatView: ChatView;
  statusBar: StatusBar;
  accessibility: PanelAccessibility;
  ledger: HostLedger;
  modelPicker: ModelPicker;
  /** The conversation as saved in workspaceState: what the next window restores. */
  savedConversation(): unknown;
}

/** Providers this build has adapters for, so the picker offers them (Azure joins with its adapter). */
const PICKER_PROVIDERS: readonly ProviderId[] = ['openai', 'anthropic', 'vscode-lm'];

/**
 * The SDKs and the tokenizer are separate bundles next to this file, required on first use, so activation parses
 * none of them (dist/extension.js stays small and starts instantly).
 */
function loadBundle<T>(name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, name)) as T;
}
const loadProvider = async (id: ProviderId): Promise<ProviderFactory> =>
  // The VS Code Language Model provider has no SDK to load: it is small and part of this bundle.
  id === 'vscode-lm' ? createVscodeLmProvider
  : id === 'openai'
    ? loadBundle<{ createOpenAIProvider: ProviderFactory }>('providers/openai.js').createOpenAIProvider
    : loadBundle<{ createAnthropicProvider: ProviderFactory }>('providers/anthropic.js').createAnthropicProvider;
const loadTokenCounter = async (): Promise<TokenCounter> => loadBundle<{ o200kCounter: TokenCounter }>('tokenizer.js').o200kCounter;

export function activate(context: vscode.ExtensionContext): StreamExplainApi {
  const log = vscode.window.createOutputChannel('Stream Explain', { log: true });
  const keys = new ApiKeys(context.secrets);
  const statusBar = new StatusBar();
  const ledger = new HostLedger(context.globalStorageUri, statusBar, log);
  ledger.refresh();

  // eslint-disable-next-line prefer-const
  let engine: ChatEngine;
  // eslint-disable-next-line prefer-const
  let accessibility: PanelAccessibility;
  const chatView = new ChatView(
    context.extensionUri,
    (message) => {
      if (message.type === 'ready') accessibility.onReady();
      void engine.handle(message).catch((err) => log.error(`Panel message ${message.type} failed: ${String(err)}`));
    },
    () => void engine.cancel(), // closing the panel stops the stream
    log,
  );
  engine = new ChatEngine(
    {
      post: (m) => {
        accessibility.observe(m);
        chatView.post(m);
      },
      settings: readEngineSettings,
      getApiKey: (p) => keys.get(p),
      loadProvider,
      loadTokenCounter,
      onMissingKey: (p) => void keys.notifyMissing(p),
      onStreamingChange: (s) => statusBar.setStreaming(s),
      onTurnRecorded: (entry) => ledger.record(entry),
      onConversationChange: () => void context.workspaceState.update(CONVERSATION_KEY, engine.exportConversation()),
      onAction: (action) => {
        if (action === 'set-api-key') void keys.prompt(engine.currentModel().provider);
        else if (action === 'open-settings') void vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
      },
      onSelectModel: () => void vscode.commands.executeCommand('streamExplain.selectModel'),
      onInsertCode: (code) => void insertAtCursor(code),
      onOpenLink: (href) => void vscode.env.openExternal(vscode.Uri.parse(href, true)),
      log: (line) => log.info(line),
    },
    // Saved before the model picker as a bare array of turns; restoreConversation reads both shapes.
    context.workspaceState.get<StoredConversation | StoredTurn[]>(CONVERSATION_KEY) ?? [],
  );

  const modelPicker = new ModelPicker({
    engine,
    listing: createModelListing({ getApiKey: (p) => keys.get(p), settings: readEngineSettings }),
    providers: PICKER_PROVIDERS,
    getApiKey: (p) => keys.get(p),
    configuredModel: (p) => vscode.workspace.getConfiguration(SECTION).get<string>(`${p}.model`)?.trim(),
    prices: () => readEngineSettings().prices,
    globalState: context.globalState,
  });
  accessibility = new PanelAccessibility(chatView, () => engine.exportTurns().map((t) => t.snapshot));

  context.subscriptions.push(
    log,
    accessibility,
    statusBar,
    chatView,
    vscode.window.registerWebviewViewProvider(VIEW_ID, chatView),
    vscode.commands.registerCommand('streamExplain.explainSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('Stream Explain: open a file and select the code to explain.');
        return;
      }
      const ctx = await codeToExplain(editor);
      if (!ctx) {
        void vscode.window.showInformationMessage('Stream Explain: nothing to explain here. Select some code, or put the cursor inside a function or block.');
        return;
      }
      await chatView.reveal();
      try {
        await engine.explain(ctx);
      } catch (err) {
        if (!(err instanceof InputRejected)) throw err;
        void vscode.window.showWarningMessage(`Stream Explain: ${err.message}`);
      }
    }),
    vscode.commands.registerCommand('streamExplain.cancel', () => engine.cancel()),
    vscode.commands.registerCommand('streamExplain.newChat', async () => {
      await engine.newChat();
      await chatView.reveal();
    }),
    vscode.commands.registerCommand('streamExplain.setApiKey', () => keys.prompt()),
    vscode.commands.registerCommand('streamExplain.showCostReport', () => ledger.showReport()),
    vscode.commands.registerCommand('streamExplain.selectModel', () => modelPicker.open()),
    // The panel's model button follows the settings while the conversation has no model of its own.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) engine.announceModel();
    }),
    { dispose: () => void engine.cancel() },
  );
  shutdown = async () => {
    await engine.cancel();
    await Promise.all([context.workspaceState.update(CONVERSATION_KEY, engine.exportConversation()), ledger.flushed()]);
  };
  return { engine, chatView, statusBar, accessibility, ledger, modelPicker, savedConversation: () => context.workspaceState.get(CONVERSATION_KEY) };
}

/** Set by activate: stops the running stream and saves the conversation, its stopped turn included. */
let shutdown: (() => Promise<void>) | undefined;

/** Replace the selection (or insert at the cursor) of the last active text editor. */
async function insertAtCursor(code: string): Promise<void> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showInformationMessage('Stream Explain: open an editor to insert the code into.');
    return;
  }
  await editor.edit((edit) => {
    for (const sel of editor.selections) edit.replace(sel, code);
  });
}

/**
 * Window reload or close: VS Code waits for the returned promise (a few seconds at most), so the stream's socket is
 * closed and the stopped answer, with its partial text and estimated cost, is saved before the host goes away.
 */
export function deactivate(): Promise<void> | undefined {
  return shutdown?.();
}
