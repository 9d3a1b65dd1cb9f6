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

/** A delivery the test settles by hand, as VS Code's reply to webview.postMessage would. */
function delivery() {
  let settle!: (delivered: boolean) => void;
  let fail!: (err: Error) => void;
  const promise = new Promise<boolean>((resolve, reject) => { settle = resolve; fail = reject; });
  return { promise, settle, fail };
}

/** A coalescer paced by a window of `size`, on a manual clock; each message's delivery is settled by the test. */
function paced(size = 2, maxHoldMs = 100) {
  const clock = new ManualClock();
  const window = new PanelWindow(size, maxHoldMs);
  const sent: { text: string; kind: StreamKind; delivery: ReturnType<typeof delivery> }[] = [];
  const c = new DeltaCoalescer((text, kind) => {
    const d = delivery();
    sent.push({ text, kind, delivery: d });
    window.sent(d.promise);
  }, 0, () => clock.now(), { window, maxHoldMs, clock });
  /** Settles message `i`'s delivery and lets its callback run. */
  const deliver = async (i: number, ok = true) => {
    if (ok) sent[i].delivery.settle(true);
    else sent[i].delivery.fail(new Error('the webview was disposed'));
    await Promise.resolve();
    await Promise.resolve();
  };
  return { c, window, clock, sent, deliver, texts: () => sent.map((s) => s.text) };
}

