import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StreamExplainApi } from '../../../src/extension/extension';
import type { OverBudgetChoice } from '../../../src/extension/budgetGate';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { nextTurn, selectLines, waitFor, useLocalProviders } from './helpers';

describe('Budgets inside VS Code', () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  const config = () => vscode.workspace.getConfiguration('streamExplain');
  const g = vscode.ConfigurationTarget.Global;

  before(async () => {
    server = await startProviderServer();
    api = await useLocalProviders(server);
  });

  after(async () => {
    await config().update('budget.dailyUsd', undefined, g);
    await api?.engine.cancel();
    await server?.close();
  });

  it('a spent daily budget: the status bar warns, the next request asks first, Cancel sends nothing and keeps the question, Send anyway sends', async () => {
    server.enqueue({ kind: 'script', text: 'A priced answer.', tokensPerSecond: 200, ttftMs: 10 });
    await selectLines('rateLimiter.ts', 10, 18);
    let since = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    await (await nextTurn(api, since)).end();
    await api.ledger.flushed();

    const asked: string[] = [];
    let answer: OverBudgetChoice;
    const realAsk = api.budget.ask;
    api.budget.ask = async (message) => {
      asked.push(message);
      return answer;
    };
    try {
      await config().update('budget.dailyUsd', 0.000001, g);
      await waitFor(() => api.statusBar.budgetWarning, 'the status bar to take the warning colour');
      assert.equal(api.budget.lastStates.daily, 'exceeded');

      const requests = server.requests.length;
      since = api.chatView.sent.length;
      answer = undefined; // the modal's Cancel
      await vscode.commands.executeCommand('streamExplain.explainSelection');
      assert.equal(asked.length, 1);
      assert.match(asked[0], /^Stream Explain: today's budget of <\$0\.0001 is spent \(<?\$[\d.]+ so far\)\. Send anyway\?$/);
      assert.ok(api.chatView.receive({ type: 'ask', text: 'And what does refill do?' }));
      await waitFor(() => asked.length === 2, 'the follow-up to ask too');
      // Cancel keeps the typed question: the host hands it back to the panel's box (which cleared it on Enter).
      await waitFor(() => api.chatView.sent.slice(since).some((m) => m.type === 'restore-question' && m.text === 'And what does refill do?'), 'the question handed back');
      await api.engine.cancel();
      assert.equal(server.requests.length, requests, 'the provider server saw no request');
      assert.equal(api.chatView.sent.slice(since).filter((m) => m.type === 'turn-start').length, 0, 'no turn started');

      answer = 'Send anyway';
      server.enqueue({ kind: 'script', text: 'Sent anyway.', tokensPerSecond: 200, ttftMs: 10 });
      await vscode.commands.executeCommand('streamExplain.explainSelection');
      const turn = await nextTurn(api, since);
      await turn.end();
      assert.equal(turn.text(), 'Sent anyway.');
      assert.equal(server.requests.length, requests + 1);
    } finally {
      api.budget.ask = realAsk;
      await config().update('budget.dailyUsd', undefined, g);
    }
    await waitFor(() => !api.statusBar.budgetWarning, 'the warning colour to go with the budget');
  });
});
