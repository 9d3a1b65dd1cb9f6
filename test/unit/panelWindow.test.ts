import * as assert from 'node:assert/strict';
import { DeltaCoalescer, type StreamKind } from '../../src/core/deltaCoalescer';
import { PanelWindow } from '../../src/core/panelWindow';
import type { HostMessage } from '../../src/core/protocol';
import { parseHostMessage, parseWebviewMessage } from '../../src/core/protocolParse';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';
import { ManualClock } from './manualClock';

/** One turn of the event loop: the coalescer's immediate (queued first) has run when this resolves. */
const turn = () => new Promise((r) => setImmediate(r));

/** A coalescer paced by a window of `size`, on a manual clock (the hold only expires when the test advances it). */
function paced(size = 2, maxHoldMs = 100) {
  const clock = new ManualClock();
  const window = new PanelWindow(size, maxHoldMs);
  const sent: { text: string; kind: StreamKind; seq: number | undefined }[] = [];
  const c = new DeltaCoalescer((text, kind) => sent.push({ text, kind, seq: window.next() }), 0, () => clock.now(), { window, maxHoldMs, clock });
  return { c, window, clock, sent, texts: () => sent.map((s) => s.text) };
}

describe('flow control from the panel: text waits while the panel has messages still to draw', () => {
  it('the first text of a turn goes at once, and so does the next while fewer than the window are undrawn', async () => {
    const { c, texts } = paced(2);
    c.push('a');
    await turn();
    assert.deepEqual(texts(), ['a'], 'the first token never waits');
    c.push('b');
    await turn();
    assert.deepEqual(texts(), ['a', 'b'], 'one message in flight, window of two: the second goes in its own turn too');
  });

  it('with the window full, tokens accumulate and go as one message the moment the panel acks', async () => {
    const { c, window, texts } = paced(2);
    c.push('a');
    await turn();
    c.push('b');
    await turn();
    for (const t of ['c', 'd', 'e']) { c.push(t); await turn(); }
    assert.deepEqual(texts(), ['a', 'b'], 'two undrawn messages: the rest waits');
    window.ack(1);
    assert.deepEqual(texts(), ['a', 'b', 'cde'], 'the ack of the first releases everything gathered, as one message, without waiting a turn');
    c.push('f');
    await turn();
    assert.deepEqual(texts(), ['a', 'b', 'cde'], 'still two undrawn (2 and 3)');
    window.ack(3);
    assert.deepEqual(texts(), ['a', 'b', 'cde', 'f'], 'an ack of the last covers every message before it');
  });

  it('thinking and answer gathered behind a full window go in the order they arrived', async () => {
    const { c, window, sent } = paced(1);
    c.push('t1', 'thinking');
    await turn();
    c.push('t2', 'thinking');
    c.push('a1', 'answer');
    await turn();
    c.push('t3', 'thinking');
    c.push('a2', 'answer');
    c.push('a3', 'answer');
    window.ack(1);
    assert.deepEqual(sent.map((s) => `${s.kind}:${s.text}`), ['thinking:t1', 'thinking:t2', 'answer:a1', 'thinking:t3', 'answer:a2a3']);
    assert.deepEqual(sent.map((s) => s.seq), [1, 2, 3, 4, 5], 'numbered in the order posted');
  });

  it('with no ack (the panel hidden, an ack lost), text waits the hold and no longer', async () => {
    const { c, clock, texts } = paced(1, 100);
    c.push('a');
    await turn();
    clock.advance(10);
    c.push('b');
    clock.advance(99);
    await turn();
    assert.deepEqual(texts(), ['a'], 'inside the hold');
    c.push('c');
    clock.advance(1);
    assert.deepEqual(texts(), ['a', 'bc'], 'the hold ran out 100 ms after the text started waiting');
    assert.deepEqual(clock.pending(), [], 'no timer left behind');
  });

  it('an ack that sends the waiting text cancels its hold: the next wait gets a hold of its own', async () => {
    const { c, window, clock, texts } = paced(1, 100);
    c.push('a');
    await turn();
    c.push('b'); // waits, its hold due at +100
    clock.advance(50);
    window.ack(1);
    assert.deepEqual(texts(), ['a', 'b']);
    c.push('c'); // the window is full again: c waits, its hold due at +150
    assert.equal(clock.pending().length, 1, 'one hold: the first one went with its ack');
    clock.advance(60);
    assert.deepEqual(texts(), ['a', 'b'], 'b\'s hold, were it left, would have sent c at +100');
    clock.advance(40);
    assert.deepEqual(texts(), ['a', 'b', 'c'], 'c\'s own hold ran out');
  });

  it('Stop and the end of a turn flush at once, window full or not, leaving no timer and no waiter', async () => {
    const { c, window, clock, texts } = paced(1);
    c.push('a');
    await turn();
    c.push('b');
    assert.equal(clock.pending().length, 1, 'waiting for an ack, with its hold');
    c.dispose();
    assert.deepEqual(texts(), ['a', 'b']);
    assert.deepEqual(clock.pending(), [], 'the hold was cancelled');
    window.ack(2);
    clock.advance(1000);
    await turn();
    assert.deepEqual(texts(), ['a', 'b'], 'a late ack or timer sends no second copy');
  });

  it('acks that are stale, of messages never sent, or not whole numbers change nothing; a reloaded panel reopens it', () => {
    const w = new PanelWindow(2);
    for (let i = 0; i < 5; i++) w.next();
    assert.equal(w.inFlight, 5);
    for (const bad of [6, 100, 0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) w.ack(bad);
    assert.equal(w.inFlight, 5, 'nothing was acked');
    w.ack(4);
    assert.equal(w.inFlight, 1);
    assert.equal(w.open, true);
    w.ack(2);
    assert.equal(w.inFlight, 1, 'an older ack arriving late does not move the window back');
    w.next();
    w.next();
    assert.equal(w.open, false);
    let woke = 0;
    w.whenOpen(() => woke++);
    w.reset();
    assert.equal(w.inFlight, 0);
    assert.equal(woke, 1, 'a reset wakes whoever waits');
  });

  it('an ack is asked for only when the window is nearly full, and one ack covers the messages before it', () => {
    const w = new PanelWindow(4);
    assert.deepEqual([w.next(), w.next(), w.next()], [undefined, undefined, 3], 'the third of four asks for an ack');
    assert.equal(w.open, true);
    assert.equal(w.next(), 4);
    assert.equal(w.open, false, 'four unacked');
    w.ack(3);
    assert.equal(w.inFlight, 1);
    assert.equal(w.next(), undefined, 'two in flight: no ack needed yet');
    w.ack(4);
    assert.equal(w.inFlight, 1, 'the unnumbered one after it is still counted');
    assert.equal(w.next(), undefined);
    assert.equal(w.next(), 7, 'three in flight again: ask');
    w.ack(7);
    assert.equal(w.inFlight, 0);
  });

  it('with no panel to draw (not loaded, closed), nothing waits for acks that cannot come', async () => {
    let listening = false;
    const w = new PanelWindow(1, 100, () => listening);
    const clock = new ManualClock();
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => { sent.push(t); w.next(); }, 0, () => clock.now(), { window: w, maxHoldMs: 100, clock });
    for (const t of ['a', 'b', 'c']) { c.push(t); await turn(); }
    assert.deepEqual(sent, ['a', 'b', 'c'], 'each went in its own turn');
    listening = true;
    c.push('d');
    await turn();
    assert.deepEqual(sent, ['a', 'b', 'c'], 'a panel is there now: three unacked, window of one');
    w.reset(); // its ready
    assert.deepEqual(sent, ['a', 'b', 'c', 'd']);
  });
});

