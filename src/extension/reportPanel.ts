import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { localCalendar } from '../core/ledger/calendar';
import { ReportController } from '../core/ledger/reportController';
import { parseReportHostMessage, type ReportHostMessage } from '../core/ledger/reportProtocol';
import type { HostLedger } from './hostLedger';
import { makeNonce, renderWebviewHtml } from './webviewHtml';

export const REPORT_VIEW_TYPE = 'streamExplain.costReport';

/**
 * The cost report as a webview editor tab (one at a time): the page bundle dist/report.js under the panel's CSP
 * rules, driven by a ReportController over the cached ledger. It is refreshed whenever a request lands.
 */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private controller: ReportController | undefined;
  /** Every message posted to the page, for the in-host tests (bounded). */
  readonly sent: ReportHostMessage[] = [];
  /** Types of the messages the page sent, for the in-host tests (bounded). */
  readonly received: string[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly ledger: HostLedger, private readonly log: vscode.LogOutputChannel) {}

  show(): void {
    if (this.panel) return this.panel.reveal();
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Stream Explain: Cost Report', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    this.panel = panel;
    const webview = panel.webview;
    const controller = new ReportController({
      records: () => this.ledger.records(),
      post: (m) => this.post(webview, m),
      saveCsv: (csv, name) => saveCsv(csv, name),
      copy: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
      confirmClear: async () => {
        const clear = 'Clear history';
        const answer = await vscode.window.showWarningMessage('Clear the cost history of every window and workspace?',
          { modal: true, detail: `Every request recorded in the cost ledger is deleted (${this.ledger.store.dir}). This cannot be undone; export a CSV first to keep a copy.` }, clear);
        return answer === clear;
      },
      clear: () => this.ledger.clear(),
      now: () => Date.now(),
      calendar: localCalendar,
      log: (line) => this.log.warn(line),
    });
    this.controller = controller;
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'report.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css')).toString(),
      nonce: makeNonce((n) => crypto.randomBytes(n)),
      title: 'Stream Explain: Cost Report',
    });
    const subs = [
      webview.onDidReceiveMessage((raw: unknown) => {
        this.received.push(typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type).slice(0, 40) : typeof raw);
        if (this.received.length > 100) this.received.splice(0, this.received.length - 100);
        void controller.receive(raw).catch((err: unknown) => this.log.error(`Cost report: ${String(err)}`));
      }),
      panel.onDidDispose(() => {
        for (const d of subs) d.dispose();
        this.panel = undefined;
        this.controller = undefined;
      }),
    ];
  }

  /** A request landed (or history was cleared elsewhere): the open report shows it. */
  refresh(): void {
    void this.controller?.refresh().catch((err: unknown) => this.log.error(`Cost report: ${String(err)}`));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private post(webview: vscode.Webview, m: ReportHostMessage): void {
    if (!parseReportHostMessage(m)) {
      this.log.error(`Refused to post an invalid message to the cost report (type ${m.type}).`);
      return;
    }
    this.sent.push(m);
    if (this.sent.length > 100) this.sent.splice(0, this.sent.length - 100);
    void webview.postMessage(m);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** Export CSV: a save dialog (in the first workspace folder, else home), then the file. */
async function saveCsv(csv: string, suggestedName: string): Promise<string | undefined> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(base, suggestedName), filters: { CSV: ['csv'] }, title: 'Export cost history as CSV' });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(csv));
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}
