import * as assert from 'node:assert/strict';
import type { ProviderFactory, ProviderId } from '../../src/core/provider';
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness, liveHandles, settledHandles } from './engineHarness';
import { sessionFor, until } from './helpers';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Weak references to what each request allocates: the provider built for it, the request a StreamSession holds (so the
 * session), the abort signal of each attempt, the adapter's stream (its promise) and the sink the session gave it
 * (holding the session's answer so far). The providers are the real ones, passed through unchanged.
 */
class Allocations {
  readonly refs: Array<WeakRef<object>> = [];
  readonly loadProvider = async (id: ProviderId): Promise<ProviderFactory> => {
    const factory = id === 'openai' ? createOpenAIProvider : createAnthropicProvider;
    return (config) => {
      const provider = factory(config);
      this.refs.push(new WeakRef(provider));
      return {
        id: provider.id,
        stream: (request, signal, sink) => {
          const stream = provider.stream(request, signal, sink);
          this.refs.push(new WeakRef(request), new WeakRef(signal), new WeakRef(stream), new WeakRef(sink));
          return stream;
        },
      };
    };
  };

  /** How many are still reachable after full collections (a few rounds: finalisation can free more). */
  async alive(): Promise<number> {
    for (let i = 0; i < 6; i++) {
      gc!();
      await new Promise((r) => setImmediate(r));
    }
    return this.refs.filter((r) => r.deref() !== undefined).length;
  }
}

describe('load: bursts of requests and concurrent sessions', function () {
  this.timeout(120_000);
  let server: ProviderServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(() => { process.on('unhandledRejection', onUnhandled); });
  after(() => { process.off('unhandledRejection', onUnhandled); });
  beforeEach(async () => {
    server = await startProviderServer({ defaultScenario: { kind: 'script', tokens: 400, tokensPerSecond: 200 } });
    unhandled.length = 0;
  });
  afterEach(async () => {
    try {
      await Promise.all(server.requests.map((r) => r.ended));
      assert.equal(server.activeResponses(), 0);
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
    } finally {
      await server.close();
    }
  });

  /** Handles once idle connections are gone: the baseline a leak check compares against. */
  async function steadyHandles(): Promise<ReturnType<typeof liveHandles>> {
    await server.dropIdleConnections();
    return settledHandles({ timers: 0, sockets: 0 }, 500);
  }

  /** Fire `n` explain requests back to back without waiting; each cancels the one before. */
  async function burst(h: EngineHarness, n: number): Promise<void> {
    const runs: Array<Promise<void>> = [];
    for (let i = 0; i < n; i++) runs.push(h.engine.explain({ code: `f${i}()` }));
    await until(() => server.requests.some((r) => !r.clientDisconnected && r.endedAt === undefined) || h.ends().length === n, 10_000, 'the last stream');
    await Promise.all(runs);
  }

  it('50 requests fired back to back leave exactly one answer, every other turn cancelled, and nothing of them reachable', async () => {
    assert.ok(gc, 'mocha runs with --expose-gc');
    const allocations = new Allocations();
    const h = new EngineHarness(server, 'openai', {}, { loadProvider: allocations.loadProvider });
    await burst(h, 5); // warm up: SDK bundles, tokenizer, sockets
    const handles0 = await steadyHandles();
    const t0 = Date.now();
    for (let round = 0; round < 3; round++) await burst(h, 50);
    const elapsed = Date.now() - t0;
    const snaps = h.engine.snapshot();
    const last = snaps.slice(-50);
    assert.equal(last.filter((s) => s.state === 'done').length, 1, 'one live stream per burst ran to the end');
    assert.equal(last.at(-1)!.state, 'done', 'and it is the latest request');
    assert.ok(last.slice(0, -1).every((s) => s.state === 'cancelled'), 'every other turn cancelled');
    const ends = h.ends();
    assert.equal(ends.length, 155, 'every request got exactly one end');
    // Fired in one go, each request is replaced before it is sent: only the last of each burst reaches the server.
    // (Requests stopped mid-stream closing their connections is the next test's subject.)
    assert.equal(server.requests.length, 4, 'the warm-up burst and three bursts: one request each');
    assert.ok(server.requests.every((r) => r.completed), 'and each was answered in full');
    assert.equal(h.engine.streaming, false);
    await h.engine.newChat();
    // Every request that reached the server was streamed by one session: each left a provider, a request, a signal,
    // a stream and a sink to track (5 references), and none of them may outlive the conversation.
    assert.equal(allocations.refs.length, 5 * server.requests.length);
    const alive = await allocations.alive();
    console.log(`      150 requests in ${elapsed} ms; ${allocations.refs.length} objects tracked, ${alive} reachable after GC`);
    assert.equal(alive, 0, 'a provider, session, signal, stream or sink of a finished request is still reachable');
    await server.dropIdleConnections();
    assert.deepEqual(await settledHandles(handles0), handles0, 'no timer or socket left behind');
  });

  it('50 requests, each arriving while the previous one streams, close 49 live connections, leave one answer, and nothing of the others reachable', async () => {
    const allocations = new Allocations();
    const h = new EngineHarness(server, 'openai', {}, { loadProvider: allocations.loadProvider });
    await h.engine.explain({ code: 'warm()' });
    const handles0 = await steadyHandles();
    const before = server.requests.length;
    const runs: Array<Promise<void>> = [];
    const t0 = Date.now();
    for (let i = 0; i < 50; i++) {
      const seen = h.posted.length;
      runs.push(h.engine.explain({ code: `live${i}()` }));
      // A delta of this request's own turn (the previous one may still flush a delta after it is replaced).
      const own = () => h.posted.slice(seen).find((m) => m.type === 'turn-start')?.turnId;
      if (i < 49) await until(() => h.posted.slice(seen).some((m) => m.type === 'delta' && m.turnId === own()), 10_000, `request ${i} streaming`);
    }
    await Promise.all(runs);
    const elapsed = Date.now() - t0;
    const live = server.requests.slice(before);
    assert.equal(live.length, 50, 'every request really streamed');
    await Promise.all(live.map((r) => r.ended));
    assert.equal(live.filter((r) => r.clientDisconnected).length, 49, '49 connections closed by cancellation');
    assert.equal(live.at(-1)!.completed, true);
    const states = h.engine.snapshot().slice(-50).map((s) => s.state);
    assert.deepEqual([...new Set(states.slice(0, 49))], ['cancelled']);
    assert.equal(states[49], 'done');
    await h.engine.newChat();
    assert.equal(allocations.refs.length, 5 * 51, 'a provider, a request, a signal, a stream and a sink for each of the 51 requests');
    const alive = await allocations.alive();
    console.log(`      50 live streams replaced one after another in ${elapsed} ms; ${alive} of ${allocations.refs.length} objects reachable after GC`);
    assert.equal(alive, 0, 'a provider, session, signal, stream or sink of a replaced request is still reachable');
    await server.dropIdleConnections();
    assert.deepEqual(await settledHandles(handles0), handles0, 'no timer or socket left behind');
  });

  it('20 requests arriving concurrently from different places still leave one live stream', async () => {
    const h = new EngineHarness(server, 'anthropic');
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      new Promise((r) => setTimeout(r, i % 5)).then(() => (i % 2 ? h.engine.ask(`question ${i}`) : h.engine.explain({ code: `g${i}()` })))));
    const states = h.engine.snapshot().map((s) => s.state);
    assert.equal(states.filter((s) => s === 'done').length, 1);
    assert.equal(states.filter((s) => s === 'cancelled').length, 19);
    assert.equal(h.ends().length, 20);
  });

  it('20 independent sessions stream concurrently to the end, then 20 are cancelled mid-stream, leaving nothing open', async () => {
    await sessionFor(server, 'openai').run(); // warm up
    await sessionFor(server, 'anthropic').run();
    const handles0 = await steadyHandles();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => sessionFor(server, i % 2 ? 'openai' : 'anthropic').run()));
    assert.ok(results.every((r) => r.status === 'done' && r.usage.outputTokens === 400));
    const sessions = Array.from({ length: 20 }, (_, i) => sessionFor(server, i % 2 ? 'openai' : 'anthropic'));
    const running = sessions.map((s) => s.run({ onDelta: () => { if (Math.random() < 0.1) s.cancel(); } }));
    const cancelled = await Promise.all(running);
    assert.ok(cancelled.every((r) => r.status === 'cancelled' && r.text.length > 0));
    await Promise.all(server.requests.map((r) => r.ended));
    assert.equal(server.requests.filter((r) => r.clientDisconnected).length, 20);
    await server.dropIdleConnections();
    assert.deepEqual(await settledHandles(handles0), handles0, 'no timer or socket left behind');
  });
});