describe('flow control on the real request path (ChatEngine, the real SDKs, the local server)', () => {
  let server: ProviderServer;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });

  const ANSWER = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
  const deltas = (posted: HostMessage[]) => posted.filter((m): m is Extract<HostMessage, { type: 'delta' }> => m.type === 'delta');
  /** An engine whose stand-in panel acks every numbered delta on a later turn of the event loop, as a real panel's ack would come. */
  const ackingHarness = (windowSize: number): EngineHarness => {
    const h: EngineHarness = new EngineHarness(server, 'openai', {}, {
      flow: new PanelWindow(windowSize, 100),
      clock: new ManualClock(),
      post: (m) => {
        h.posted.push(m);
        if (m.type === 'delta' && m.seq !== undefined) { const { seq } = m; setImmediate(() => void h.engine.handle({ type: 'rendered', seq })); }
      },
    });
    return h;
  };

  for (const provider of ['openai', 'anthropic'] as const) {
    it(`${provider}: a panel that never acks gets the window's two messages, then the rest as one before the turn ends`, async () => {
      server.enqueue({ kind: 'script', text: ANSWER, tokensPerSecond: 400 }); // tokens in reads of their own
      const clock = new ManualClock(); // the hold never runs out: only the window and the turn's end send
      const h = new EngineHarness(server, provider, {}, { flow: new PanelWindow(2, 100), clock });
      await h.engine.ask('Explain.');
      const ds = deltas(h.posted);
      assert.equal(ds.length, 3, `messages: ${ds.map((d) => JSON.stringify(d.text)).join(' ')}`);
      assert.deepEqual(ds.map((d) => d.seq), [1, 2, 3]);
      assert.equal(ds.map((d) => d.text).join(''), ANSWER, 'nothing lost, nothing repeated');
      // (A turn-estimate may follow the turn's end: the tokenizer loads after a first turn.)
      const types = h.posted.map((m) => m.type);
      assert.ok(types.includes('turn-end') && types.lastIndexOf('delta') < types.indexOf('turn-end'), `the held text went before the turn ended: ${types.join(' ')}`);
    });
  }

  it('at a model\'s pace with a window of 4, the panel is asked for an ack per three messages, not per token', async () => {
    server.enqueue({ kind: 'script', text: ANSWER, tokensPerSecond: 400 });
    const h = ackingHarness(4);
    await h.engine.ask('Explain.');
    const ds = deltas(h.posted);
    const asked = ds.filter((d) => d.seq !== undefined).length;
    assert.equal(ds.map((d) => d.text).join(''), ANSWER);
    assert.ok(ds.length > 10 && asked * 2 < ds.length, `${asked} acks asked for ${ds.length} messages`);
  });

  it('a panel that acks what it is sent gets the answer token by token, numbered on across turns', async () => {
    server.enqueue({ kind: 'script', text: ANSWER, tokensPerSecond: 400 }, { kind: 'script', text: 'Second answer.', tokensPerSecond: 400 });
    const h = ackingHarness(1);
    await h.engine.ask('Explain.');
    const first = deltas(h.posted);
    assert.ok(first.length > 3, `more than the window's messages, because they were acked (${first.length})`);
    assert.equal(first.map((d) => d.text).join(''), ANSWER);
    await h.engine.ask('And?');
    const seqs = deltas(h.posted).map((d) => d.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'one sequence, on across both turns');
  });

  it('the panel saying ready (a reload) frees the window; an ack through the engine moves it', async () => {
    const flow = new PanelWindow(2, 100);
    const h = new EngineHarness(server, 'openai', {}, { flow });
    flow.next();
    flow.next();
    flow.next();
    await h.engine.handle({ type: 'rendered', seq: 2 });
    assert.equal(flow.inFlight, 1);
    await h.engine.handle({ type: 'ready' });
    assert.equal(flow.inFlight, 0);
  });
});

