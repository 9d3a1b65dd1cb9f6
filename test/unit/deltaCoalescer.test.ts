import * as assert from 'node:assert/strict';
import { DeltaCoalescer } from '../../src/core/deltaCoalescer';

/** One turn of the event loop: immediates run in order, so the coalescer's (queued first) has run when this resolves. */
const turn = () => new Promise((r) => setImmediate(r));

describe('delta coalescing (merge what arrives together, hold nothing back)', () => {
  it('a delta on its own goes out as soon as the event loop finishes the turn it arrived in', async () => {
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t));
    c.push('a');
    await turn();
    assert.deepEqual(sent, ['a']);
  });

  it('a token arriving a frame\'s fraction after the last message is not held for a frame (200 tokens/s: 5 ms apart)', async () => {
    let now = 0;
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t), undefined, () => now); // the default gap
    c.push('a');
    await turn();
    now = 5;
    c.push(' b');
    await turn();
    assert.deepEqual(sent, ['a', ' b'], 'the second token went out in its own turn, not after an interval');
  });

  it('deltas pushed in one turn (one socket read) travel as one message', async () => {
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t));
    let all = '';
    for (let i = 0; i < 1000; i++) { c.push(`w${i} `); all += `w${i} `; }
    assert.deepEqual(sent, [], 'nothing is sent while the turn is still running');
    await turn();
    assert.deepEqual(sent, [all]);
  });

  it('text arriving within the minimum gap waits for the gap\'s end, then goes out whole', async () => {
    let now = 0;
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t), 3, () => now);
    c.push('a');
    await turn();
    now = 1;
    c.push('b');
    c.push('c');
    await turn();
    assert.deepEqual(sent, ['a'], 'held inside the gap');
    // The coalescer's timer (2 ms) expires before this one (5 ms): Node runs expired timers in order of expiry.
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(sent, ['a', 'bc']);
  });

  it('flush emits what is buffered and leaves nothing scheduled behind', async () => {
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t), 1000);
    c.push('x');
    c.flush();
    c.push('y');
    c.flush();
    assert.deepEqual(sent, ['x', 'y']);
    c.flush();
    await turn();
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(sent, ['x', 'y'], 'nothing left to send, no second copy from a stale schedule');
  });

  it('a flush cancels what was scheduled: text pushed after it waits out the gap, then goes', async () => {
    let now = 0;
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t), 3, () => now);
    c.push('x'); // schedules the end-of-turn send
    c.flush(); // x goes now: that send is cancelled, the gap starts
    c.push('y');
    await turn();
    assert.deepEqual(sent, ['x'], 'no send left over from before the flush: y waits for the gap');
    now = 3;
    // The gap's timer (3 ms) expires before this one (10 ms).
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(sent, ['x', 'y'], 'and y does go at its end');
  });
});
