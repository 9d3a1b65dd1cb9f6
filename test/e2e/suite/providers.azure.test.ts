import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { fixturesDir } from '../../server/fixtures';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { extensionApi, nextTurn, selectLines } from './helpers';

const KEY = 'e2e-azure-key';
const DEPLOYMENT = 'explainer-4o';
const compat = (name: string) => path.join(fixturesDir(), 'compat', `${name}.sse`);

describe('Azure OpenAI inside VS Code (streamExplain.provider: azure)', () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  let savedKey: string | undefined;
  const config = () => vscode.workspace.getConfiguration('streamExplain');
  const g = vscode.ConfigurationTarget.Global;

  before(async () => {
    // The server accepts only this key, as Azure accepts only the resource's.
    server = await startProviderServer({ azureApiKey: KEY });
    savedKey = process.env.AZURE_OPENAI_API_KEY;
    process.env.AZURE_OPENAI_API_KEY = KEY;
    await config().update('provider', 'azure', g);
    await config().update('azure.endpoint', server.url, g);
    await config().update('azure.deployment', DEPLOYMENT, g);
    api = await extensionApi();
  });

  after(async () => {
    await api?.engine.cancel();
    if (savedKey === undefined) delete process.env.AZURE_OPENAI_API_KEY;
    else process.env.AZURE_OPENAI_API_KEY = savedKey;
    await config().update('provider', 'openai', g);
    await config().update('azure.endpoint', undefined, g);
    await config().update('azure.deployment', undefined, g);
    await server?.close();
  });

  it('Explain Selection streams from the deployment with the api-key header and prices the model the stream reports', async () => {
    server.enqueue({ kind: 'replay', transcript: compat('azure-chat-basic'), delayMs: 5 });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    const end = await turn.end();
    assert.equal(end.type, 'turn-end', JSON.stringify(end));
    if (end.type !== 'turn-end') return;
    assert.equal(end.finishReason, 'stop');
    assert.equal(turn.text(), '`tryTake` refills the bucket for the time that passed, then spends `cost` tokens if it can.');
    assert.equal(turn.start().provider, 'azure');
    assert.equal(turn.start().model, DEPLOYMENT);
    assert.deepEqual({ in: end.usage.inputTokens, out: end.usage.outputTokens, est: end.usage.estimated }, { in: 412, out: 18, est: false });
    assert.ok(end.costUsd !== null && end.costUsd > 0, 'priced from the OpenAI rows by the reported model');
    const req = server.requests.at(-1)!;
    assert.equal(req.path, `/openai/deployments/${DEPLOYMENT}/chat/completions`);
    assert.equal(req.query, '?api-version=2024-10-21', 'the default api-version from the settings');
    assert.equal(req.headers['api-key'], KEY, 'the key came from AZURE_OPENAI_API_KEY');
    assert.equal(req.headers.authorization, undefined);
    assert.equal(api.engine.ledger.all().at(-1)?.model, 'gpt-4o-2024-11-20');
    // Azure's adapter is in the OpenAI bundle (the same SDK), loaded on the first request.
    assert.ok(Object.keys(require.cache).some((k) => /[\\/]dist[\\/]providers[\\/]openai\.js$/.test(k)), 'the OpenAI bundle (with Azure in it) was loaded on demand');
  });

  it('an answer Azure filters ends marked content_filter with its text kept', async () => {
    server.enqueue({ kind: 'replay', transcript: compat('azure-chat-content-filter') });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    const end = await turn.end();
    assert.equal(end.type === 'turn-end' && end.finishReason, 'content_filter', JSON.stringify(end));
    assert.equal(turn.text(), 'Here is how the attack');
  });

  it('a wrong key ends the turn with the auth error and its Set API Key action', async () => {
    process.env.AZURE_OPENAI_API_KEY = 'not-the-resource-key';
    try {
      await selectLines('rateLimiter.ts', 10, 18);
      const before = api.chatView.sent.length;
      await vscode.commands.executeCommand('streamExplain.explainSelection');
      const turn = await nextTurn(api, before);
      const end = await turn.end();
      assert.equal(end.type, 'turn-error');
      assert.equal(end.type === 'turn-error' && end.error.action, 'set-api-key');
      assert.match(end.type === 'turn-error' ? end.error.message : '', /Azure OpenAI key was rejected/);
      assert.equal(server.requests.at(-1)!.headers['api-key'], 'not-the-resource-key');
    } finally {
      process.env.AZURE_OPENAI_API_KEY = KEY;
    }
  });
});
