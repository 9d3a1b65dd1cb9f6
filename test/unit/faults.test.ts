import * as assert from 'node:assert/strict';
import type { ProviderId } from '../../src/core/provider';
import { fullBody } from '../server/sseWriters';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness, liveHandles, settledHandles } from './engineHarness';
import { providerFor, until } from './helpers';
import { ManualClock } from './manualClock';

const ANSWER = 'The loop walks the list once, adding each value to a running total.\n\nIt returns **0** for an empty list.';
const CODE = { code: 'const total = xs.reduce((a, b) => a + b, 0);', language: 'typescript', fileName: 'sum.ts', startLine: 1, endLine: 1 };
const fixture = (wire: ProviderId, openai: string, anthropic: string) => (wire === 'openai' ? openai : anthropic);

describe('fault injection: what the user sees, what the server saw, and nothing left behind', () => {
  let server: ProviderServer;
  let handlesBefore: ReturnType<typeof liveHandles>;
  beforeEach(async () => {
    server = await startProviderServer();
    handlesBefore = liveHandles();
  });
  afterEach(async () => {
    await Promise.all(server.requests.map((r) => r.ended));
    assert.equal(server.activeResponses(), 0, 'no response still being written');
    try {
      await server.dropIdleConnections();
      assert.deepEqual(await settledHandles(handlesBefore), handlesBefore, 'no timer or socket left behind');
    } finally {
      await server.close();
    }
  });

  for (const wire of ['openai', 'anthropic'] as const) {
    describe(wire, () => {
      let h: EngineHarness;
      beforeEach(() => { h = new EngineHarness(server, wire); });

      it('a connection reset after text was shown keeps the text, marks the turn interrupted, and does not retry', async () => {
        server.enqueue({ kind: 'script', text: ANSWER, tokensPerSecond: 400, resetAfterBytes: 1800 });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type, 'turn-error');
        if (end.type !== 'turn-error') return;
        assert.equal(end.error.kind, 'network');
        assert.equal(end.error.retryable, true);
        assert.ok(end.partialText.length > 10 && ANSWER.startsWith(end.partialText), `kept "${end.partialText}"`);
        assert.equal(h.shownText(end.turnId), end.partialText, 'what was shown is exactly what is kept');
        assert.equal(server.requests.length, 1, 'no silent second answer');
        assert.equal(h.engine.snapshot()[0].state, 'error');
      });

      it('a reset before the first token is retried with backoff, and the answer then streams', async () => {
        server.enqueue({ kind: 'script', text: ANSWER, resetAfterBytes: 30 }, { kind: 'script', text: ANSWER });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type, 'turn-end');
        assert.equal(h.shownText(end.turnId), ANSWER);
        assert.equal(server.requests.length, 2);
        // Full jitter over a 5 ms base: one wait in ten rounds to 0 ms, shown as "Retrying now".
        assert.match(h.statuses()[0], /Retrying (in \d+ s|now) \(2\/3\)/);
      });

      it('a stall longer than the idle timeout aborts the request and keeps the text', async () => {
        // The session's timers run on a clock the test moves, so a busy machine cannot fire the timeout early.
        const clock = new ManualClock();
        const timed = new EngineHarness(server, wire, { idleTimeoutMs: 200 }, { clock });
        // A stall far longer than any test: the answer can only end because the client gave up on it.
        server.enqueue({ kind: 'script', text: ANSWER, stallAfterBytes: 1500, stallMs: 10 * 60_000 });
        const running = timed.engine.explain(CODE);
        await until(() => timed.posted.some((m) => m.type === 'delta'), 10_000, 'the first text');
        clock.advance(200);
        await running;
        const end = timed.lastEnd();
        assert.equal(end.type === 'turn-error' && end.error.kind, 'idle_timeout');
        assert.ok(end.type === 'turn-error' && end.partialText.length > 0 && ANSWER.startsWith(end.partialText) && end.partialText !== ANSWER);
        await server.requests[0].ended;
        assert.equal(server.requests[0].completed, false, 'the turn ended while the server was still silent, not after the stall');
        assert.equal(server.requests[0].clientDisconnected, true, 'the HTTP request was aborted');
      });

      it('a pause shorter than the idle timeout is tolerated', async () => {
        h.settings.idleTimeoutMs = 1500;
        server.enqueue({ kind: 'script', text: ANSWER, stallAfterBytes: 900, stallMs: 200 });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type, 'turn-end');
        assert.equal(h.shownText(end.turnId), ANSWER);
      });

      it('the total timeout stops a slow answer and keeps the text', async () => {
        const clock = new ManualClock();
        const timed = new EngineHarness(server, wire, { totalTimeoutMs: 400 }, { clock });
        server.enqueue({ kind: 'script', tokens: 500, tokensPerSecond: 40 });
        const running = timed.engine.explain(CODE);
        await until(() => timed.posted.some((m) => m.type === 'delta'), 10_000, 'the first text');
        clock.advance(400);
        await running;
        const end = timed.lastEnd();
        assert.equal(end.type === 'turn-error' && end.error.kind, 'timeout');
        assert.ok(end.type === 'turn-error' && end.partialText.length > 0);
        await server.requests[0].ended;
        assert.equal(server.requests[0].completed, false, 'stopped while the server was still writing');
        assert.equal(server.requests[0].clientDisconnected, true);
      });

      it('429 with retry-after-ms is honoured, shown, and retried once', async () => {
        server.enqueue(
          { kind: 'http-error', fixture: fixture(wire, 'openai-429-rate-limit-tokens', 'anthropic-429-rate-limit-error'), headers: { 'retry-after': null, 'retry-after-ms': '150' } },
          { kind: 'script', text: ANSWER },
        );
        await h.engine.explain(CODE);
        assert.equal(h.lastEnd().type, 'turn-end');
        assert.equal(server.requests.length, 2);
        assert.ok(server.requests[1].startedAt - server.requests[0].startedAt >= 140, 'waited as asked');
        assert.match(h.statuses()[0], /rate limit.*Retrying in 1 s \(2\/3\)/);
      });

      it('429 asking for a wait beyond the retry budget is reported, not waited out', async () => {
        server.enqueue({ kind: 'http-error', fixture: fixture(wire, 'openai-429-rate-limit-tokens', 'anthropic-429-rate-limit-error'), headers: { 'retry-after': '60' } });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type === 'turn-error' && end.error.kind, 'rate_limit');
        assert.match(end.type === 'turn-error' ? end.error.message : '', /wait 60 s/);
        assert.equal(server.requests.length, 1);
      });

      for (const status of [500, 503]) {
        it(`${status} is retried, then the answer streams`, async () => {
          server.enqueue({ kind: 'http-error', fixture: fixture(wire, 'openai-500-server-error', 'anthropic-500-api-error'), status }, { kind: 'script', text: ANSWER });
          await h.engine.explain(CODE);
          assert.equal(h.lastEnd().type, 'turn-end');
          assert.equal(server.requests.length, 2);
        });
      }

      it('a provider that stays overloaded (529) is retried up to the limit, then reported', async () => {
        const e = { kind: 'http-error' as const, fixture: 'anthropic-529-overloaded' };
        server.enqueue(e, e, e);
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type === 'turn-error' && end.error.kind, 'overloaded');
        assert.match(end.type === 'turn-error' ? end.error.message : '', /overloaded/);
        assert.equal(server.requests.length, 3);
        assert.deepEqual(h.statuses().map((s) => s.match(/\(\d\/3\)/)?.[0]), ['(2/3)', '(3/3)']);
      });

      it('a prompt too long for the model is reported as such and not retried', async () => {
        server.enqueue({ kind: 'http-error', fixture: fixture(wire, 'openai-400-context-length-exceeded', 'anthropic-400-prompt-too-long') });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type === 'turn-error' && end.error.kind, 'context_length');
        assert.match(end.type === 'turn-error' ? end.error.message : '', /too long/);
        assert.equal(server.requests.length, 1);
      });

      it('a rejected key is not retried and offers Set API Key; the key never reaches the logs', async () => {
        // Shaped like real keys (assembled, so no key-like literal sits in the tree).
        h.key = wire === 'openai' ? ['sk', 'proj', 'SECRETsecretSECRET123456'].join('-') : ['sk', 'ant', 'api03', 'SECRETsecret123456'].join('-');
        // Worst case: an error body that echoes the whole key back.
        server.enqueue({ kind: 'http-error', fixture: fixture(wire, 'openai-401-invalid-api-key', 'anthropic-401-authentication-error'), body: JSON.stringify({ error: { message: `Incorrect API key provided: ${h.key}`, type: 'invalid_request_error', code: 'invalid_api_key' } }) });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type === 'turn-error' && end.error.kind, 'auth');
        assert.equal(end.type === 'turn-error' && end.error.action, 'set-api-key');
        assert.equal(server.requests.length, 1);
        const everything = JSON.stringify([h.logs, h.posted, h.engine.snapshot(), h.engine.exportTurns(), h.engine.ledger.all()]);
        assert.ok(h.logs.some((l) => l.includes('Incorrect API key provided')), 'the provider body is logged');
        assert.ok(!everything.includes(h.key), 'the key is in no log, message or state');
        assert.ok(!everything.includes('SECRETsecret'), 'not even a fragment');
      });

      it('an error event inside the stream keeps the text and says what happened', async () => {
        server.enqueue({ kind: 'replay', transcript: fixture(wire, 'openai-chat-error-midstream.SYNTHETIC', 'anthropic-messages-error-overloaded.ASSEMBLED') });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type, 'turn-error');
        if (end.type !== 'turn-error') return;
        assert.equal(end.error.kind, wire === 'openai' ? 'server' : 'overloaded');
        assert.equal(end.partialText, wire === 'openai' ? 'Olá!' : 'Olá! (That');
        assert.equal(server.requests.length, 1);
      });

      it('malformed JSON after text is a clear error with the text kept, never a hang', async () => {
        const good = fullBody(wire, ANSWER);
        const cut = good.indexOf(wire === 'openai' ? 'data: ' : 'event: content_block_delta', good.length / 2);
        server.enqueue({ kind: 'raw', body: good.slice(0, cut) + (wire === 'openai' ? 'data: {"id": broken\n\n' : 'event: content_block_delta\ndata: {broken\n\n') });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type === 'turn-error' && end.error.kind, 'malformed');
        assert.ok(end.type === 'turn-error' && end.partialText.length > 0 && ANSWER.startsWith(end.partialText));
      });

      it('malformed JSON before any text is retried', async () => {
        server.enqueue({ kind: 'raw', body: wire === 'openai' ? 'data: {nope\n\n' : 'event: message_start\ndata: {nope\n\n' }, { kind: 'script', text: ANSWER });
        await h.engine.explain(CODE);
        assert.equal(h.lastEnd().type, 'turn-end');
        assert.equal(server.requests.length, 2);
      });

      it('a clean end without the terminator ([DONE] / message_stop) is interrupted, not done', async () => {
        server.enqueue({ kind: 'raw', body: fullBody(wire, ANSWER, { terminator: false }) });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type === 'turn-error' && end.error.kind, 'interrupted');
        assert.equal(end.type === 'turn-error' && end.partialText, ANSWER);
      });

      it('a slow drip of one byte at a time reassembles exactly', async () => {
        server.enqueue({ kind: 'replay', transcript: fixture(wire, 'openai-chat-include-usage-gpt-4o-mini', 'anthropic-messages-basic'), chunkBytes: 1, delayMs: 1 });
        await h.engine.explain(CODE);
        const end = h.lastEnd();
        assert.equal(end.type, 'turn-end');
        assert.equal(h.shownText(end.turnId), wire === 'openai' ? 'Olá!' : 'Hello there!');
      });

      it('a body split at every byte boundary reassembles multi-byte UTF-8 exactly', async function () {
        this.timeout(120_000);
        const text = 'Olá, 世界! 👋 naïve café — ünïcödé ✓ ẞ';
        const body = fullBody(wire, text);
        const bytes = Buffer.byteLength(body);
        const provider = providerFor(server, wire);
        const request = { model: 'm', system: 's', messages: [{ role: 'user' as const, content: 'x' }], maxOutputTokens: 100 };
        const failures: string[] = [];
        const offsets = Array.from({ length: bytes - 1 }, (_, i) => i + 1);
        // A few at a time: each is a full HTTP exchange through the SDK.
        for (let i = 0; i < offsets.length; i += 8) {
          await Promise.all(offsets.slice(i, i + 8).map(async (k) => {
            // The pause makes the two pieces separate TCP segments, so the client really sees the split.
            server.enqueue({ kind: 'raw', body, splitAt: [k], delayMs: 2 });
            let got = '';
            await provider.stream(request, new AbortController().signal, (ev) => { if (ev.type === 'delta') got += ev.text; });
            if (got !== text) failures.push(`split at ${k}: ${JSON.stringify(got)}`);
          }));
        }
        assert.deepEqual(failures, []);
        assert.equal(server.requests.length, bytes - 1);
      });
    });
  }

  it('insufficient quota (a 429 that will not clear) is not retried', async () => {
    const h = new EngineHarness(server, 'openai');
    server.enqueue({ kind: 'http-error', fixture: 'openai-429-insufficient-quota' });
    await h.engine.explain(CODE);
    const end = h.lastEnd();
    assert.equal(end.type === 'turn-error' && end.error.kind, 'quota');
    assert.equal(server.requests.length, 1, 'unlike the SDK default, we do not retry a quota error');
  });
});
