import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../core/protocol';
import { parseHostMessage, parseWebviewMessage } from '../core/protocolParse';
import { VIEW_ID } from './ids';
import { makeNonce, renderWebviewHtml } from './webviewHtml';

export { VIEW_ID };

/**
 * The side panel and the bridge to it. Messages go out only once the webview said `ready` (its DOM and listener
 * exist); on every (re)load the engine answers `ready` with the whole conversation, so nothing posted while the panel
 * was hidden is lost. Both directions are validated; what fails is dropped and logged.
 */
export class ChatView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Every message posted to the webview, for the in-host tests (bounded). */
  readonly sent: HostMessage[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (message: WebviewMessage) => void,
    private readonly onClosed: () => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const webview = view.webview;
    webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      nonce: makeNonce((n) => crypto.randomBytes(n)),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
        this.onClosed();
      }),
    );
  }

  /** A message from the panel: validated, then handed on; anything else is dropped and logged. */
  receive(raw: unknown): boolean {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.dropped++;
      this.log.warn(`Dropped an invalid message from the panel: ${describe(raw)}`);
      return false;
    }
    if (message.type === 'ready') this.ready = true;
    this.onMessage(message);
    return true;
  }

  /** Invalid messages from the panel dropped so far. */
  dropped = 0;

  get isReady(): boolean {
    return this.ready;
  }

  /** Settles once VS Code has delivered the message to the panel's frame; undefined when it was not sent to one. */
  post(message: HostMessage): Thenable<boolean> | undefined {
    if (!parseHostMessage(message)) {
      this.log.error(`Refused to post an invalid message to the panel: ${describe(message)}`);
      return undefined;
    }
    this.sent.push(message);
    if (this.sent.length > 5000) this.sent.splice(0, this.sent.length - 5000);
    if (!this.view || !this.ready) return undefined; // the next `ready` replays the conversation
    return this.view.webview.postMessage(message);
  }

  /** Bring the panel into view without taking focus from the editor. */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${VIEW_ID}.focus`, { preserveFocus: true });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Type and size of a dropped message, never its content (it may hold user code). */
function describe(raw: unknown): string {
  const type = typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type) : typeof raw;
  let size = 0;
  try { size = JSON.stringify(raw)?.length ?? 0; } catch { /* cyclic */ }
  return `type=${type.slice(0, 40)} (${size} chars)`;
}
