// Test-only companion: a scripted model registered with VS Code's proposed chatProvider API. Plain JS, no build.
'use strict';
const vscode = require('vscode');

const VENDOR = 'stream-explain-test';
const DEFAULT_ANSWER = { pieces: ['The scripted ', 'model ', 'answers.'], delayMs: 20 };

/** Answers queued by streamExplainTest.script; an empty queue answers DEFAULT_ANSWER. */
const queue = [];
/** Every request received, for streamExplainTest.state. */
const requests = [];
/** Token counts asked for while streamExplainTest.slowCount was armed: whether their cancellation token fired. */
const slowCounts = [];
/** One-shot: the next token count takes this long (or until cancelled). */
let slowCountMs = 0;
/** An endless answer still ends after this many pieces, so a test that fails leaves nothing running for long. */
const ENDLESS_CAP = 2000;

const roleName = (role) => (role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user');
const textOf = (message) =>
  typeof message.content === 'string'
    ? message.content
    : message.content.map((part) => (typeof part.value === 'string' ? part.value : '')).join('');

const sleep = (ms, token) =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const sub = token.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });

/** @type {any} the proposed ChatResponseProvider shape of VS Code 1.100 */
const provider = {
  async provideLanguageModelResponse(messages, _options, extensionId, progress, token) {
    const answer = queue.shift() ?? DEFAULT_ANSWER;
    const record = {
      from: extensionId,
      messages: messages.map((m) => ({ role: roleName(m.role), text: textOf(m) })),
      cancelled: token.isCancellationRequested,
      piecesSent: 0,
      outcome: 'streaming',
    };
    requests.push(record);
    token.onCancellationRequested(() => (record.cancelled = true));
    const pieces = answer.pieces ?? DEFAULT_ANSWER.pieces;
    const delayMs = answer.delayMs ?? 20;
    for (let i = 0; answer.endless ? i < ENDLESS_CAP : i < pieces.length; i++) {
      if (token.isCancellationRequested) {
        record.outcome = 'cancelled';
        return;
      }
      if (answer.throwAfter === i) {
        // A pause first, as a failing model would: VS Code drops pieces still in flight when the error arrives.
        await sleep(answer.throwDelayMs ?? 200, token);
        record.outcome = 'threw';
        throw new Error(answer.error ?? 'scripted failure');
      }
      await sleep(delayMs, token);
      if (token.isCancellationRequested) continue;
      progress.report({ index: 0, part: new vscode.LanguageModelTextPart(pieces[i % pieces.length]) });
      record.piecesSent++;
    }
    record.outcome = 'done';
  },
  async provideTokenCount(value, token) {
    const text = typeof value === 'string' ? value : textOf(value);
    if (slowCountMs > 0) {
      const count = { cancelled: false, length: text.length };
      slowCounts.push(count);
      const ms = slowCountMs;
      slowCountMs = 0;
      token.onCancellationRequested(() => (count.cancelled = true));
      await sleep(ms, token);
    }
    return Math.ceil(text.length / 4);
  },
};

function activate(context) {
  context.subscriptions.push(
    vscode.lm.registerChatModelProvider('scripted', provider, {
      vendor: VENDOR,
      name: 'Scripted test model',
      family: 'scripted',
      version: '1',
      maxInputTokens: 100_000,
      maxOutputTokens: 4_096,
      isUserSelectable: true,
    }),
    vscode.commands.registerCommand('streamExplainTest.script', (...answers) => {
      queue.push(...answers);
      return queue.length;
    }),
    vscode.commands.registerCommand('streamExplainTest.slowCount', (ms) => {
      slowCountMs = ms;
    }),
    vscode.commands.registerCommand('streamExplainTest.state', () => JSON.parse(JSON.stringify({ requests, slowCounts, queued: queue.length }))),
  );
}

module.exports = { activate, deactivate() {} };
