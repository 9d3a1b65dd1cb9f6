import * as assert from 'node:assert/strict';
import { ChatEngine, type ChatEngineDeps, type EngineSettings, type StoredConversation, type StoredTurn } from '../../src/core/chatEngine';
import { buildHistory, continuationMessages } from '../../src/core/conversation/history';
import { restoreConversation } from '../../src/core/conversation/persistence';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import type { HostMessage } from '../../src/core/protocol';
import { parseHostMessage } from '../../src/core/protocolParse';
import type { ProviderId } from '../../src/core/provider';
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import { o200kCounter } from '../../src/core/tokenizer';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { TEST_KEY } from './helpers';

const CLAUDE = 'claude-sonnet-4-20250514';

describe('Conversation: the model chosen for it is used, saved and restored', () => {
  let server: ProviderServer;
  let posted: HostMessage[];
  let saves: StoredConversation[];
  let defaultProvider: ProviderId;

  beforeEach(async () => {
    server = await startProviderServer();
    posted = [];
    saves = [];
    defaultProvider = 'openai';
  });
  afterEach(async () => { await server.close(); });

  /** Settings as the extension reads them: each provider with its own model and base URL. */
  const settingsFor = (provider: ProviderId = defaultProvider): EngineSettings => ({
    provider, model: provider === 'openai' ? 'gpt-4o-mini' : CLAUDE,
    baseUrl: provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl,
    maxOutputTokens: 256, maxInputTokens: 32_000, idleTimeoutMs: 5000, totalTimeoutMs: 60_000, prices: DEFAULT_PRICES,
  });

  function engine(restored?: StoredConversation | StoredTurn[], extra: Partial<ChatEngineDeps> = {}): ChatEngine {
    const e: ChatEngine = new ChatEngine({
      post: (m) => {
        assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), `invalid message posted: ${JSON.stringify(m)}`);
        posted.push(m);
      },
      settings: settingsFor,
      getApiKey: async () => TEST_KEY,
      loadProvider: async (id) => (id === 'openai' ? createOpenAIProvider : createAnthropicProvider),
      loadTokenCounter: async () => o200kCounter,
      onConversationChange: () => saves.push(JSON.parse(JSON.stringify(e.exportConversation())) as StoredConversation),
      ...extra,
    }, restored);
    return e;
  }

  const modelMessages = () => posted.filter((m): m is Extract<HostMessage, { type: 'model' }> => m.type === 'model');

  it('a conversation without a choice follows the settings’ default', async () => {
    const e = engine();
    assert.equal(e.modelChoice, undefined);
    assert.deepEqual(e.currentModel(), { provider: 'openai', model: 'gpt-4o-mini' });
    defaultProvider = 'anthropic';
    assert.deepEqual(e.currentModel(), { provider: 'anthropic', model: CLAUDE }, 'read fresh, so a settings change applies');
    server.enqueue({ kind: 'script', text: 'Default.' });
    await e.explain({ code: 'a()' });
    assert.equal(server.requests.at(-1)!.wire, 'anthropic');
    assert.equal(saves.at(-1)!.model, undefined, 'no model saved: a later settings change still applies');
  });

  it('the next request goes to the chosen provider and model, over the settings’ default', async () => {
    const e = engine();
    e.setModel({ provider: 'anthropic', model: 'claude-haiku-4-5-20251001' });
    assert.deepEqual(modelMessages().at(-1), { type: 'model', provider: 'anthropic', model: 'claude-haiku-4-5-20251001' }, 'the panel is told');
    assert.deepEqual(saves.at(-1)!.model, { provider: 'anthropic', model: 'claude-haiku-4-5-20251001' }, 'the choice is saved at once');
    server.enqueue({ kind: 'script', text: 'From Haiku.' });
    await e.explain({ code: 'a()' });
    const req = server.requests.at(-1)!;
    assert.equal(req.wire, 'anthropic', 'sent to the Anthropic Messages API');
    assert.equal(req.body.model, 'claude-haiku-4-5-20251001');
    assert.equal(req.headers.authorization, `Bearer ${TEST_KEY}`, 'with the Anthropic key');
    const start = posted.find((m): m is Extract<HostMessage, { type: 'turn-start' }> => m.type === 'turn-start')!;
    assert.deepEqual([start.provider, start.model], ['anthropic', 'claude-haiku-4-5-20251001'], 'the turn shows the model that answered it');
    assert.equal(e.ledger.all()[0].provider, 'anthropic');
    assert.notEqual(e.ledger.all()[0].costUsd, null, 'priced from the chosen provider’s table');
  });

  it('the choice survives a reload: saved with the turns, restored, and used by the next request', async () => {
    const first = engine();
    first.setModel({ provider: 'anthropic', model: CLAUDE });
    server.enqueue({ kind: 'script', text: 'Before the reload.' });
    await first.explain({ code: 'a()' });
    const saved = saves.at(-1)!;
    assert.deepEqual(saved.model, { provider: 'anthropic', model: CLAUDE });
    assert.equal(saved.turns.length, 1);

    posted = [];
    const reloaded = engine(saved);
    assert.deepEqual(reloaded.modelChoice, { provider: 'anthropic', model: CLAUDE });
    await reloaded.handle({ type: 'ready' });
    assert.deepEqual(posted.map((m) => m.type), ['history', 'model'], 'the panel gets the conversation, then its model');
    assert.deepEqual(modelMessages()[0], { type: 'model', provider: 'anthropic', model: CLAUDE });
    server.enqueue({ kind: 'script', text: 'After the reload.' });
    await reloaded.ask('And then?');
    const req = server.requests.at(-1)!;
    assert.equal(req.wire, 'anthropic');
    assert.equal(req.body.model, CLAUDE);
    assert.match(JSON.stringify(req.body.messages), /Before the reload\./, 'with the restored turns as history');
  });

  it('a save taken while streaming carries the choice too', async () => {
    const e = engine(undefined, { checkpointMs: 50 });
    e.setModel({ provider: 'anthropic', model: CLAUDE });
    saves = [];
    server.enqueue({ kind: 'script', tokens: 40, tokensPerSecond: 200 });
    await e.explain({ code: 'a()' });
    const midStream = saves.filter((s) => s.turns[0]?.snapshot.end?.finishReason === 'cancelled');
    assert.ok(midStream.length >= 1, `${midStream.length} saves while streaming`);
    for (const s of saves) assert.deepEqual(s.model, { provider: 'anthropic', model: CLAUDE });
  });

  it('a new chat goes back to the settings’ default and tells the panel before clearing it', async () => {
    const e = engine();
    e.setModel({ provider: 'anthropic', model: CLAUDE });
    posted = [];
    await e.newChat();
    assert.equal(e.modelChoice, undefined);
    assert.deepEqual(posted.map((m) => m.type), ['model', 'clear']);
    assert.deepEqual(modelMessages()[0], { type: 'model', provider: 'openai', model: 'gpt-4o-mini' });
    assert.deepEqual(saves.at(-1), { turns: [] });
  });

  it('setModel(undefined) returns the conversation to the default', () => {
    const e = engine();
    e.setModel({ provider: 'anthropic', model: CLAUDE });
    e.setModel(undefined);
    assert.deepEqual(e.currentModel(), { provider: 'openai', model: 'gpt-4o-mini' });
    assert.deepEqual(modelMessages().at(-1), { type: 'model', provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('the panel’s model button reaches the host as select-model', async () => {
    let asked = 0;
    const e = engine(undefined, { onSelectModel: () => asked++ });
    await e.handle({ type: 'select-model' });
    assert.equal(asked, 1);
  });
});

describe('Conversation persistence: what a reload comes back to', () => {
  const turn = (turnId: string, state: StoredTurn['snapshot']['state'], text: string): StoredTurn => ({
    content: `q ${turnId}`, superseded: false,
    snapshot: { turnId, prompt: { text: 'q' }, provider: 'openai', model: 'gpt-4o-mini', state, text },
  });

  it('restores the bare array of turns saved before the picker, with no model choice', () => {
    const restored = restoreConversation([turn('a', 'done', 'A.'), turn('b', 'streaming', 'B so far')]);
    assert.equal(restored.model, undefined);
    assert.deepEqual(restored.turns.map((t) => [t.snapshot.turnId, t.snapshot.state, t.snapshot.text]), [['a', 'done', 'A.'], ['b', 'cancelled', 'B so far']]);
  });

  it('keeps a saved choice only when it names a known provider and a model', () => {
    const turns = [turn('a', 'done', 'A.')];
    assert.deepEqual(restoreConversation({ turns, model: { provider: 'anthropic', model: CLAUDE } }).model, { provider: 'anthropic', model: CLAUDE });
    for (const model of [{ provider: 'gemini', model: 'x' }, { provider: 'openai', model: '  ' }, { provider: 'openai' }, 'openai', null]) {
      const r = restoreConversation({ turns, model } as unknown as StoredConversation);
      assert.equal(r.model, undefined, JSON.stringify(model));
      assert.equal(r.turns.length, 1);
    }
  });

  it('restoring copies: changing the engine’s turns does not change what was saved', () => {
    const saved: StoredConversation = { turns: [turn('a', 'done', 'A.')] };
    const restored = restoreConversation(saved);
    restored.turns[0].snapshot.text = 'changed';
    assert.equal(saved.turns[0].snapshot.text, 'A.');
  });

  it('history for the model leaves out superseded, unanswered turns and drops the oldest beyond the budget', () => {
    const superseded = { ...turn('s', 'error', 'Half'), superseded: true };
    const turns = [turn('old', 'done', 'x'.repeat(4000)), superseded, turn('empty', 'cancelled', ''), turn('new', 'done', 'Recent.')];
    assert.deepEqual(buildHistory(turns, 100), [{ role: 'user', content: 'q new' }, { role: 'assistant', content: 'Recent.' }]);
    assert.equal(buildHistory(turns, 100_000).length, 4);
  });

  it('a continuation prefills the partial answer where the API allows it, and asks to go on where not', () => {
    const prefilled = continuationMessages(true, [], turn('c', 'error', 'Half an answer '), 'Half an answer ');
    assert.deepEqual(prefilled.at(-1), { role: 'assistant', content: 'Half an answer' });
    const asked = continuationMessages(false, [], turn('c', 'error', 'Half an answer '), 'Half an answer ');
    assert.deepEqual(asked.at(-2), { role: 'assistant', content: 'Half an answer ' });
    assert.equal(asked.at(-1)!.role, 'user');
  });
});
