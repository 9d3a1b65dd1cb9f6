import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StoredConversation } from '../../../src/core/chatEngine';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { EXTENSION_ID, nextTurn, selectLines, waitFor, useLocalProviders } from './helpers';

/** Bundles of this extension that Node has loaded so far (the extension host shares one module cache). */
const loadedBundles = () => Object.keys(require.cache).filter((k) => /[\\/]dist[\\/](providers[\\/]\w+|tokenizer)\.js$/.test(k)).map((k) => k.replace(/^.*[\\/]dist[\\/]/, ''));

const COMMANDS = [
  'streamExplain.explainSelection', 'streamExplain.cancel', 'streamExplain.showCostReport', 'streamExplain.setApiKey', 'streamExplain.newChat',
  'streamExplain.focusQuestion', 'streamExplain.readLastAnswer',
  'streamExplain.selectModel', 'streamExplain.explainProblem', 'streamExplain.explainDiff', 'streamExplain.explainSymbol', 'streamExplain.setPrice',
];

describe(`Stream Explain inside VS Code ${vscode.version} (${process.env.STREAM_EXPLAIN_E2E_HOST ?? 'unknown host'})`, () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  const config = () => vscode.workspace.getConfiguration('streamExplain');

  before(async () => {
    server = await startProviderServer();
    api = await useLocalProviders(server);
  });

  after(async () => {
    await api?.engine.cancel();
    await server?.close();
  });

  afterEach(async () => {
    await api.engine.cancel();
  });

  it('activates without loading the SDKs or the tokenizer', () => {
    assert.ok(Object.keys(require.cache).some((k) => /[\\/]dist[\\/]extension\.js$/.test(k)), 'dist/extension.js is loaded');
    assert.deepEqual(loadedBundles(), []);
  });

  it('registers every command, with its title and category in the palette', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of COMMANDS) assert.ok(all.includes(c), `${c} registered`);
    const pkg = vscode.extensions.getExtension('stream-explain.stream-explain')!.packageJSON as {
      contributes: { commands: Array<{ command: string; category: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
    };
    assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), [...COMMANDS].sort());
    assert.ok(pkg.contributes.commands.every((c) => c.category === 'Stream Explain'));
    const ctx = pkg.contributes.menus['editor/context'].find((m) => m.command === 'streamExplain.explainSelection');
    assert.equal(ctx?.when, 'editorHasSelection');
  });

  // Before any other turn: the tokenizer is not in memory yet (the test above), as in a window's first answer.
  it('a draft typed while the first answer streams: "estimate after this answer", the tokenizer loaded only after the answer', async () => {
    assert.ok(!loadedBundles().includes('tokenizer.js'), 'the tokenizer is not loaded yet');
    const { running, turn, before } = await startLongAnswer({ tokens: 300, tokensPerSecond: 100, deltas: 2 });
    // What the panel posts a quarter of a second after typing stops (here straight to the engine the host built).
    const drafted = api.engine.handle({ type: 'draft', text: 'Why a class?', seq: 1 });
    assert.ok(api.chatView.sent.slice(before).some((m) => m.type === 'draft-estimate-pending' && m.seq === 1), 'the panel is told the figures follow the answer');
    await waitFor(() => turn.deltas() >= 10, 'more tokens');
    assert.ok(!loadedBundles().includes('tokenizer.js'), 'not loaded while the answer streams');
    await running;
    await drafted;
    const end = await turn.end();
    const sent = api.chatView.sent.slice(before);
    const answered = sent.findIndex((m) => m.type === 'draft-estimate' && m.seq === 1);
    assert.ok(answered > sent.indexOf(end), 'the draft\'s figures come after the answer\'s end');
    assert.ok(loadedBundles().includes('tokenizer.js'));
  });

  it('explains a real selection: the panel opens and the turn streams to done with the exact scripted answer', async () => {
    const answer = 'It refills the bucket, then **spends** `cost` tokens if it can.\n\n```ts\nbucket.tryTake(2);\n```\n';
    server.enqueue({ kind: 'script', text: answer, tokensPerSecond: 150, ttftMs: 50 });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    const end = await turn.end();
    assert.equal(end.type, 'turn-end');
    assert.equal(end.type === 'turn-end' && end.finishReason, 'stop');
    assert.equal(turn.text(), answer);
    assert.ok(turn.deltas() > 1, `streamed in ${turn.deltas()} messages`);
    const start = turn.start();
    assert.equal(start.prompt.language, 'typescript');
    assert.equal(start.prompt.fileName, 'rateLimiter.ts');
    assert.match(start.prompt.code ?? '', /^ {2}tryTake\(cost = 1\): boolean \{[\s\S]*return true;\n {2}\}$/);
    const req = server.requests.at(-1)!;
    assert.equal(req.headers.authorization, 'Bearer e2e-openai-key', 'the key came from OPENAI_API_KEY');
    assert.match(JSON.stringify(req.body.messages), /tryTake\(cost = 1\)/);
    await waitFor(() => api.chatView.isReady, 'the panel webview to load and say ready');
    // The tokenizer may load too: the question's cost figures are counted once the answer has ended.
    assert.deepEqual(loadedBundles().filter((b) => b !== 'tokenizer.js'), ['providers/openai.js'], 'the first request loaded the OpenAI SDK bundle, and no other SDK');
    assert.equal(api.statusBar.stopVisible, false);
  });

  it('each delta posted to the open panel returns VS Code\'s delivery, and every one settles delivered (the flow window counts on them)', async () => {
    const post = api.chatView.post;
    const deliveries: Thenable<boolean>[] = [];
    api.chatView.post = function (m) {
      const delivery = post.call(this, m);
      if (m.type === 'delta' && delivery) deliveries.push(delivery);
      return delivery;
    };
    try {
      server.enqueue({ kind: 'script', tokens: 300, tokensPerSecond: 400 });
      await selectLines('rateLimiter.ts', 10, 18);
      await waitFor(() => api.chatView.isReady, 'the panel to be open');
      const before = api.chatView.sent.length;
      await vscode.commands.executeCommand('streamExplain.explainSelection');
      const turn = await nextTurn(api, before);
      assert.equal((await turn.end()).type, 'turn-end');
      assert.equal(deliveries.length, turn.deltas(), 'the panel was open: every delta went to it');
      assert.ok(deliveries.length > 10, `streamed in ${deliveries.length} messages`);
      assert.deepEqual(new Set(await Promise.all(deliveries)), new Set([true]), 'each one delivered to the webview');
    } finally {
      api.chatView.post = post;
    }
  });

  it('the Stop item shows only while streaming; cancelling ends the turn cancelled and the server sees the disconnect', async () => {
    server.enqueue({ kind: 'script', tokens: 3000, tokensPerSecond: 50 });
    await selectLines('rateLimiter.ts', 10, 18);
    assert.equal(api.statusBar.stopVisible, false);
    const before = api.chatView.sent.length;
    const running = vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    await waitFor(() => turn.deltas() >= 3, 'tokens to arrive');
    assert.equal(api.statusBar.stopVisible, true, 'Stop is visible while streaming');
    const request = server.requests.at(-1)!;
    await vscode.commands.executeCommand('streamExplain.cancel');
    await running;
    const end = await turn.end();
    assert.equal(end.type === 'turn-end' && end.finishReason, 'cancelled');
    assert.equal(end.type === 'turn-end' && end.usage.estimated, true);
    assert.ok(end.type === 'turn-end' && end.costUsd !== null && end.costUsd > 0, 'a cancelled answer still reports its cost');
    assert.equal(api.statusBar.stopVisible, false, 'Stop hides when the stream ends');
    await request.ended;
    assert.equal(request.clientDisconnected, true);
    assert.ok(turn.text().length > 0, 'partial text kept');
  });

  it('a second request cancels the first', async () => {
    server.enqueue({ kind: 'script', tokens: 3000, tokensPerSecond: 50 }, { kind: 'script', text: 'Second answer.' });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    const first = vscode.commands.executeCommand('streamExplain.explainSelection');
    const one = await nextTurn(api, before);
    await waitFor(() => one.deltas() >= 2, 'first answer streaming');
    const firstRequest = server.requests.at(-1)!;
    await selectLines('rateLimiter.ts', 2, 8);
    const mid = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    await first;
    const two = await nextTurn(api, mid);
    assert.notEqual(two.turnId, one.turnId);
    const [e1, e2] = [await one.end(), await two.end()];
    assert.equal(e1.type === 'turn-end' && e1.finishReason, 'cancelled');
    assert.equal(e2.type === 'turn-end' && e2.finishReason, 'stop');
    assert.equal(two.text(), 'Second answer.');
    await firstRequest.ended;
    assert.equal(firstRequest.clientDisconnected, true);
  });

  /** Starts a long, slow answer (explaining a selection) and waits for its first tokens. */
  async function startLongAnswer({ tokens = 3000, tokensPerSecond = 50, deltas = 3 } = {}) {
    server.enqueue({ kind: 'script', tokens, tokensPerSecond });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    const running = vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    await waitFor(() => turn.deltas() >= deltas, 'tokens to arrive');
    return { running, turn, before, request: server.requests.at(-1)! };
  }

  it('closing the panel (Hide) stops the stream: turn cancelled with its text, connection closed', async () => {
    const { running, turn, request } = await startLongAnswer();
    await waitFor(() => api.chatView.isReady, 'the panel to be open');
    await vscode.commands.executeCommand('streamExplain.chat.removeView');
    await running;
    const end = await turn.end();
    assert.equal(end.type === 'turn-end' && end.finishReason, 'cancelled');
    await request.ended;
    assert.equal(request.clientDisconnected, true);
    assert.equal(api.chatView.isReady, false, 'the view was disposed');
    const saved = api.engine.snapshot().find((t) => t.turnId === turn.turnId)!;
    assert.equal(saved.state, 'cancelled');
    assert.ok(saved.text.length > 0 && saved.text === turn.text(), 'partial text kept');
    // Open it again: the conversation comes back, the stopped turn in it.
    const sent = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.chat.focus');
    const history = await waitFor(() => api.chatView.sent.slice(sent).find((m) => m.type === 'history'), 'the panel to come back with the conversation');
    assert.ok(history.type === 'history' && history.turns.some((t) => t.turnId === turn.turnId && t.state === 'cancelled'));
  });

  it('deactivation (window reload or close) stops the stream and saves the stopped turn before the host goes', async () => {
    const { running, turn, request } = await startLongAnswer();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    // The extension's own module, as the host loaded it: its deactivate is what a reload calls.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(require.resolve(ext.extensionPath + '/dist/extension.js')) as { deactivate(): Promise<void> | undefined };
    const done = mod.deactivate();
    assert.ok(done instanceof Promise, 'deactivate returns a promise for the host to wait on');
    await done;
    // What deactivation wrote to workspaceState, read before anything else runs: the next window restores this.
    const stored = api.workspaceState.get<StoredConversation>('streamExplain.conversation')?.turns.find((t) => t.snapshot.turnId === turn.turnId);
    assert.equal(stored?.snapshot.state, 'cancelled', 'saved for the next window');
    await request.ended;
    assert.equal(request.clientDisconnected, true, 'the server saw the client go');
    await running;
    const end = await turn.end();
    assert.equal(end.type === 'turn-end' && end.finishReason, 'cancelled');
    assert.ok(end.type === 'turn-end' && end.costUsd !== null && end.costUsd > 0, 'with its estimated cost');
    assert.ok(turn.text().length > 0);
    assert.equal(stored?.snapshot.text, turn.text(), 'with all the text the panel showed');
    assert.equal(stored?.snapshot.end?.usage.estimated, true);
    assert.ok((stored?.snapshot.end?.costUsd ?? 0) > 0, 'and its estimated cost');
  });

  it('with no selection, explains the enclosing block; on a blank file, sends nothing', async () => {
    server.enqueue({ kind: 'script', text: 'Block.' });
    const editor = await selectLines('rateLimiter.ts', 12, 12);
    editor.selection = new vscode.Selection(11, 4, 11, 4); // cursor inside tryTake
    let before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    await turn.end();
    assert.match(turn.start().prompt.code ?? '', /tryTake\(cost = 1\)[\s\S]*return true;/);

    const blank = await vscode.workspace.openTextDocument({ content: '\n\n\n', language: 'plaintext' });
    await vscode.window.showTextDocument(blank);
    const requests = server.requests.length;
    before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    assert.equal(server.requests.length, requests, 'no request for nothing');
    assert.equal(api.chatView.sent.length, before, 'no turn either');
  });

  it('a missing key sends nothing and asks for one (Set API Key)', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      await config().update('provider', 'anthropic', vscode.ConfigurationTarget.Global);
      await selectLines('rateLimiter.ts', 10, 18);
      const requests = server.requests.length;
      const before = api.chatView.sent.length;
      await vscode.commands.executeCommand('streamExplain.explainSelection');
      const turn = await nextTurn(api, before);
      const end = await turn.end();
      assert.equal(end.type, 'turn-error');
      assert.equal(end.type === 'turn-error' && end.error.action, 'set-api-key');
      assert.match(end.type === 'turn-error' ? end.error.message : '', /ANTHROPIC_API_KEY/);
      assert.equal(server.requests.length, requests);
    } finally {
      process.env.ANTHROPIC_API_KEY = saved;
      await config().update('provider', 'openai', vscode.ConfigurationTarget.Global);
    }
  });

  it('streams from Anthropic through its SDK as well', async () => {
    await config().update('provider', 'anthropic', vscode.ConfigurationTarget.Global);
    try {
      server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-basic-sonnet-4', delayMs: 10 });
      await selectLines('rateLimiter.ts', 10, 18);
      const before = api.chatView.sent.length;
      await vscode.commands.executeCommand('streamExplain.explainSelection');
      const turn = await nextTurn(api, before);
      const end = await turn.end();
      assert.equal(end.type === 'turn-end' && end.usage.outputTokens, 38);
      assert.equal(turn.text(), 'Olá! (That\'s "hi" in Portuguese)\n\nYou could also say "Oi!" which is a more casual way to say hi in Portuguese.');
      assert.equal(server.requests.at(-1)!.path, '/v1/messages');
    } finally {
      await config().update('provider', 'openai', vscode.ConfigurationTarget.Global);
    }
  });

  it('drops invalid messages from the panel, and no key ever reaches the panel or the saved conversation', async () => {
    const dropped = api.chatView.dropped;
    const before = api.chatView.sent.length;
    for (const bad of [{ type: 'eval', code: 'x' }, { type: 'ask', text: '' }, { type: 'cancel', turnId: '<script>' }, 'ready', null]) {
      assert.equal(api.chatView.receive(bad), false);
    }
    assert.equal(api.chatView.dropped, dropped + 5);
    assert.equal(api.chatView.sent.length, before, 'nothing happened');
    const everything = JSON.stringify([api.chatView.sent, api.engine.snapshot(), api.engine.exportTurns(), api.engine.ledger.all()]);
    for (const key of ['e2e-openai-key', 'e2e-anthropic-key']) assert.ok(!everything.includes(key), `${key} leaked`);
  });

  it('the cost report page opens on the persistent ledger: totals by period and a row per model, estimated figures counted', async () => {
    await api.ledger.flushed();
    const { records } = await api.ledger.store.read();
    assert.ok(records.length >= 5, `${records.length} requests recorded`);
    const [sent, received] = [api.report()?.sent.length ?? 0, api.report()?.received.length ?? 0];
    await vscode.commands.executeCommand('streamExplain.showCostReport');
    const report = api.report()!;
    // The page's script ran under its CSP and asked for its data; the host answered with the report.
    await waitFor(() => report.received.slice(received).includes('ready'), 'the report page to load');
    const message = await waitFor(() => report.sent.slice(sent).find((m) => m.type === 'report'), 'the report');
    assert.equal(message.type, 'report');
    const data = message.data;
    assert.equal(data.periods.allTime.requests, records.length);
    assert.equal(data.periods.today.requests, records.length, 'every request of this run is today');
    const mini = records.filter((r) => r.provider === 'openai' && r.model === 'gpt-4o-mini');
    assert.ok(mini.some((r) => r.finish === 'stopped' && r.estimated), 'a stopped request was recorded with estimated tokens');
    const row = data.models.find((m) => m.provider === 'openai' && m.model === 'gpt-4o-mini');
    assert.equal(row?.requests, mini.length);
    assert.equal(row?.estimated, mini.filter((r) => r.estimated).length, 'its estimated requests are counted');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
