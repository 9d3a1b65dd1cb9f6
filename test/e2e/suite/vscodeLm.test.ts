import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatStatsLine } from '../../../src/core/format';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { NO_MODEL_MESSAGE } from '../../../src/extension/providers/lmErrors';
import { extensionApi, nextTurn, selectLines, waitFor } from './helpers';

/** Poll an async check (the companion answers through a command) until it returns a value. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the companion extension (test/e2e/companion) reports about the requests its model received. */
interface CompanionRequest {
  from: string;
  messages: Array<{ role: 'user' | 'assistant'; text: string }>;
  cancelled: boolean;
  piecesSent: number;
  outcome: 'streaming' | 'done' | 'cancelled' | 'threw';
}
interface Answer {
  pieces?: string[];
  delayMs?: number;
  endless?: boolean;
  throwAfter?: number;
  throwDelayMs?: number;
  error?: string;
}

const COMPANION_MODEL = 'stream-explain-test/scripted';
interface CompanionState {
  requests: CompanionRequest[];
  slowCounts: Array<{ cancelled: boolean; length: number }>;
}
const companionState = async () => (await vscode.commands.executeCommand('streamExplainTest.state')) as CompanionState;
const companionRequests = async () => (await companionState()).requests;
const script = (...answers: Answer[]) => vscode.commands.executeCommand('streamExplainTest.script', ...answers);

