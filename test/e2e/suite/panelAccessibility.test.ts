/**
 * The host side of the panel's accessibility inside a real VS Code: keybindings that clash with none of VS Code's
 * defaults, the announce setting reaching the panel, progress while nothing has arrived, Focus Question Box and
 * Read Last Answer.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { EXTENSION_ID, nextTurn, selectLines, waitFor, useLocalProviders } from './helpers';

interface Keybinding { key: string; command: string; when?: string; mac?: string }

/** "Ctrl+Alt+/" and "alt+ctrl+/" are the same key; chords keep their order. */
const normalise = (key: string) => key.toLowerCase().split(' ').map((part) => part.split('+').sort().join('+')).join(' ');

describe(`Accessibility inside VS Code ${vscode.version}`, () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  const config = () => vscode.workspace.getConfiguration('streamExplain');

  before(async () => {
    server = await startProviderServer();
    api = await useLocalProviders(server);
  });

  after(async () => {
    await api?.engine.cancel();
    await config().update('accessibility.announce', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  it("no keybinding of the extension is one of VS Code's default keybindings", async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString().includes('keybindings') && vscode.window.activeTextEditor.document, 'the default keybindings');
    const defaults = JSON.parse(doc.getText().replace(/^\s*\/\/.*$/gm, '')) as Keybinding[];
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(defaults.length > 500, `${defaults.length} default keybindings read`);
    const ours = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { keybindings: Keybinding[] } }).contributes.keybindings;
    assert.ok(ours.length >= 3);
    assert.equal(new Set(ours.map((k) => normalise(k.key))).size, ours.length, 'each of ours is a different key');
    assert.equal(new Set(ours.map((k) => normalise(k.mac ?? k.key))).size, ours.length, 'on macOS too');
    for (const k of ours) {
      const clashes = defaults.filter((d) => normalise(d.key) === normalise(k.key) && !d.command.startsWith('streamExplain.') && !d.command.startsWith('-'));
      assert.deepEqual(clashes.map((d) => `${d.command} (${d.when ?? 'always'})`), [], `${k.command}: ${k.key}`);
    }
  });

  it('the panel gets the announce setting when it loads and whenever it changes', async () => {
    await vscode.commands.executeCommand('streamExplain.focusQuestion');
    await waitFor(() => api.chatView.isReady, 'the panel to load');
    const settings = () => api.chatView.sent.filter((m) => m.type === 'a11y-settings');
    await waitFor(() => settings().length > 0, 'the setting to reach the panel');
    assert.deepEqual(settings().at(-1), { type: 'a11y-settings', announce: 'complete' });
    await config().update('accessibility.announce', 'sentences', vscode.ConfigurationTarget.Global);
    await waitFor(() => settings().at(-1)?.announce === 'sentences', 'the changed setting to reach the panel');
  });

  it("shows VS Code's progress on the panel from the request until the first token, and keeps the editor focused", async () => {
    server.enqueue({ kind: 'script', text: 'It refills the bucket. Then it takes tokens.', tokensPerSecond: 40, ttftMs: 1500 });
    const editor = await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    const running = vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    assert.equal(api.accessibility.progress.isShowing, true, 'progress while nothing has arrived');
    await waitFor(() => turn.deltas() > 0, 'the first token');
    assert.equal(api.accessibility.progress.isShowing, false, 'progress ends with the first token');
    await running;
    await turn.end();
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the editor stays the active editor');
  });

  it('Focus Question Box asks the panel to focus its input; Read Last Answer opens the last answer as Markdown', async () => {
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.focusQuestion');
    await waitFor(() => api.chatView.sent.slice(before).some((m) => m.type === 'focus-input'), 'focus-input to be posted');
    const opened = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('streamExplain.readLastAnswer');
    const doc = opened?.document ?? vscode.window.activeTextEditor!.document;
    assert.equal(doc.languageId, 'markdown');
    assert.equal(doc.getText(), '# Answer from gpt-4o-mini\n\nQuestion: Explain this code.\nCode: rateLimiter.ts\n\nIt refills the bucket. Then it takes tokens.\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
