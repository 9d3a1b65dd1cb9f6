import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import type { Provider, ProviderRequest } from '../../src/core/provider';
import { isAborted, onAbort } from '../../src/core/aborted';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { providerFor, sessionFor } from './helpers';

// The adapters' stream generators run once per request and are resumed per token, so V8 optimizes them during an
// answer; an object of a hidden class they have not seen at a site they pass once per request (the request, the
// signal) deoptimized them at every answer and had them compiled again (bench:host, --trace-deopt). These guard the
// two fixes: one hidden class for every request handed to an adapter, and a signal read that checks no class.
v8.setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

describe('hidden classes on the per-request path', () => {
  let server: ProviderServer;
  beforeEach(async () => { server = await startProviderServer(); });
  afterEach(async () => { await server.close(); });

  it('StreamSession hands each request to the adapter with the same hidden class', async () => {
    const seen: ProviderRequest[] = [];
    // Past V8's first calls (no feedback vector yet, when a spread's copies still shared a class) to the hot state.
    for (let i = 0; i < 12; i++) {
      server.enqueue({ kind: 'script', tokens: 3 });
      const real = providerFor(server, 'openai');
      // The real adapter, watched: what the session passed it is kept.
      const provider: Provider = { ...real, stream: (request, signal, sink) => { seen.push(request); return real.stream(request, signal, sink); } };
      const result = await sessionFor(server, 'openai', { provider }).run();
      assert.equal(result.status, 'done');
    }
    assert.equal(seen.length, 12);
    for (const r of seen) {
      assert.equal(typeof r.onWireActivity, 'function', 'the idle timer still hears the bytes');
      assert.equal(r.model, 'gpt-4o-mini');
      assert.equal(r.maxOutputTokens, 1024);
    }
    for (let i = 1; i < seen.length; i++) assert.ok(haveSameMap(seen[i - 1], seen[i]), `request ${i} has a hidden class of its own: the adapter is deoptimized at every answer`);
  });

  it('isAborted says what signal.aborted says', () => {
    const controller = new AbortController();
    assert.equal(isAborted(controller.signal), false);
    controller.abort();
    assert.equal(isAborted(controller.signal), true);
    assert.equal(isAborted(AbortSignal.abort()), true);
    assert.equal(isAborted(AbortSignal.any([new AbortController().signal])), false);
  });

  it('onAbort calls back once the signal aborts, and not after it stopped listening', () => {
    const heard: string[] = [];
    const a = new AbortController();
    onAbort(a.signal, () => heard.push('a'));
    const b = new AbortController();
    const stop = onAbort(b.signal, () => heard.push('b'));
    stop();
    a.abort();
    b.abort();
    assert.deepEqual(heard, ['a']);
  });
});