describe('vscode-lm: a model registered through the VS Code Language Model API (companion extension)', () => {
  let api: StreamExplainApi;
  const config = () => vscode.workspace.getConfiguration('streamExplain');
  const g = vscode.ConfigurationTarget.Global;
  const savedKeys = { openai: process.env.OPENAI_API_KEY, anthropic: process.env.ANTHROPIC_API_KEY };

  /** Explain lines of the sample file; resolves with the turn once the command has returned. */
  async function explain(): Promise<{ turn: Awaited<ReturnType<typeof nextTurn>>; running: Thenable<unknown> }> {
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    const running = vscode.commands.executeCommand('streamExplain.explainSelection');
    return { turn: await nextTurn(api, before), running };
  }

  before(async () => {
    api = await extensionApi();
    // The companion registers its model on activation; its command activates it, then the API must list the model.
    await companionRequests();
    const models = await eventually(async () => {
      const found = await vscode.lm.selectChatModels({ vendor: 'stream-explain-test' });
      return found.length ? found : undefined;
    }, 'the companion’s model to be offered by vscode.lm');
    assert.equal(models[0].family, 'scripted');
    // No API key is in play for this provider: a keyed code path would fail for want of one.
    delete process.env.OPENAI_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    await config().update('provider', 'vscode-lm', g);
    await config().update('vscodeLm.model', COMPANION_MODEL, g);
    // A conversation of its own: the suites before this one leave theirs, which would lead the model's messages.
    await vscode.commands.executeCommand('streamExplain.newChat');
  });

  after(async () => {
    await api?.engine.cancel();
    process.env.OPENAI_API_KEY = savedKeys.openai;
    process.env.ANTHROPIC_API_KEY = savedKeys.anthropic;
    await config().update('vscodeLm.model', undefined, g);
    await config().update('provider', 'openai', g);
  });

  afterEach(async () => {
    await api.engine.cancel();
  });

  it('streams the model’s answer into the panel with no key; tokens estimated, cost included in the plan', async () => {
    const pieces = ['It refills ', 'the bucket, ', 'then **spends** ', '`cost` tokens.'];
    await script({ pieces, delayMs: 30 });
    const seen = (await companionRequests()).length;
    // Empty setting: the first model VS Code offers (the companion's is the only one here).
    await config().update('vscodeLm.model', '', g);
    try {
      const { turn, running } = await explain();
      await running;
      const end = await turn.end();
      assert.equal(end.type, 'turn-end', JSON.stringify(end));
      if (end.type !== 'turn-end') return;
      assert.equal(end.finishReason, 'stop');
      assert.equal(turn.text(), pieces.join(''));
      assert.ok(turn.deltas() > 1, `streamed in ${turn.deltas()} messages`);
      assert.equal(turn.start().provider, 'vscode-lm');
      assert.equal(end.usage.estimated, true);
      assert.ok(end.usage.inputTokens > 0 && end.usage.outputTokens > 0);
      assert.equal(end.costUsd, 0);
      assert.equal(end.costBasis, 'included');
      // The stats line the panel renders from this message.
      const stats = formatStatsLine({ ...end.usage, ...end.metrics, costUsd: end.costUsd, costBasis: end.costBasis });
      assert.match(stats, /tokens \(est\.\).*included in your plan$/);
      const requests = await companionRequests();
      assert.equal(requests.length, seen + 1, 'one request reached the model');
      const req = requests.at(-1)!;
      assert.equal(req.from, 'stream-explain.stream-explain');
      assert.match(req.messages[0].text, /tryTake\(cost = 1\)/, 'the selection reached the model');
      assert.equal(req.outcome, 'done');
      const entry = api.engine.ledger.all().at(-1)!;
      assert.equal(entry.model, 'scripted', 'the ledger names the model VS Code chose');
      assert.equal(entry.costIncluded, true);
    } finally {
      await config().update('vscodeLm.model', COMPANION_MODEL, g);
    }
  });

  it('Stop reaches the model’s cancellation token (here while VS Code counts the input); nothing is sent', async () => {
    await vscode.commands.executeCommand('streamExplainTest.slowCount', 60_000);
    const before = await companionState();
    const { turn, running } = await explain();
    await eventually(async () => ((await companionState()).slowCounts.length > before.slowCounts.length ? true : undefined), 'the model to be counting');
    await vscode.commands.executeCommand('streamExplain.cancel');
    await running;
    const end = await turn.end();
    assert.equal(end.type === 'turn-end' && end.finishReason, 'cancelled');
    const count = await eventually(async () => {
      const c = (await companionState()).slowCounts.at(-1);
      return c?.cancelled ? c : undefined;
    }, 'the companion to report that its cancellation token fired');
    assert.ok(count.length > 0);
    assert.equal((await companionRequests()).length, before.requests.length, 'no request was sent');
  });

  it('Stop mid-answer ends the turn at once with its partial text, even though the model is not told (VS Code 1.100)', async () => {
    // VS Code 1.100 forwards the caller's token only while a call to the model is pending (see the companion's
    // README): once the answer streams, Stop must not depend on the model, so the provider stops reading at once.
    await script({ pieces: ['tick '], endless: true, delayMs: 25 });
    const { turn, running } = await explain();
    await waitFor(() => turn.deltas() >= 3, 'the answer to stream');
    assert.equal(api.statusBar.stopVisible, true);
    await vscode.commands.executeCommand('streamExplain.cancel');
    await running;
    const end = await turn.end(15_000);
    assert.equal(end.type === 'turn-end' && end.finishReason, 'cancelled');
    assert.ok(turn.text().startsWith('tick tick tick '), 'partial text kept');
    assert.equal(api.engine.snapshot().find((t) => t.turnId === turn.turnId)?.text, turn.text());
    assert.equal(api.statusBar.stopVisible, false);
  });

  it('an error thrown in the middle of the answer keeps the partial text and shows a clear error', async () => {
    await script({ pieces: ['First part. ', 'Second part. ', 'never sent'], throwAfter: 2, error: 'scripted model exploded', delayMs: 20, throwDelayMs: 300 });
    const { turn, running } = await explain();
    await running;
    const end = await turn.end();
    assert.equal(end.type, 'turn-error', JSON.stringify(end));
    if (end.type !== 'turn-error') return;
    // Everything shown is kept. (VS Code drops a piece still in flight when the error overtakes it, hence the pause.)
    assert.equal(end.partialText, 'First part. Second part. ');
    assert.equal(end.error.kind, 'server');
    assert.match(end.error.message, /^The language model stopped with an error\. The text so far is kept\. It said: “.*scripted model exploded.*”$/);
    assert.equal(api.engine.snapshot().find((t) => t.turnId === turn.turnId)?.text, 'First part. Second part. ');
    assert.equal((await companionRequests()).at(-1)?.outcome, 'threw');
  });

  it('no model matching the setting: the clear message, a way to the setting, and nothing sent', async () => {
    await config().update('vscodeLm.model', 'stream-explain-test/no-such-family', g);
    try {
      const seen = (await companionRequests()).length;
      const { turn, running } = await explain();
      await running;
      const end = await turn.end();
      assert.equal(end.type, 'turn-error', JSON.stringify(end));
      if (end.type !== 'turn-error') return;
      assert.ok(end.error.message.startsWith(NO_MODEL_MESSAGE), end.error.message);
      assert.equal(end.error.action, 'open-settings');
      assert.equal(end.partialText, '');
      assert.equal((await companionRequests()).length, seen, 'the model received nothing');
    } finally {
      await config().update('vscodeLm.model', COMPANION_MODEL, g);
    }
  });
});
