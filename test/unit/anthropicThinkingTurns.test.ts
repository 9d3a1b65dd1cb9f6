import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ChatEngine, type StoredConversation } from '../../src/core/chatEngine';
import { validateSettings } from '../../src/core/engineSettings';
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { transcriptPath } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';
import { TEST_KEY } from './helpers';

type Sent = { model: string; max_tokens?: number; max_completion_tokens?: number; thinking?: unknown; messages: Array<{ role: string; content: unknown }> };
const sent = (server: ProviderServer, i: number) => server.requests[i].body as unknown as Sent;

/** The thinking block the recorded answer carries, read off the transcript's data lines. */
function recordedBlock(): { thinking: string; signature: string } {
  let thinking = '';
  let signature = '';
  for (const line of fs.readFileSync(transcriptPath('anthropic-messages-thinking.ASSEMBLED'), 'utf8').split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const d = (JSON.parse(line.slice(6)) as { delta?: { type?: string; thinking?: string; signature?: string } }).delta;
    if (d?.type === 'thinking_delta') thinking += d.thinking;
    if (d?.type === 'signature_delta') signature += d.signature;
  }
  return { thinking, signature };
}

describe('Anthropic extended thinking across turns', () => {
  let server: ProviderServer;
  beforeEach(async () => { server = await startProviderServer(); });
  afterEach(async () => { await server.close(); });

  it('the request carries `thinking` and max_tokens = budget + maxOutputTokens only when the setting is on', async () => {
    const on = new EngineHarness(server, 'anthropic', { thinkingBudgetTokens: 2048, maxOutputTokens: 512 });
    await on.engine.ask('first');
    assert.deepEqual(sent(server, 0).thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.equal(sent(server, 0).max_tokens, 2560);

    const off = new EngineHarness(server, 'anthropic', { thinkingBudgetTokens: 0, maxOutputTokens: 512 });
    await off.engine.ask('second');
    assert.equal('thinking' in sent(server, 1), false);
    assert.equal(sent(server, 1).max_tokens, 512);

    // Other providers never get it, whatever the setting says.
    const openai = new EngineHarness(server, 'openai', { thinkingBudgetTokens: 2048, maxOutputTokens: 512 });
    await openai.engine.ask('third');
    assert.equal('thinking' in sent(server, 2), false);
    assert.equal(sent(server, 2).max_completion_tokens, 512);
  });

  it('a follow-up sends the signed thinking block back unchanged, first in the assistant turn; the panel never sees it', async () => {
    const h = new EngineHarness(server, 'anthropic', { thinkingBudgetTokens: 4000 });
    server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-thinking.ASSEMBLED' });
    await h.engine.ask('Weather in Florence?');
    const [first] = h.engine.snapshot();
    assert.equal(first.state, 'done');
    await h.engine.ask('And tomorrow?');
    const block = recordedBlock();
    assert.ok(block.signature.length > 100);
    assert.deepEqual(sent(server, 1).messages, [
      { role: 'user', content: 'Weather in Florence?' },
      { role: 'assistant', content: [{ type: 'thinking', ...block }, { type: 'text', text: first.text }] },
      { role: 'user', content: 'And tomorrow?' },
    ]);
    const panel = JSON.stringify(h.posted);
    assert.ok(!panel.includes(block.signature.slice(0, 40)), 'no signature in any panel message');
    assert.ok(!first.text.includes(block.thinking.slice(0, 30)), 'no thinking in the answer');
  });

  it('a redacted_thinking block goes back with its data', async () => {
    const h = new EngineHarness(server, 'anthropic', { thinkingBudgetTokens: 1024 });
    server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-redacted-thinking.SYNTHETIC' });
    await h.engine.ask('q1');
    await h.engine.ask('q2');
    const content = sent(server, 1).messages[1].content as Array<{ type: string; data?: string }>;
    assert.equal(content[0].type, 'redacted_thinking');
    assert.ok(content[0].data && fs.readFileSync(transcriptPath('anthropic-messages-redacted-thinking.SYNTHETIC'), 'utf8').includes(`"data":"${content[0].data}"`));
    assert.equal(content[1].type, 'text');
  });

  it('the blocks are saved with the conversation and sent again after a reload; damaged ones are dropped', async () => {
    const h = new EngineHarness(server, 'anthropic', { thinkingBudgetTokens: 4000 });
    server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-thinking.ASSEMBLED' });
    await h.engine.ask('Weather in Florence?');
    const saved = JSON.parse(JSON.stringify(h.engine.exportConversation())) as StoredConversation;
    assert.deepEqual(saved.turns[0].blocks, [{ type: 'thinking', ...recordedBlock() }]);
    assert.equal('blocks' in saved.turns[0].snapshot, false, 'not part of what the panel is sent');
    (saved.turns[0].blocks as unknown[]).push({ type: 'thinking', thinking: 'no signature' }, { type: 'tool_use' }, 'junk');

    const restored = new ChatEngine({
      post: () => {}, settings: () => h.settings, getApiKey: async () => TEST_KEY, loadProvider: async () => createAnthropicProvider,
    }, saved);
    await restored.ask('And tomorrow?');
    const assistant = sent(server, 1).messages[1].content as Array<{ type: string }>;
    assert.deepEqual(assistant.map((b) => b.type), ['thinking', 'text']);
  });

  it('with thinking turned off later, earlier blocks are not sent (plain text turns)', async () => {
    const h = new EngineHarness(server, 'anthropic', { thinkingBudgetTokens: 4000 });
    server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-thinking.ASSEMBLED' });
    await h.engine.ask('q1');
    h.settings = { ...h.settings, thinkingBudgetTokens: 0 };
    await h.engine.ask('q2');
    assert.equal(typeof sent(server, 1).messages[1].content, 'string');
  });

  it('Continue with thinking on goes by instruction, not prefill (the API refuses prefill with thinking)', async () => {
    const h = new EngineHarness(server, 'anthropic', { thinkingBudgetTokens: 2048 });
    server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-truncated.DERIVED' }, { kind: 'script', text: ' more.' });
    await h.engine.ask('q');
    const [turn] = h.engine.snapshot();
    assert.equal(turn.state, 'error');
    await h.engine.continue(turn.turnId);
    const messages = sent(server, 1).messages;
    assert.equal(messages.at(-1)!.role, 'user');
    assert.match(String(messages.at(-1)!.content), /Continue it exactly where it stopped/);
  });

  it('a budget Anthropic would refuse is a settings error before anything is sent', async () => {
    for (const bad of [1, 1023, 1500.5, -1]) {
      const h = new EngineHarness(server, 'anthropic', { thinkingBudgetTokens: bad });
      await h.engine.ask('q');
      const end = h.lastEnd();
      assert.equal(end.type, 'turn-error');
      if (end.type !== 'turn-error') return;
      assert.equal(end.error.kind, 'config');
      assert.match(end.error.message, /thinkingBudgetTokens.*at least 1024/);
    }
    assert.equal(server.requests.length, 0);
    const base = new EngineHarness(server, 'anthropic').settings;
    for (const ok of [0, 1024, 32_000]) assert.equal(validateSettings({ ...base, thinkingBudgetTokens: ok }), undefined, String(ok));
    assert.equal(validateSettings({ ...base, provider: 'openai', model: 'gpt-4o-mini', thinkingBudgetTokens: 5 }), undefined, 'only Anthropic reads it');
  });
});
