import * as vscode from 'vscode';
import { ChatEngine, type StoredConversation, type StoredTurn } from '../core/chatEngine';
import { MAX_MODEL_LENGTH } from '../core/protocol';
import { PROVIDER_IDS, type ProviderId } from '../core/provider';
import type { TokenCounter } from '../core/tokenCounter';
import { PanelAccessibility } from './accessibility';
import { ApiKeys } from './apiKeys';
import { BudgetGate } from './budgetGate';
import { ChatView, VIEW_ID } from './chatView';
import { EXPLAIN_SYMBOL_COMMAND, ExplainCodeLenses, symbolArgs } from './codeLens';
import { EXPLAIN_PROBLEM_COMMAND, ExplainCodeActions, problemArgs, problemRange } from './codeActions';
import { cancelGathering, explainRange, explainSelection } from './explainCommand';
import { HostLedger } from './hostLedger';
import type { ReportPanel } from './reportPanel';
import { createModelListing } from './modelLists';
import { ModelPicker } from './modelPicker';
import { loadBundle, loadProvider } from './providerBundles';
import { readEngineSettings, SECTION } from './settings';
import { SET_PRICE_COMMAND, setPrice } from './setPrice';
import { StatusBar } from './statusBar';

const CONVERSATION_KEY = 'streamExplain.conversation';

/** What activate() returns: the live objects, for the in-host end-to-end tests. */
export interface StreamExplainApi {
  engine: ChatEngine;
  chatView: ChatView;
  statusBar: StatusBar;
  accessibility: PanelAccessibility;
  ledger: HostLedger;
  /** The cost report, once it was first opened. */
  report(): ReportPanel | undefined;
  budget: BudgetGate;
  modelPicker: ModelPicker;
  /** Where the conversation is saved (under CONVERSATION_KEY): what the next window restores. */
  workspaceState: vscode.Memento;
}

/** Every provider the picker offers (those with no key set are left out when it opens). */
const PICKER_PROVIDERS: readonly ProviderId[] = ['openai', 'anthropic', 'azure', 'vscode-lm'];
const loadTokenCounter = async (): Promise<TokenCounter> => loadBundle<{ o200kCounter: TokenCounter }>('tokenizer.js').o200kCounter;

export function activate(context: vscode.ExtensionContext): StreamExplainApi {
  const log = vscode.window.createOutputChannel('Stream Explain', { log: true });
  const keys = new ApiKeys(context.secrets);
  const statusBar = new StatusBar();
  const ledger = new HostLedger(context.globalStorageUri, statusBar, log);
  ledger.refresh();
  let report: ReportPanel | undefined;
  const openReport = () => {
    report ??= new (loadBundle<typeof import('./reportPanel')>('report-host.js').ReportPanel)(context.extensionUri, ledger, log);
    report.show();
  };
  const budget = new BudgetGate(ledger, context.globalState, statusBar, openReport);
  ledger.onChange = () => {
    report?.refresh();
    void budget.check().catch((err) => log.error(`Budget check failed: ${String(err)}`));
  };
  void budget.check().catch((err) => log.error(`Budget check failed: ${String(err)}`));

  // eslint-disable-next-line prefer-const
  let engine: ChatEngine;
  // eslint-disable-next-line prefer-const
  let accessibility: PanelAccessibility;
  const chatView = new ChatView(
    context.extensionUri,
    (message) => void (async () => {
      if (message.type === 'ready') accessibility.onReady();
      // Anything that sends a request first passes the budget check (a modal when a budget is spent); a question
      // that did not go out goes back into the panel's box (the panel cleared it when it was sent).
      if ((message.type === 'ask' || message.type === 'retry' || message.type === 'continue') && !(await budget.allowSend())) {
        if (message.type === 'ask') chatView.post({ type: 'restore-question', text: message.text });
        return;
      }
      await engine.handle(message);
    })().catch((err) => log.error(`Panel message ${message.type} failed: ${String(err)}`)),
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
      onSetPrice: (provider, model) => void vscode.commands.executeCommand(SET_PRICE_COMMAND, provider, model),
      log: (line) => log.info(line),
    },
    // Saved before the model picker as a bare array of turns; restoreConversation reads both shapes.
    context.workspaceState.get<StoredConversation | StoredTurn[]>(CONVERSATION_KEY) ?? [],
  );

  const lenses = new ExplainCodeLenses();
  const explainDeps = { engine, chatView, log: (line: string) => log.info(line), allowSend: () => budget.allowSend() };
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
    vscode.commands.registerCommand('streamExplain.explainSelection', () => explainSelection(explainDeps)),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new ExplainCodeActions(), { providedCodeActionKinds: ExplainCodeActions.kinds }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, new ExplainCodeActions(), { providedCodeActionKinds: ExplainCodeActions.kinds }),
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
    vscode.commands.registerCommand(EXPLAIN_SYMBOL_COMMAND, async (...args: unknown[]) => {
      const p = symbolArgs(args);
      if (!p) return;
      const doc = await vscode.workspace.openTextDocument(p.uri);
      // Whole lines, so the code keeps its indentation.
      const whole = new vscode.Range(p.range.start.line, 0, p.range.end.line, doc.lineAt(p.range.end.line).text.length);
      await explainRange(explainDeps, doc, whole);
    }),
    vscode.commands.registerCommand(EXPLAIN_PROBLEM_COMMAND, async (...args: unknown[]) => {
      const p = problemArgs(args);
      if (!p) {
        void vscode.window.showInformationMessage('Stream Explain: use the light bulb on an error or warning to explain it.');
        return;
      }
      const doc = await vscode.workspace.openTextDocument(p.uri);
      await explainRange(explainDeps, doc, problemRange(doc, p.range), `Explain this problem and how to fix it: ${p.message}`);
    }),
    vscode.commands.registerCommand('streamExplain.cancel', () => {
      cancelGathering();
      return engine.cancel();
    }),
    vscode.commands.registerCommand('streamExplain.newChat', async () => {
      await engine.newChat();
      await chatView.reveal();
    }),
    vscode.commands.registerCommand('streamExplain.setApiKey', () => keys.prompt()),
    { dispose: () => report?.dispose() },
    vscode.commands.registerCommand('streamExplain.showCostReport', openReport),
    vscode.commands.registerCommand('streamExplain.selectModel', () => modelPicker.open()),
    // From the panel's "set a price" (provider, model), or the palette (the model the next request goes to).
    vscode.commands.registerCommand(SET_PRICE_COMMAND, (provider?: unknown, model?: unknown) => {
      const valid = PROVIDER_IDS.some((p) => p === provider) && typeof model === 'string' && model.trim() !== '' && model.length <= MAX_MODEL_LENGTH;
      const target = valid ? { provider: provider as ProviderId, model } : engine.currentModel();
      return setPrice(target.provider, target.model);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The panel's model button follows the settings while the conversation has no model of its own.
      if (e.affectsConfiguration(SECTION)) engine.announceModel();
      if (e.affectsConfiguration(`${SECTION}.budget`)) void budget.check().catch((err) => log.error(`Budget check failed: ${String(err)}`));
    }),
    { dispose: () => void engine.cancel() },
  );
  shutdown = async () => {
    await engine.cancel();
    await Promise.all([context.workspaceState.update(CONVERSATION_KEY, engine.exportConversation()), ledger.flushed()]);
  };
  return { engine, chatView, statusBar, accessibility, ledger, modelPicker, workspaceState: context.workspaceState, report: () => report, budget };
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
