import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { nextTurn, selectLines, useLocalProviders } from './helpers';

const ANSWER = '`total` adds the numbers with `reduce`, starting at `0`, so `[]` gives `0`.\n\n**Watch out:** float sums drift; use Kahan summation when precision matters.';

describe('OpenAI Responses API inside VS Code (streamExplain.openai.api: responses)', () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  const config = () => vscode.workspace.getConfiguration('streamExplain');
  const g = vscode.ConfigurationTarget.Global;

  before(async () => {
    server = await startProviderServer();
    api = await useLocalProviders(server, { openai: 'gpt-5.4-mini', anthropic: 'claude-sonnet-4-20250514' });
  });

  after(async () => {
    await api?.engine.cancel();
    await config().update('openai.api', undefined, g);
    await config().update('openai.reasoningEffort', undefined, g);
    await config().update('openai.model', undefined, g);
    await server?.close();
  });

  async function explain() {
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    return { turn, end: await turn.end() };
  }

  it('the settings choose the Responses API and the effort; the answer streams without the reasoning summary in it', async () => {
    await config().update('openai.api', 'responses', g);
    await config().update('openai.reasoningEffort', 'low', g);
    server.enqueue({ kind: 'replay', transcript: 'openai-responses-reasoning-summary.SYNTHETIC', delayMs: 2 });
    const { turn, end } = await explain();
    assert.equal(end.type, 'turn-end', JSON.stringify(end));
    if (end.type !== 'turn-end') return;
    assert.equal(end.finishReason, 'stop');
    assert.equal(turn.text(), ANSWER, 'the answer alone: the summary is thinking, never answer text');
    assert.deepEqual({ in: end.usage.inputTokens, out: end.usage.outputTokens, est: end.usage.estimated }, { in: 1843, out: 412, est: false });
    assert.ok(end.costUsd !== null && end.costUsd > 0);
    const req = server.requests.at(-1)!;
    assert.equal(req.path, '/v1/responses');
    assert.deepEqual(req.body.reasoning, { effort: 'low', summary: 'auto' });
    assert.equal(req.body.model, 'gpt-5.4-mini');
  });

  it('back on "chat", the same provider calls Chat Completions again, without reasoning parameters', async () => {
    await config().update('openai.api', 'chat', g);
    server.enqueue({ kind: 'script', text: 'A chat answer.' });
    const { turn, end } = await explain();
    assert.equal(end.type, 'turn-end', JSON.stringify(end));
    assert.equal(turn.text(), 'A chat answer.');
    const req = server.requests.at(-1)!;
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.body.reasoning, undefined);
  });
});
