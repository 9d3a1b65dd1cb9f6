import * as assert from 'node:assert/strict';
import { MAX_ASK_LENGTH } from '../../src/core/protocol';
import { parseHostMessage, parseWebviewMessage } from '../../src/core/protocolParse';

describe('host ⇄ webview protocol validation', () => {
  it('accepts every well-formed webview message', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'ask', text: 'why?' }), { type: 'ask', text: 'why?' });
    assert.deepEqual(parseWebviewMessage({ type: 'cancel', turnId: 't1' }), { type: 'cancel', turnId: 't1' });
    assert.deepEqual(parseWebviewMessage({ type: 'retry', turnId: 't_2-x' }), { type: 'retry', turnId: 't_2-x' });
    assert.deepEqual(parseWebviewMessage({ type: 'new-chat' }), { type: 'new-chat' });
    assert.deepEqual(parseWebviewMessage({ type: 'run-action', action: 'set-api-key' }), { type: 'run-action', action: 'set-api-key' });
    assert.deepEqual(parseWebviewMessage({ type: 'insert-code', code: 'x()', language: 'ts' }), { type: 'insert-code', code: 'x()', language: 'ts' });
    assert.deepEqual(parseWebviewMessage({ type: 'open-link', href: 'https://example.com/a?b=1' }), { type: 'open-link', href: 'https://example.com/a?b=1' });
  });

  it('opens only absolute http(s) links', () => {
    for (const href of ['javascript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', 'vscode://x', 'command:workbench.action.quit',
      '/relative', 'https://user:pw@example.com', ' https://example.com'.repeat(200)]) {
      assert.equal(parseWebviewMessage({ type: 'open-link', href }), null, href.slice(0, 40));
    }
  });

  it('rejects malformed webview messages', () => {
    const bad: unknown[] = [
      null, 'ready', 42, [], {}, { type: 'nope' }, { type: 'ask' }, { type: 'ask', text: 5 }, { type: 'ask', text: '   ' },
      { type: 'ask', text: 'x'.repeat(MAX_ASK_LENGTH + 1) }, { type: 'cancel' }, { type: 'cancel', turnId: '../../etc' },
      { type: 'cancel', turnId: 'x'.repeat(65) }, { type: 'ready', extra: 1 }, { type: 'ask', text: 'hi', apiKey: 'k' },
      { type: 'retry', turnId: { toString: () => 't1' } },
      { type: 'run-action', action: 'format-disk' }, { type: 'insert-code' }, { type: 'insert-code', code: 1 },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), null, JSON.stringify(m));
  });

  const end = {
    type: 'turn-end', turnId: 't1', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 2, estimated: false },
    costUsd: 0.01, metrics: { ttftMs: 100, totalMs: 500, tokensPerSecond: 4 },
  };

  it('accepts the host messages of the contract', () => {
    const good = [
      { type: 'turn-start', turnId: 't1', prompt: { text: 'Explain', code: 'x', language: 'ts', fileName: 'a.ts' }, provider: 'openai', model: 'gpt-4o' },
      { type: 'delta', turnId: 't1', text: 'Hel' },
      end,
      { ...end, costUsd: null, metrics: { ttftMs: null, totalMs: 0, tokensPerSecond: null } },
      { type: 'turn-error', turnId: 't1', error: { kind: 'network', message: 'reset', retryable: true }, partialText: 'Hel' },
      { type: 'turn-status', turnId: 't1', text: 'Loading…' },
      { type: 'turn-status', turnId: 't1', text: 'The provider is overloaded.', retry: { inMs: 2400, attempt: 2, maxAttempts: 3 } },
      { type: 'turn-start', turnId: 't2', prompt: { text: 'Explain' }, provider: 'openai', model: 'gpt-4o', replaces: 't1' },
      { type: 'history', turns: [{ turnId: 't1', prompt: { text: 'q' }, provider: 'anthropic', model: 'm', state: 'done', text: 'a', end: { ...end } }] },
      { type: 'history', turns: [{ turnId: 't1', prompt: { text: 'q' }, provider: 'openai', model: 'm', state: 'error', text: 'a', superseded: true }] },
      { type: 'clear' },
      { type: 'a11y-settings', announce: 'sentences' },
      { type: 'a11y-settings', announce: 'complete' },
      { type: 'a11y-settings', announce: 'off' },
      { type: 'focus-input' },
    ];
    for (const m of good) assert.ok(parseHostMessage(m), JSON.stringify(m));
  });

  it('rejects malformed host messages', () => {
    const bad: unknown[] = [
      { type: 'delta', turnId: 't1' },
      { type: 'delta', turnId: 't1', text: 1 },
      { type: 'turn-start', turnId: 't1', prompt: { text: 'x' }, provider: 'evil', model: 'm' },
      { type: 'turn-start', turnId: 't1', prompt: { text: 'x', onclick: 'alert(1)' }, provider: 'openai', model: 'm' },
      { ...end, finishReason: 'exploded' },
      { ...end, usage: { inputTokens: -1, outputTokens: 2, estimated: false } },
      { ...end, costUsd: 'free' },
      { type: 'turn-error', turnId: 't1', error: { kind: 'boom', message: 'x', retryable: true }, partialText: '' },
      { type: 'history', turns: [{ turnId: 't1' }] },
      { type: 'history', turns: [{ turnId: 't1', prompt: { text: 'q' }, provider: 'openai', model: 'm', state: 'done', text: 'a', superseded: 'yes' }] },
      { type: 'turn-start', turnId: 't2', prompt: { text: 'x' }, provider: 'openai', model: 'm', replaces: 'bad id!' },
      { type: 'turn-status', turnId: 't1', text: 'x', retry: { inMs: 1000, attempt: 0, maxAttempts: 3 } },
      { type: 'turn-status', turnId: 't1', text: 'x', retry: { inMs: 1000, attempt: 4, maxAttempts: 3 } },
      { type: 'turn-status', turnId: 't1', text: 'x', retry: { inMs: -5, attempt: 1, maxAttempts: 3 } },
      { type: 'turn-status', turnId: 't1', text: 'x', retry: { inMs: 1000, attempt: 1.5, maxAttempts: 3 } },
      { type: 'turn-status', turnId: 't1', text: 'x', retry: { inMs: 1000, attempt: 1, maxAttempts: 3, html: '<b>' } },
      { type: 'eval', code: 'alert(1)' },
      { type: 'a11y-settings', announce: 'tokens' },
      { type: 'a11y-settings' },
      { type: 'a11y-settings', announce: 'off', html: '<b>' },
      { type: 'focus-input', selector: '#x' },
      // A question handed back travels as restore-question; focus-input carries nothing.
      { type: 'focus-input', text: 'Why is Date.now() a problem?' },
    ];
    for (const m of bad) assert.equal(parseHostMessage(m), null, JSON.stringify(m));
  });
});
