import * as assert from 'node:assert/strict';
import { latencyAnswer } from '../../bench/latency/answer';
import { isReady, parseFloorMessage, type FloorMessage } from '../../bench/latency/vscodeFloor/messages';
import { streamAnswer, type FloorSettings } from '../../bench/latency/vscodeFloor/stream';
import { startProviderServer, type ChunkStamp, type ProviderServer } from '../server/providerServer';

// bench:latency's vscode-floor extension: it must post exactly what the SDK gave it, one panel-shaped delta per text
// delta, or the floor would be a different (coalescing) extension and its figures would not be "any extension's".
describe('bench:latency vscode-floor extension', () => {
  let server: ProviderServer;
  const written: ChunkStamp[] = [];
  before(async () => {
    server = await startProviderServer({ onChunk: (s) => written.push(s) });
  });
  after(() => server.close());

  const settings = (provider: FloorSettings['provider']): FloorSettings => ({
    provider, openaiBaseUrl: server.openaiBaseUrl, openaiModel: 'gpt-4o-mini', anthropicBaseUrl: server.anthropicBaseUrl, anthropicModel: 'claude-sonnet-4-20250514',
  });

  for (const provider of ['openai', 'anthropic'] as const) {
    it(`${provider}: one { type: 'delta', turnId, text } per token the server wrote, in order, even when a burst arrives in one read`, async () => {
      written.length = 0;
      const text = latencyAnswer(120, 5);
      // A burst (no pacing): many SSE events share a socket read, where a coalescing loop would merge them.
      server.enqueue({ kind: 'script', text });
      const posted: FloorMessage[] = [];
      await streamAnswer(settings(provider), 'floor-7', (m) => posted.push(m));
      assert.equal(server.requests.at(-1)?.wire, provider);
      assert.ok(written.length > 100, `the server wrote ${written.length} tokens`);
      assert.deepEqual(posted, written.map((w) => ({ type: 'delta', turnId: 'floor-7', text: w.text })));
      assert.equal(posted.map((m) => (m.type === 'delta' ? m.text : '')).join(''), text);
    });
  }

  it('the page takes only the three message shapes, with a turn id and a text of bounded size', () => {
    assert.deepEqual(parseFloorMessage({ type: 'turn-start', turnId: 'floor-1', extra: 1 }), { type: 'turn-start', turnId: 'floor-1' });
    assert.deepEqual(parseFloorMessage({ type: 'delta', turnId: 'floor-1', text: 'a' }), { type: 'delta', turnId: 'floor-1', text: 'a' });
    assert.deepEqual(parseFloorMessage({ type: 'turn-end', turnId: 'floor-1' }), { type: 'turn-end', turnId: 'floor-1' });
    for (const bad of [
      null, 'delta', { type: 'delta', turnId: 'floor-1' }, { type: 'delta', turnId: 'floor-1', text: 3 }, { type: 'delta', text: 'a' },
      { type: 'delta', turnId: '', text: 'a' }, { type: 'delta', turnId: 'x'.repeat(101), text: 'a' },
      { type: 'delta', turnId: 'floor-1', text: 'x'.repeat(64 * 1024 + 1) }, { type: 'clear', turnId: 'floor-1' },
    ]) assert.equal(parseFloorMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
  });

  it('the host takes only the page\'s ready', () => {
    assert.equal(isReady({ type: 'ready' }), true);
    for (const bad of [null, 'ready', {}, { type: 'delta' }]) assert.equal(isReady(bad), false);
  });
});
