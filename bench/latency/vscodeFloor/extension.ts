/**
 * The simplest extension that streams into a webview view: bench:latency's floor inside VS Code. "Latency Floor:
 * Stream an Answer" reads one answer from the provider its settings point to (stream.ts) and calls
 * `webview.postMessage` once per delta, without awaiting it (awaiting would pace the stream by VS Code's RPC reply).
 * Whatever latency this pays in code-server, any extension pays; what the panel pays beyond it is ours.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { makeNonce, renderWebviewHtml } from '../../../src/extension/webviewHtml';
import { DeltaCoalescer } from '../../../src/core/deltaCoalescer';
import { PanelWindow } from '../../../src/core/panelWindow';
import { deltaMessage, isReady, type FloorMessage } from './messages';
import { streamAnswer, type FloorSettings } from './stream';

const VIEW = 'latencyFloor.view';

export function activate(context: vscode.ExtensionContext): void {
  let view: vscode.WebviewView | undefined;
  let markReady = () => {};
  let ready = new Promise<void>((resolve) => (markReady = resolve));
  let turns = 0;

  const provider: vscode.WebviewViewProvider = {
    resolveWebviewView(resolved) {
      view = resolved;
      ready = new Promise<void>((resolve) => (markReady = resolve));
      const webview = resolved.webview;
      const media = vscode.Uri.joinPath(context.extensionUri, 'media');
      webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
      webview.html = pageHtml(webview, media);
      context.subscriptions.push(
        webview.onDidReceiveMessage((raw: unknown) => {
          if (isReady(raw)) markReady();
        }),
        resolved.onDidDispose(() => (view = undefined)),
      );
    },
  };

  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(VIEW, provider),
    vscode.commands.registerCommand('latencyFloor.stream', async () => {
      if (!view) await vscode.commands.executeCommand(`${VIEW}.focus`);
      await ready;
      const webview = view!.webview;
      const post = (m: FloorMessage) => void webview.postMessage(m);
      const turnId = `floor-${++turns}`;
      const s = settings();
      // Paced: the panel's own pacing (the delta coalescer and the flow window by delivery, as chatHost wires them),
      // so the floor differs from the panel only in what is drawn, not in how many messages cross.
      const window = new PanelWindow();
      const paced = s.paced
        ? new DeltaCoalescer((text) => window.sent(webview.postMessage(deltaMessage(turnId, text))), 0, undefined, { window, maxHoldMs: window.maxHoldMs })
        : undefined;
      post({ type: 'turn-start', turnId });
      try {
        await streamAnswer(s, turnId, paced ? (m) => (m.type === 'delta' ? paced.push(m.text) : post(m)) : post);
      } catch (err) {
        void vscode.window.showErrorMessage(`Latency Floor: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        paced?.dispose();
        post({ type: 'turn-end', turnId });
      }
    }),
  );
}

function settings(): FloorSettings & { paced: boolean } {
  const c = vscode.workspace.getConfiguration('latencyFloor');
  return {
    provider: c.get('provider') === 'anthropic' ? 'anthropic' : 'openai',
    openaiBaseUrl: c.get('openaiBaseUrl', ''),
    openaiModel: c.get('openaiModel', 'gpt-4o-mini'),
    anthropicBaseUrl: c.get('anthropicBaseUrl', ''),
    anthropicModel: c.get('anthropicModel', 'claude-sonnet-4-20250514'),
    paced: c.get('paced', false),
  };
}

/** The panel's page shell (its CSP, one nonce'd script) with the panel's stylesheet, for the same text layout. */
function pageHtml(webview: vscode.Webview, media: vscode.Uri): string {
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString();
  return renderWebviewHtml({
    cspSource: webview.cspSource, nonce: makeNonce((n) => crypto.randomBytes(n)), scriptUri: uri('page.js'), styleUri: uri('panel.css'), title: 'Latency Floor',
  });
}

export function deactivate(): void {}
