import * as vscode from 'vscode';
import type { ChatEngine } from '../core/chatEngine';
import type { PanelAccessibility } from './accessibility';
import type { BudgetGate } from './budgetGate';
import { loadBundle } from './bundleLoader';
import type { ChatHost } from './chatHost';
import type { ChatView } from './chatView';
import { EXPLAIN_PROBLEM_COMMAND, ExplainCodeActions } from './codeActions';
import { EXPLAIN_SYMBOL_COMMAND, ExplainCodeLenses } from './codeLens';
import type { HostLedger } from './hostLedger';
import { EXPLAIN_DIFF_COMMAND, SET_PRICE_COMMAND, VIEW_ID } from './ids';
import type { ModelPicker } from './modelPicker';
import type { ReportPanel } from './reportPanel';
import { StatusBar } from './statusBar';

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
  /** Where the conversation is saved: what the next window restores. */
  workspaceState: vscode.Memento;
}

/**
 * The activation shell. VS Code waits for activate() before it runs the command or shows the view that activated the
 * extension, so activate() registers what VS Code must know about (commands, the view, the code action and lens
 * providers, the status bar) and nothing more. The chat host (engine, panel bridge, providers glue, ledger, budgets,
 * picker: dist/chat-host.js) is required on its first use: a command, the view resolving, or the returned API.
 */
export function activate(context: vscode.ExtensionContext): StreamExplainApi {
  const log = vscode.window.createOutputChannel('Stream Explain', { log: true });
  const statusBar = new StatusBar();
  let host: ChatHost | undefined;
  const load = (): ChatHost => {
    host ??= loadBundle<typeof import('./chatHost')>('chat-host.js').createChatHost(context, { log, statusBar });
    return host;
  };
  // The status bar shows today's spend from the ledger at startup, as it always did: if nothing used the host while
  // the activating command or view ran, it is loaded once the event loop is free (after activation, not in it).
  const idleLoad = setTimeout(() => {
    try {
      load();
    } catch (err) {
      log.error(`Loading the chat host failed: ${String(err)}`);
    }
  }, 0);

  const lenses = new ExplainCodeLenses();
  const command = (id: string, run: (h: ChatHost, args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => run(load(), args));
  context.subscriptions.push(
    log,
    statusBar,
    { dispose: () => clearTimeout(idleLoad) },
    vscode.window.registerWebviewViewProvider(VIEW_ID, { resolveWebviewView: (view) => load().chatView.resolveWebviewView(view) }),
    command('streamExplain.explainSelection', (h) => h.explainSelection()),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new ExplainCodeActions(), { providedCodeActionKinds: ExplainCodeActions.kinds }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, new ExplainCodeActions(), { providedCodeActionKinds: ExplainCodeActions.kinds }),
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
    command(EXPLAIN_SYMBOL_COMMAND, (h, args) => h.explainSymbol(args)),
    command(EXPLAIN_PROBLEM_COMMAND, (h, args) => h.explainProblem(args)),
    command(EXPLAIN_DIFF_COMMAND, (h, args) => h.explainDiff(args)),
    command(SET_PRICE_COMMAND, (h, args) => h.setPrice(args)),
    // Nothing streams before the host exists, so Stop does not load it.
    vscode.commands.registerCommand('streamExplain.cancel', () => host?.cancel()),
    command('streamExplain.newChat', (h) => h.newChat()),
    command('streamExplain.setApiKey', (h) => h.setApiKey()),
    command('streamExplain.showCostReport', (h) => h.showCostReport()),
    command('streamExplain.selectModel', (h) => h.selectModel()),
    command('streamExplain.focusQuestion', (h) => h.accessibility.focusQuestion()),
    command('streamExplain.readLastAnswer', (h) => h.accessibility.readLastAnswer()),
  );
  shutdown = () => host?.shutdown();
  // Getters, so that the end-to-end tests reading the API load the host like any other first use.
  return {
    get engine() { return load().engine; },
    get chatView() { return load().chatView; },
    statusBar,
    get accessibility() { return load().accessibility; },
    get ledger() { return load().ledger; },
    report: () => host?.report(),
    get budget() { return load().budget; },
    get modelPicker() { return load().modelPicker; },
    workspaceState: context.workspaceState,
  };
}

/** Set by activate: stops the running stream and saves the conversation, its stopped turn included. */
let shutdown: (() => Promise<void> | undefined) | undefined;

/**
 * Window reload or close: VS Code waits for the returned promise (a few seconds at most), so the stream's socket is
 * closed and the stopped answer, with its partial text and estimated cost, is saved before the host goes away.
 */
export function deactivate(): Promise<void> | undefined {
  return shutdown?.();
}