describe('protocol: the flow-control fields are validated like every message', () => {
  it('the panel\'s ack is a whole number from 1, and nothing else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'rendered', seq: 7 }), { type: 'rendered', seq: 7 });
    for (const bad of [
      { type: 'rendered' }, { type: 'rendered', seq: 0 }, { type: 'rendered', seq: -3 }, { type: 'rendered', seq: 1.5 },
      { type: 'rendered', seq: '7' }, { type: 'rendered', seq: Number.NaN }, { type: 'rendered', seq: 2 ** 60 },
      { type: 'rendered', seq: 7, turnId: 't1' }, { type: 'rendered', seq: [7] },
    ]) assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
  });

  it('a delta or thinking message carries a valid number or none', () => {
    assert.ok(parseHostMessage({ type: 'delta', turnId: 't1', text: 'x', seq: 3 }));
    assert.ok(parseHostMessage({ type: 'delta', turnId: 't1', text: 'x' }));
    assert.deepEqual(parseHostMessage({ type: 'thinking', turnId: 't1', text: 'x', seq: 3 }), { type: 'thinking', turnId: 't1', text: 'x', seq: 3 });
    assert.deepEqual(parseHostMessage({ type: 'thinking', turnId: 't1', text: 'x' }), { type: 'thinking', turnId: 't1', text: 'x' });
    for (const seq of [0, -1, 0.5, '3', null]) {
      assert.equal(parseHostMessage({ type: 'delta', turnId: 't1', text: 'x', seq }), null, `delta seq ${String(seq)}`);
      assert.equal(parseHostMessage({ type: 'thinking', turnId: 't1', text: 'x', seq }), null, `thinking seq ${String(seq)}`);
    }
  });
});
