import * as assert from 'node:assert/strict';
import { DEFAULT_PRICES, findPrice, costUsd } from '../../src/core/pricing';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { sessionFor, until } from './helpers';
import { ManualClock } from './manualClock';
import { CHAT_FRAMING, CLAUDE_FRAMING, countFramedTokens } from '../../src/core/promptFraming';
import { o200kCounter } from '../../src/core/tokenizer';

describe('StreamSession against the local provider server', () => {
  let server: ProviderServer;
  beforeEach(async () => { server = await startProviderServer(); });
  afterEach(async () => { await server.close(); });

    it('a stop before the provider reported its input counts the input with the provider\'s framing, as the pre-send estimate does', async () => {
      const request = { model: 'gpt-4o-mini', system: 'You explain code.', messages: [{ role: 'user' as const, content: 'Explain `x + 1`.' }, { role: 'assistant' as const, content: 'It adds one.' }, { role: 'user' as const, content: 'Why?' }], maxOutputTokens: 1024 };
      for (const framing of [undefined, CLAUDE_FRAMING]) {
        // OpenAI reports usage only at the end, so a stop mid-stream leaves the input to be counted here.
        server.enqueue({ kind: 'script', tokens: 500, tokensPerSecond: 100 });
        const session = sessionFor(server, 'openai', { request, framing });
        let deltas = 0;
        const result = await session.run({ onDelta: () => { if (++deltas === 3) session.cancel(); } });
        assert.equal(result.status, 'cancelled');
        assert.equal(result.usage.inputTokens, countFramedTokens(request.system, request.messages, o200kCounter, framing ?? CHAT_FRAMING), `framing ${framing === undefined ? 'default' : 'Claude'}`);
      }
    });

  for (const wire of ['openai', 'anthropic'] as const) {
    describe(wire, () => {
      it('streams a scripted answer token by token and measures TTFT, speed and cost', async () => {
        server.enqueue({ kind: 'script', tokens: 40, tokensPerSecond: 400, ttftMs: 60 });
        const arrivals: number[] = [];
        const session = sessionFor(server, wire);
        const result = await session.run({ onDelta: () => arrivals.push(performance.now()) });
        assert.equal(result.status, 'done');
        assert.equal(arrivals.length, 40, 'one delta per token');
        assert.ok(arrivals[39] - arrivals[0] >= 60, 'tokens arrive over time, not in one burst');
        assert.equal(result.usage.outputTokens, 40);
        assert.equal(result.usage.estimated, false);
        assert.ok(result.metrics.ttftMs! >= 50, `ttft ${result.metrics.ttftMs}`);
        assert.ok(result.metrics.totalMs >= result.metrics.ttftMs!);
        assert.ok(result.metrics.tokensPerSecond! > 0);
        const price = findPrice(DEFAULT_PRICES, wire, result.model)!;
        assert.ok(price, `price for ${result.model}`);
        assert.equal(result.costUsd, costUsd(price, result.usage));
        const req = server.requests[0];
        assert.equal(req.body.stream, true);
        if (wire === 'openai') assert.deepEqual(req.body.stream_options, { include_usage: true });
      });

      it('cancelling mid-stream closes the connection and reports an estimated cost', async () => {
        server.enqueue({ kind: 'script', tokens: 500, tokensPerSecond: 100 });
        const session = sessionFor(server, wire);
        let deltas = 0;
        const running = session.run({ onDelta: () => { if (++deltas === 5) session.cancel(); } });
        const result = await running;
        assert.equal(result.status, 'cancelled');
        assert.equal(result.finishReason, 'cancelled');
        assert.ok(result.text.length > 0, 'partial text kept');
        assert.ok(result.usage.estimated);
        assert.ok(result.usage.outputTokens >= 5 && result.usage.outputTokens < 500);
        assert.ok(result.usage.inputTokens > 0);
        assert.ok(result.costUsd! > 0, 'a cancelled stream still reports its cost');
        await server.requests[0].ended;
        assert.equal(server.requests[0].clientDisconnected, true, 'the server saw the disconnect');
        assert.equal(server.requests[0].completed, false);
        assert.equal(server.activeResponses(), 0);
      });

      it('retries an overloaded/5xx response before the first token, then streams', async () => {
        server.enqueue({ kind: 'http-error', fixture: wire === 'openai' ? 'openai-500-server-error' : 'anthropic-529-overloaded' });
        server.enqueue({ kind: 'script', text: 'Second time lucky.' });
        const retries: number[] = [];
        const result = await sessionFor(server, wire).run({ onRetry: (r) => retries.push(r.attempt) });
        assert.equal(result.status, 'done');
        assert.equal(result.text, 'Second time lucky.');
        assert.equal(result.attempts, 2);
        assert.deepEqual(retries, [2]);
        assert.equal(server.requests.length, 2, 'SDK retries are off: exactly one retry, ours');
      });

      it('does not retry a rejected key, and says what to do', async () => {
        server.enqueue({ kind: 'http-error', fixture: wire === 'openai' ? 'openai-401-invalid-api-key' : 'anthropic-401-authentication-error' });
        const result = await sessionFor(server, wire).run();
        assert.equal(result.status, 'error');
        assert.equal(result.error?.kind, 'auth');
        assert.equal(result.error?.action, 'set-api-key');
        assert.match(result.error!.message, /key was rejected.*Set API Key/);
        assert.equal(server.requests.length, 1);
      });

      it('a stalled stream is stopped by the idle timeout, keeping the text', async () => {
        server.enqueue({ kind: 'replay', transcript: wire === 'openai' ? 'openai-chat-include-usage-gpt-4o-mini' : 'anthropic-messages-basic-sonnet-4', delayMs: 400 });
        const result = await sessionFor(server, wire, { idleTimeoutMs: 150 }).run();
        assert.equal(result.status, 'error');
        assert.equal(result.error?.kind, 'idle_timeout');
        await server.requests[0].ended;
        assert.equal(server.requests[0].clientDisconnected, true);
      });

      it('honours the request: model, max tokens and the whole conversation', async () => {
        const session = sessionFor(server, wire, { model: wire === 'openai' ? 'gpt-4.1-mini' : 'claude-haiku-4-5', prompt: 'What does `f` do?' });
        await session.run();
        const body = server.requests[0].body as { model: string; messages: Array<{ role: string; content: string }>; system?: Array<{ text: string }> };
        assert.equal(body.model, wire === 'openai' ? 'gpt-4.1-mini' : 'claude-haiku-4-5');
        if (wire === 'openai') {
          assert.equal(body.messages[0].role, 'system');
          assert.equal(server.requests[0].body.max_completion_tokens, 1024);
        } else {
          // As text blocks: the system prompt carries a prompt-cache breakpoint (promptCache.test.ts).
          assert.deepEqual(body.system?.map((b) => b.text), ['You explain code.']);
          assert.equal(server.requests[0].body.max_tokens, 1024);
        }
        assert.equal(body.messages.at(-1)!.content, 'What does `f` do?');
      });
    });
  }

  it('a model without a price reports tokens and a null cost, never a made-up figure', async () => {
    const result = await sessionFor(server, 'openai', { model: 'my-local-llama' }).run();
    assert.equal(result.status, 'done');
    assert.ok(result.usage.outputTokens > 0);
    assert.equal(result.costUsd, null);
  });

  it('cancelling during the retry wait ends at once as cancelled: the wait is dropped, never sat out', async () => {
    server.enqueue({ kind: 'http-error', fixture: 'openai-429-rate-limit-tokens' }); // retry-after: 2
    // Timers on a clock that never moves by itself: the 2 s wait can only end by being cancelled.
    const clock = new ManualClock();
    const session = sessionFor(server, 'openai', { schedule: clock.schedule, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 10_000 } });
    let retryDelay: number | undefined;
    const running = session.run({ onRetry: (r) => { retryDelay = r.delayMs; } });
    await until(() => clock.pending().includes(2000), 10_000, 'the retry wait to begin');
    assert.equal(retryDelay, 2000, 'waiting as the retry-after header asked');
    session.cancel();
    assert.ok(!clock.pending().includes(2000), 'cancelling dropped the wait at once');
    // Were the wait still running, moving the clock past it would start the second attempt.
    clock.advance(2000);
    const result = await running;
    assert.equal(result.status, 'cancelled');
    assert.equal(clock.fired, 0, 'no timer ran: the session ended before any wait or timeout was over');
    assert.equal(server.requests.length, 1, 'no second attempt');
    assert.deepEqual(clock.pending(), [], 'and no timer is left behind');
  });

  it('a retry wait longer than the idle timeout is not an idle stream: the next attempt answers', async () => {
    // 429 with retry-after: 2 s, an idle timeout of 1 s: the wait must not count as the stream going quiet.
    server.enqueue({ kind: 'http-error', fixture: 'openai-429-rate-limit-tokens' }, { kind: 'script', text: 'Answered after the wait.' });
    const clock = new ManualClock();
    const session = sessionFor(server, 'openai', {
      schedule: clock.schedule, idleTimeoutMs: 1000, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 10_000 },
    });
    const running = session.run();
    await until(() => clock.pending().includes(2000), 10_000, 'the retry wait to begin');
    assert.ok(!clock.pending().includes(1000), 'no idle timer runs while the session waits to retry');
    clock.advance(2000);
    const result = await running;
    assert.equal(result.status, 'done', `ended as ${result.status}: ${result.error?.message ?? ''}`);
    assert.equal(result.text, 'Answered after the wait.');
    assert.equal(server.requests.length, 2);
  });
});
