import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ChatEngine, type StoredConversation } from '../../../src/core/chatEngine';
import type { HostMessage } from '../../../src/core/protocol';
import type { ModelPickItem } from '../../../src/extension/modelPicker';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { readEngineSettings } from '../../../src/extension/settings';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { nextTurn, selectLines, waitFor, useLocalProviders } from './helpers';

const GPT = 'gpt-4o-mini';
const CLAUDE = 'claude-sonnet-4-20250514';

describe('Stream Explain: Select Model, inside VS Code', () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  const config = () => vscode.workspace.getConfiguration('streamExplain');
  const g = vscode.ConfigurationTarget.Global;

  before(async () => {
    server = await startProviderServer();
    api = await useLocalProviders(server, { openai: GPT, anthropic: CLAUDE });
    await api.engine.newChat();
  });

  after(async () => {
    await api?.engine.cancel();
    await api?.engine.newChat();
    await config().update('provider', 'openai', g);
    await config().update('openai.model', GPT, g);
    await server?.close();
  });

  /**
   * Run the command, wait for its quick pick to list, type `pick`'s model id into it as a user would (the workbench
   * filters and makes the first match active, and tells the extension), then accept it as Enter would.
   */
  async function selectModel(pick: (items: readonly ModelPickItem[]) => ModelPickItem | undefined): Promise<readonly ModelPickItem[]> {
    const running = vscode.commands.executeCommand('streamExplain.selectModel');
    const qp = await waitFor(() => { const q = api.modelPicker.active; return q && !q.busy && q.items.length > 0 && q; }, 'the model picker to list');
    const items = [...qp.items];
    const row = pick(items);
    assert.ok(row, `a row to pick among ${items.map((i) => i.label).join(', ')}`);
    qp.value = row.model ?? '';
    await waitFor(() => qp.activeItems[0] === row, `the workbench to make ${row.model} the active row`);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await running;
    return items;
  }

  const lastModelMessage = () => [...api.chatView.sent].reverse().find((m): m is Extract<HostMessage, { type: 'model' }> => m.type === 'model');

  it('the chosen model answers the next request, the panel is told, and the choice is saved for the next window', async () => {
    const sentBefore = api.chatView.sent.length;
    const items = await selectModel((rows) => rows.find((r) => r.provider === 'anthropic' && r.model === CLAUDE));
    // OpenAI and Anthropic have keys (run.mjs sets them) and the local server lists their models; the VS Code
    // language models need no key (the test companion registers one); Azure has no key here, so it is left out.
    const separators = items.filter((i) => i.kind === vscode.QuickPickItemKind.Separator).map((i) => i.label);
    assert.deepEqual(separators, ['OpenAI', 'Anthropic', 'VS Code language model']);
    const current = items.find((i) => i.current)!;
    assert.deepEqual([current.provider, current.model], ['openai', GPT], 'the current model is marked');
    assert.match(current.description ?? '', /current · \$0\.15 \/ \$0\.60 per 1M tokens/);
    assert.deepEqual(items.filter((i) => i.provider === 'anthropic').map((i) => i.model).sort(),
      ['claude-haiku-5-5', 'claude-sonnet-4-20250514', 'claude-sonnet-5-5'], 'the live Anthropic list, every page');

    assert.deepEqual(api.engine.modelChoice, { provider: 'anthropic', model: CLAUDE });
    assert.deepEqual(api.chatView.sent.slice(sentBefore).filter((m) => m.type === 'model'), [{ type: 'model', provider: 'anthropic', model: CLAUDE }]);

    server.enqueue({ kind: 'script', text: 'Answered by Claude.' });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    await turn.end();
    assert.equal(turn.text(), 'Answered by Claude.');
    assert.deepEqual([turn.start().provider, turn.start().model], ['anthropic', CLAUDE]);
    const req = server.requests.at(-1)!;
    assert.equal(req.wire, 'anthropic', 'the request went to the Messages API');
    assert.equal(req.body.model, CLAUDE);
    assert.equal(config().get('provider'), 'openai', 'the settings are untouched');

    // What the next window restores: the turn and the choice; a conversation restored from it asks Claude again.
    const saved = await waitFor(() => {
      const s = api.workspaceState.get<StoredConversation>('streamExplain.conversation');
      return s?.model && s.turns.some((t) => t.snapshot.turnId === turn.turnId && t.snapshot.state === 'done') && s;
    }, 'the conversation to be saved with its model');
    assert.deepEqual(saved.model, { provider: 'anthropic', model: CLAUDE });
    const posted: HostMessage[] = [];
    const reloaded = new ChatEngine({
      post: (m) => { posted.push(m); }, settings: readEngineSettings, getApiKey: async (p) => (p === 'anthropic' ? process.env.ANTHROPIC_API_KEY : process.env.OPENAI_API_KEY),
      loadProvider: async () => { throw new Error('not used'); },
    }, saved);
    await reloaded.handle({ type: 'ready' });
    assert.deepEqual(posted.find((m) => m.type === 'model'), { type: 'model', provider: 'anthropic', model: CLAUDE });
  });

  it('the model used last is offered first next time; choosing the other provider’s model switches back', async () => {
    const items = await selectModel((rows) => rows.find((r) => r.provider === 'openai' && r.model === GPT));
    assert.equal(items[0].label, 'Recently used');
    assert.deepEqual([items[1].provider, items[1].model], ['anthropic', CLAUDE]);
    assert.deepEqual(lastModelMessage(), { type: 'model', provider: 'openai', model: GPT });
    server.enqueue({ kind: 'script', text: 'Answered by GPT.' });
    const before = api.chatView.sent.length;
    void api.engine.ask('And now?');
    const turn = await nextTurn(api, before);
    await turn.end();
    assert.equal(server.requests.at(-1)!.wire, 'openai');
    assert.equal(turn.start().provider, 'openai');
  });

  it('“Use as default” writes the settings; the conversation follows them; a settings change reaches the panel', async () => {
    await api.modelPicker.makeDefault({ provider: 'anthropic', model: 'claude-opus-5' });
    assert.equal(config().get('provider'), 'anthropic');
    assert.equal(config().get('anthropic.model'), 'claude-opus-5');
    assert.equal(api.engine.modelChoice, undefined, 'no per-conversation choice left: the default applies');
    assert.deepEqual(api.engine.currentModel(), { provider: 'anthropic', model: 'claude-opus-5' });
    await waitFor(() => lastModelMessage()?.model === 'claude-opus-5' && true, 'the panel to be told');
    await config().update('anthropic.model', CLAUDE, g);
    await waitFor(() => lastModelMessage()?.model === CLAUDE && true, 'the settings change to reach the panel');
  });
});
