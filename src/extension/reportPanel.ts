import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { localCalendar } from '../core/ledger/calendar';
import { clearLedger, LedgerCache, SNAPSHOT_FOLDER } from '../core/ledger/ledgerCache';
import { nodeLedgerFs, nodeSnapshotStore } from '../core/ledger/nodeLedgerFs';
import { catchUpSnapshots } from '../core/ledger/snapshotUpkeep';
import * as path from 'node:path';
import { DayIndex } from '../core/ledger/columnReport';
import { ReportController } from '../core/ledger/reportController';
import type { ReportHostMessage } from '../core/ledger/reportProtocol';
import type { HostLedger } from './hostLedger';
import { makeNonce, renderWebviewHtml } from './webviewHtml';

export const REPORT_VIEW_TYPE = 'streamExplain.costReport';
export { SNAPSHOT_FOLDER } from '../core/ledger/ledgerCache';

/**
 * The cost report as a webview editor tab (one at a time): the page bundle dist/report.js under the panel's CSP
 * rules, driven by a ReportController over the cached ledger. It is refreshed whenever a request lands.
 *
 * This module and everything it imports are their own bundle (dist/report-host.js), required when the report is
 * first opened: activation does not pay for the report.
 */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private controller: ReportController | undefined;
  /** Every message posted to the page, for the in-host tests (bounded). */
  readonly sent: ReportHostMessage[] = [];
  /** Types of the messages the page sent, for the in-host tests (bounded). */
  readonly received: string[] = [];

  /** The whole ledger in memory, topped up from what any window appended since (see LedgerCache). */
  private readonly cache: LedgerCache;
  /** The local day of each cached record, kept for the next time the report is opened in this window. */
  private readonly days = new DayIndex(localCalendar);
  /** Snapshots of the month files' columns, so the next window's first report starts from them (a cache only). */
  private get snapshotDir(): string {
    return path.join(this.ledger.store.dir, SNAPSHOT_FOLDER);
  }

  constructor(private readonly extensionUri: vscode.Uri, private readonly ledger: HostLedger, private readonly log: vscode.LogOutputChannel) {
    this.cache = new LedgerCache(ledger.store.dir, nodeLedgerFs, (line) => log.warn(line), nodeSnapshotStore(this.snapshotDir));
  }

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
      records: () => this.records(),
      segments: async (options) => {
        await this.ledger.flushed();
        return this.cache.segments(options);
      },
      post: (m) => this.post(webview, m),
      saveCsv: (csv, name) => saveCsv(csv, name),
      copy: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
      confirmClear: async () => {
        const clear = 'Clear history';
        const answer = await vscode.window.showWarningMessage('Clear the cost history of every window and workspace?',
          { modal: true, detail: `Every request recorded in the cost ledger is deleted (${this.ledger.store.dir}). This cannot be undone; export a CSV first to keep a copy.` }, clear);
        return answer === clear;
      },
      clear: () => this.clear(),
      now: () => Date.now(),
      calendar: localCalendar,
      log: (line) => this.log.warn(line),
    }, this.days);
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

  /** Every record of every window, oldest first, once this window's appends asked for so far have landed. */
  async records() {
    await this.ledger.flushed();
    return this.cache.records();
  }

  /** Clear history: every month file of the ledger is deleted (all windows share it). */
  private async clear(): Promise<void> {
    await this.ledger.flushed();
    await this.cache.saved(); // a snapshot write still under way would land after the clear
    const files = await clearLedger(this.ledger.store.dir, nodeLedgerFs, this.snapshotDir);
    this.cache.reset();
    this.ledger.cleared();
    this.log.info(`Cost ledger: history cleared (${files} month file${files === 1 ? '' : 's'} deleted).`);
    await this.ledger.showToday();
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Messages arrive here validated by the controller. */
  private post(webview: vscode.Webview, m: ReportHostMessage): void {
    this.sent.push(m);
    if (this.sent.length > 100) this.sent.splice(0, this.sent.length - 100);
    void webview.postMessage(m);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/**
 * The snapshot upkeep (HostLedger schedules it): brings every month's snapshot up to its month file, in the
 * background. Exported from this bundle so that activation does not load it.
 */
export async function catchUpLedgerSnapshots(dir: string, verify: boolean, log: vscode.LogOutputChannel): Promise<void> {
  const t0 = performance.now();
  const { written } = await catchUpSnapshots(dir, nodeLedgerFs, nodeSnapshotStore(path.join(dir, SNAPSHOT_FOLDER)), { verify, log: (line) => log.warn(line) });
  if (written.length) log.info(`Cost ledger: snapshots brought up to date (${written.join(', ')}) in ${(performance.now() - t0).toFixed(0)} ms, in the background.`);
}

/** Export CSV: a save dialog (in the first workspace folder, else home), then the file. */
async function saveCsv(csv: string, suggestedName: string): Promise<string | undefined> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(base, suggestedName), filters: { CSV: ['csv'] }, title: 'Export cost history as CSV' });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(csv));
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}
