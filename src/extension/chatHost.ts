import * as vscode from 'vscode';
import { ChatEngine, type StoredConversation, type StoredTurn } from '../core/chatEngine';
import { PanelWindow } from '../core/panelWindow';
import { MAX_MODEL_LENGTH } from '../core/protocol';
import { PROVIDER_IDS, type ProviderId } from '../core/provider';
import type { TokenCounter } from '../core/tokenCounter';
import { withTokenizerGate } from '../core/tokenizerGate';
import { PanelAccessibility } from './accessibility';
import { ApiKeys } from './apiKeys';
import { BudgetGate } from './budgetGate';
import { ChatView } from './chatView';
import { symbolArgs } from './codeLens';
import { problemArgs, problemRange } from './codeActions';
import { cancelGathering, explainRange, explainSelection } from './explainCommand';
import { explainDiff, type ExplainDiffResult } from './explainDiff';
import { HostLedger } from './hostLedger';
import type { ReportPanel } from './reportPanel';
import { createModelListing } from './modelLists';
import { ModelPicker } from './modelPicker';
import { loadBundle, loadProvider } from './providerBundles';
import { readEngineSettings, SECTION } from './settings';
import { SET_PRICE_COMMAND, setPrice } from './setPrice';
import type { StatusBar } from './statusBar';

/**
 * The chat host: the engine, the panel's bridge, keys, the cost ledger and budgets, the model picker, accessibility.
 * It is its own bundle (dist/chat-host.js), required by the activation shell (extension.ts) on first use, so
 * activate() parses only the shell; everything the shell registers at activation calls in here.
 */

const CONVERSATION_KEY = 'streamExplain.conversation';

/** Every provider the picker offers (those with no key set are left out when it opens). */
const PICKER_PROVIDERS: readonly ProviderId[] = ['openai', 'anthropic', 'azure', 'vscode-lm'];
const loadTokenCounter = async (): Promise<TokenCounter> => loadBundle<{ o200kCounter: TokenCounter }>('tokenizer.js').o200kCounter;

/** What the shell created at activation and hands over. */
export interface ShellParts {
  log: vscode.LogOutputChannel;
  statusBar: StatusBar;
}

export interface ChatHost {
  engine: ChatEngine;
  chatView: ChatView;
  accessibility: PanelAccessibility;
  ledger: HostLedger;
  budget: BudgetGate;
  modelPicker: ModelPicker;
  /** The cost report, once it was first opened. */
  report(): ReportPanel | undefined;
  // The commands' handlers (the shell registers the commands at activation).
  explainSelection(): Promise<void>;
  explainSymbol(args: unknown[]): Promise<void>;
  explainProblem(args: unknown[]): Promise<void>;
  explainDiff(args: unknown[]): Promise<ExplainDiffResult>;
  /** From the panel's "set a price" (provider, model), or the palette (the model the next request goes to). */
  setPrice(args: unknown[]): Promise<vscode.TextEditor | undefined>;
  cancel(): Promise<void>;
  newChat(): Promise<void>;
  /** Resolves whether a key was stored. */
  setApiKey(): Promise<boolean>;
  showCostReport(): void;
  selectModel(): Promise<void>;
  /** Stops the running stream and saves the conversation, its stopped turn included (window reload or close). */
  shutdown(): Promise<void>;
}