describe('flow control by delivery: text waits while VS Code has messages still to deliver to the panel', () => {
  it('the first text of a turn goes at once, and so does the next while fewer than the window are undelivered', async () => {
    const { c, texts } = paced(2);
    c.push('a');
    await turn();
    assert.deepEqual(texts(), ['a'], 'the first token never waits');
    c.push('b');
    await turn();
    assert.deepEqual(texts(), ['a', 'b'], 'one message in flight, window of two: the second goes in its own turn too');
  });

  it('with the window full, tokens accumulate and go as one message the moment a delivery settles', async () => {
    const { c, window, deliver, texts } = paced(2);
    c.push('a');
    await turn();
    c.push('b');
    await turn();
    for (const t of ['c', 'd', 'e']) { c.push(t); await turn(); }
    assert.deepEqual(texts(), ['a', 'b'], 'two undelivered messages: the rest waits');
    assert.equal(window.inFlight, 2);
    await deliver(0);
    assert.deepEqual(texts(), ['a', 'b', 'cde'], 'a delivery releases everything gathered, as one message, without waiting a turn');
    c.push('f');
    await turn();
    assert.deepEqual(texts(), ['a', 'b', 'cde'], 'still two undelivered (b and cde)');
    await deliver(2);
    assert.deepEqual(texts(), ['a', 'b', 'cde', 'f'], 'deliveries may settle out of order: any one frees a place');
  });

  it('a failed delivery (the panel gone) frees its place like a delivered one', async () => {
    const { c, deliver, texts } = paced(1);
    c.push('a');
    await turn();
    c.push('b');
    await turn();
    assert.deepEqual(texts(), ['a']);
    await deliver(0, false);
    assert.deepEqual(texts(), ['a', 'b']);
  });

  it('thinking and answer gathered behind a full window go in the order they arrived', async () => {
    const { c, deliver, sent } = paced(1);
    c.push('t1', 'thinking');
    await turn();
    c.push('t2', 'thinking');
    c.push('a1', 'answer');
    c.push('t3', 'thinking');
    c.push('a2', 'answer');
    c.push('a3', 'answer');
    await deliver(0);
    assert.deepEqual(sent.map((s) => `${s.kind}:${s.text}`), ['thinking:t1', 'thinking:t2', 'answer:a1', 'thinking:t3', 'answer:a2a3']);
  });

  it('with no delivery (a reply that never comes), text waits the hold and no longer', async () => {
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

  it('a delivery that sends the waiting text cancels its hold: the next wait gets a hold of its own', async () => {
    const { c, clock, deliver, texts } = paced(1, 100);
    c.push('a');
    await turn();
    c.push('b'); // waits, its hold due at +100
    clock.advance(50);
    await deliver(0);
    assert.deepEqual(texts(), ['a', 'b']);
    c.push('c'); // the window is full again: c waits, its hold due at +150
    assert.equal(clock.pending().length, 1, 'one hold: the first one went with the delivery');
    clock.advance(60);
    assert.deepEqual(texts(), ['a', 'b'], 'b\'s hold, were it left, would have sent c at +100');
    clock.advance(40);
    assert.deepEqual(texts(), ['a', 'b', 'c'], 'c\'s own hold ran out');
  });

  it('Stop and the end of a turn flush at once, window full or not, leaving no timer and no waiter', async () => {
    const { c, clock, deliver, texts } = paced(1);
    c.push('a');
    await turn();
    c.push('b');
    assert.equal(clock.pending().length, 1, 'waiting for a delivery, with its hold');
    c.dispose();
    assert.deepEqual(texts(), ['a', 'b']);
    assert.deepEqual(clock.pending(), [], 'the hold was cancelled');
    await deliver(0);
    clock.advance(1000);
    await turn();
    assert.deepEqual(texts(), ['a', 'b'], 'a late delivery or timer sends no second copy');
  });

  it('a post that went to no panel (nothing returned) is not waited for; nor is anything while no panel listens', async () => {
    const w = new PanelWindow(1);
    w.sent(undefined);
    assert.equal(w.inFlight, 0);
    assert.equal(w.open, true);
    let listening = false;
    const silent = new PanelWindow(1, 100, () => listening);
    silent.sent(new Promise(() => undefined));
    assert.equal(silent.open, true, 'no panel to deliver to: nothing holds');
    listening = true;
    assert.equal(silent.open, false, 'a panel is there now: one undelivered, window of one');
  });
});

describe('flow control on the real request path (ChatEngine, the real SDKs, the local server)', () => {
  let server: ProviderServer;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });

  const ANSWER = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
  const deltas = (posted: HostMessage[]) => posted.filter((m): m is Extract<HostMessage, { type: 'delta' }> => m.type === 'delta');

  for (const provider of ['openai', 'anthropic'] as const) {
    it(`${provider}: a panel whose deliveries never settle gets the window's two messages, then the rest as one before the turn ends`, async () => {
      server.enqueue({ kind: 'script', text: ANSWER, tokensPerSecond: 400 }); // tokens in reads of their own
      const clock = new ManualClock(); // the hold never runs out: only the window and the turn's end send
      const h = new EngineHarness(server, provider, {}, { flow: new PanelWindow(2, 100), clock });
      h.deliver = () => new Promise(() => undefined);
      await h.engine.ask('Explain.');
      const ds = deltas(h.posted);
      assert.equal(ds.length, 3, `messages: ${ds.map((d) => JSON.stringify(d.text)).join(' ')}`);
      assert.equal(ds.map((d) => d.text).join(''), ANSWER, 'nothing lost, nothing repeated');
      // (A turn-estimate may follow the turn's end: the tokenizer loads after a first turn.)
      const types = h.posted.map((m) => m.type);
      assert.ok(types.includes('turn-end') && types.lastIndexOf('delta') < types.indexOf('turn-end'), `the held text went before the turn ended: ${types.join(' ')}`);
    });
  }

  it('a panel that takes each message on a later turn of the event loop gets the answer token by token', async () => {
    server.enqueue({ kind: 'script', text: ANSWER, tokensPerSecond: 400 });
    const h = new EngineHarness(server, 'openai', {}, { flow: new PanelWindow(1, 100), clock: new ManualClock() });
    h.deliver = () => new Promise((resolve) => setImmediate(() => resolve(true)));
    await h.engine.ask('Explain.');
    const ds = deltas(h.posted);
    assert.equal(ds.map((d) => d.text).join(''), ANSWER);
    assert.ok(ds.length > 60, `about a message per token, because each was delivered before the next (${ds.length} for 120 words)`);
  });
});

describe('protocol: no flow-control fields cross to the page or back', () => {
  it('the page has nothing to ack: a "rendered" message is refused', () => {
    assert.equal(parseWebviewMessage({ type: 'rendered', seq: 7 }), null);
  });

  it('a delta or thinking message is its turn and its text, nothing else', () => {
    assert.deepEqual(parseHostMessage({ type: 'delta', turnId: 't1', text: 'x' }), { type: 'delta', turnId: 't1', text: 'x' });
    assert.deepEqual(parseHostMessage({ type: 'thinking', turnId: 't1', text: 'x' }), { type: 'thinking', turnId: 't1', text: 'x' });
    for (const type of ['delta', 'thinking']) {
      assert.equal(parseHostMessage({ type, turnId: 't1', text: 'x', seq: 3 }), null, `${type} with a number`);
      assert.equal(parseHostMessage({ type, turnId: 't1', text: 7 }), null, `${type} without text`);
    }
  });
});
