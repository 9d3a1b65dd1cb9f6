import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/core/protocol';
import type { StreamExplainApi } from '../../../src/extension/extension';
import type { ProviderServer } from '../../server/providerServer';

export const EXTENSION_ID = 'stream-explain.stream-explain';

export async function extensionApi(): Promise<StreamExplainApi> {
  const ext = vscode.extensions.getExtension<StreamExplainApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  return ext.activate();
}

/**
 * Points both SDK providers at the local provider server, with OpenAI as the provider and the models the suites
 * script, and returns the extension's API (the set-up every in-host suite starts with).
 */
export async function useLocalProviders(server: ProviderServer, models = { openai: 'gpt-4o-mini', anthropic: 'claude-sonnet-4-20250514' }): Promise<StreamExplainApi> {
  const config = vscode.workspace.getConfiguration('streamExplain');
  const g = vscode.ConfigurationTarget.Global;
  await config.update('provider', 'openai', g);
  await config.update('openai.baseUrl', server.openaiBaseUrl, g);
  await config.update('openai.model', models.openai, g);
  await config.update('anthropic.baseUrl', server.anthropicBaseUrl, g);
  await config.update('anthropic.model', models.anthropic, g);
  return extensionApi();
}

/** Poll until `predicate` returns a value, failing with `what` after `ms`. */
export async function waitFor<T>(predicate: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = predicate();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e run must open the sample workspace');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

/** Open a workspace file and select 1-based inclusive lines. */
export async function selectLines(name: string, first: number, last: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = new vscode.Selection(first - 1, 0, last - 1, doc.lineAt(last - 1).text.length);
  return editor;
}

type Msg<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

/** Messages the extension posted to the panel for one turn. */
export class TurnTrace {
  constructor(private readonly api: StreamExplainApi, readonly turnId: string) {}

  private mine(): HostMessage[] {
    return this.api.chatView.sent.filter((m) => 'turnId' in m && m.turnId === this.turnId);
  }

  text(): string {
    return this.mine().filter((m): m is Msg<'delta'> => m.type === 'delta').map((m) => m.text).join('');
  }

  deltas(): number {
    return this.mine().filter((m) => m.type === 'delta').length;
  }

  ended(): Msg<'turn-end'> | Msg<'turn-error'> | undefined {
    return this.mine().find((m): m is Msg<'turn-end'> | Msg<'turn-error'> => m.type === 'turn-end' || m.type === 'turn-error');
  }

  start(): Msg<'turn-start'> {
    return this.mine().find((m): m is Msg<'turn-start'> => m.type === 'turn-start')!;
  }

  async end(ms = 30_000): Promise<Msg<'turn-end'> | Msg<'turn-error'>> {
    return waitFor(() => this.ended(), `turn ${this.turnId} to end`, ms);
  }
}

/** The next turn the extension starts after `since` messages were sent. */
export async function nextTurn(api: StreamExplainApi, since: number): Promise<TurnTrace> {
  const start = await waitFor(
    () => api.chatView.sent.slice(since).find((m): m is Msg<'turn-start'> => m.type === 'turn-start'),
    'a turn to start',
  );
  return new TurnTrace(api, start.turnId);
}