export function createChatHost(context: vscode.ExtensionContext, { log, statusBar }: ShellParts): ChatHost {
  const keys = new ApiKeys(context.secrets);
  // eslint-disable-next-line prefer-const
  let engine: ChatEngine; // assigned below, before the ledger's upkeep first asks (10 s after activation)
  const ledger = new HostLedger(context.globalStorageUri, statusBar, log, () => engine.streaming);
  ledger.refresh();
  context.subscriptions.push(ledger);
  let report: ReportPanel | undefined;
  const openReport = () => {
    report ??= new (loadBundle<typeof import('./reportPanel')>('report-host.js').ReportPanel)(context.extensionUri, ledger, log);
    report.show();
  };
  const budget = new BudgetGate(ledger, context.globalState, statusBar, openReport);
  const checkBudget = () => void budget.check().catch((err) => log.error(`Budget check failed: ${String(err)}`));
  ledger.onChange = () => {
    report?.refresh();
    checkBudget();
  };
  checkBudget();

  // eslint-disable-next-line prefer-const
  let accessibility: PanelAccessibility;
  const chatView = new ChatView(
    context.extensionUri,
    (message) => void (async () => {
      if (message.type === 'ready') accessibility.onReady();
      // Anything that sends a request first passes the budget check (a modal when a budget is spent).
      if ((message.type === 'ask' || message.type === 'retry' || message.type === 'continue') && !(await budget.allowSend())) {
        // Nothing was sent: the question goes back into the box it was typed in (unless the user typed anew there).
        if (message.type === 'ask') chatView.post({ type: 'restore-question', text: message.text });
        return;
      }
      await engine.handle(message);
    })().catch((err) => log.error(`Panel message ${message.type} failed: ${String(err)}`)),
    () => void engine.cancel(), // closing the panel stops the stream
    log,
  );
  engine = new ChatEngine(
    // Drafts typed while the first answer streams wait for its end to load the tokenizer (TokenizerGate).
    withTokenizerGate({
      post: (m) => {
        accessibility.observe(m);
        return chatView.post(m);
      },
      settings: readEngineSettings,
      flow: new PanelWindow(undefined, undefined, () => chatView.isReady), // VS Code's deliveries to the panel pace the stream
      getApiKey: (p) => keys.get(p),
      loadProvider,
      loadTokenCounter,
      onMissingKey: (p) => void keys.notifyMissing(p),
      onStreamingChange: (s) => {
        statusBar.setStreaming(s);
        if (!s) ledger.streamEnded();
      },
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
    }),
    // Saved before the model picker as a bare array of turns; restoreConversation reads both shapes.
    context.workspaceState.get<StoredConversation | StoredTurn[]>(CONVERSATION_KEY) ?? [],
  );

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
    accessibility,
    chatView,
    { dispose: () => report?.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The panel's model button follows the settings while the conversation has no model of its own.
      if (e.affectsConfiguration(SECTION)) engine.announceModel();
      if (e.affectsConfiguration(`${SECTION}.budget`)) checkBudget();
    }),
    { dispose: () => void engine.cancel() },
  );

  return {
    engine, chatView, accessibility, ledger, budget, modelPicker,
    report: () => report,
    explainSelection: () => explainSelection(explainDeps),
    async explainSymbol(args) {
      const p = symbolArgs(args);
      if (!p) return;
      const doc = await vscode.workspace.openTextDocument(p.uri);
      // Whole lines, so the code keeps its indentation.
      const whole = new vscode.Range(p.range.start.line, 0, p.range.end.line, doc.lineAt(p.range.end.line).text.length);
      await explainRange(explainDeps, doc, whole);
    },
    async explainProblem(args) {
      const p = problemArgs(args);
      if (!p) {
        void vscode.window.showInformationMessage('Stream Explain: use the light bulb on an error or warning to explain it.');
        return;
      }
      const doc = await vscode.workspace.openTextDocument(p.uri);
      await explainRange(explainDeps, doc, problemRange(doc, p.range), `Explain this problem and how to fix it: ${p.message}`);
    },
    explainDiff: (args) => explainDiff(explainDeps, args[0]),
    setPrice([provider, model]) {
      const valid = PROVIDER_IDS.some((p) => p === provider) && typeof model === 'string' && model.trim() !== '' && model.length <= MAX_MODEL_LENGTH;
      const target = valid ? { provider: provider as ProviderId, model } : engine.currentModel();
      return setPrice(target.provider, target.model);
    },
    cancel: () => {
      cancelGathering();
      return engine.cancel();
    },
    newChat: async () => {
      await engine.newChat();
      await chatView.reveal();
    },
    setApiKey: () => keys.prompt(),
    showCostReport: openReport,
    selectModel: () => modelPicker.open(),
    shutdown: async () => {
      await engine.cancel();
      await Promise.all([context.workspaceState.update(CONVERSATION_KEY, engine.exportConversation()), ledger.flushed()]);
    },
  };
}

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
