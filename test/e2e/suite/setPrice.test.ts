import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/core/protocol';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { readEngineSettings } from '../../../src/extension/settings';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { nextTurn, useLocalProviders, waitFor } from './helpers';

type Rows = Record<string, Record<string, Record<string, number | null>>>;

describe('Set a price inside VS Code', () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  const config = () => vscode.workspace.getConfiguration('streamExplain');
  const g = vscode.ConfigurationTarget.Global;
  const userRows = () => (config().inspect<Rows>('prices')?.globalValue ?? {}) as Rows;

  before(async () => {
    server = await startProviderServer();
    api = await useLocalProviders(server);
    await config().update('prices', { anthropic: { 'my-claude': { input: 9, output: 9 } } }, g);
  });

  after(async () => {
    await config().update('prices', undefined, g);
    await config().update('openai.model', 'gpt-4o-mini', g);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api?.engine.cancel();
    await server?.close();
  });

  it('the panel’s "set a price" writes the model’s row into the user’s settings.json and opens it there, the cursor on the first price', async () => {
    assert.ok(api.chatView.receive({ type: 'set-price', provider: 'openai', model: 'my-finetune' }));
    await waitFor(() => userRows().openai?.['my-finetune'], 'the row in the user settings');
    assert.deepEqual(userRows().openai['my-finetune'], { input: null, output: null, cacheRead: null, cacheWrite: null });
    assert.deepEqual(userRows().anthropic, { 'my-claude': { input: 9, output: 9 } }, 'the user’s other rows are kept');

    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e && /settings\.json$/.test(e.document.uri.path) && e.document.getText(e.selection) === 'null' ? e : undefined;
    }, 'settings.json open with the row selected');
    const text = editor.document.getText();
    const at = editor.document.offsetAt(editor.selection.start);
    assert.ok(at > text.indexOf('"streamExplain.prices"') && at > text.indexOf('"my-finetune"'), 'the selection is in the new row');
    assert.match(editor.document.lineAt(editor.selection.start.line).text, /"input": null/);
    assert.equal(editor.document.isDirty, false, 'the file is left saved (a dirty settings.json blocks every later settings write)');

    // Unfilled, the row prices nothing: the model stays "price unknown", never $0.
    assert.equal(readEngineSettings('openai').prices.openai?.['my-finetune'], undefined);
  });

  it('once filled in, the price is used and the ledger says it came from the settings; asking again keeps the row', async () => {
    await config().update('prices', { ...userRows(), openai: { 'my-finetune': { input: 2, output: 8, cacheRead: null, cacheWrite: null } } }, g);
    assert.deepEqual(readEngineSettings('openai').prices.openai?.['my-finetune'], { input: 2, output: 8, source: 'settings' });

    await config().update('openai.model', 'my-finetune', g);
    server.enqueue({ kind: 'script', text: 'Priced by you.', tokensPerSecond: 200, ttftMs: 10 });
    const since = api.chatView.sent.length;
    assert.ok(api.chatView.receive({ type: 'ask', text: 'What does tryTake return?' }));
    const turn = await nextTurn(api, since);
    await turn.end();
    const end = turn.ended() as Extract<HostMessage, { type: 'turn-end' }>;
    assert.equal(typeof end.costUsd, 'number', 'priced, not "local" or unknown');
    await api.ledger.flushed();
    const records = await api.ledger.recordsSince(Date.now() - 60_000);
    assert.equal(records.find((r) => r.turnId === turn.turnId)?.priceSource, 'settings');

    // From the palette (no arguments): the model the next request goes to; its filled row is left alone.
    await vscode.commands.executeCommand('streamExplain.setPrice');
    assert.deepEqual(userRows().openai['my-finetune'], { input: 2, output: 8, cacheRead: null, cacheWrite: null });
  });

  it('a set-price message for an unknown provider never reaches the command', async () => {
    const before = JSON.stringify(userRows());
    assert.equal(api.chatView.receive({ type: 'set-price', provider: 'evil', model: 'x' }), false);
    assert.equal(JSON.stringify(userRows()), before);
  });
});
