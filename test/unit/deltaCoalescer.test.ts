import * as assert from 'node:assert/strict';
import { DeltaCoalescer } from '../../src/core/deltaCoalescer';

describe('delta coalescing (about one message per frame)', () => {
  it('sends the first delta at once and merges a burst into one message per interval', async () => {
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t), 30);
    c.push('a');
    assert.deepEqual(sent, ['a'], 'no delay after a quiet period');
    for (const t of ['b', 'c', 'd']) c.push(t);
    assert.deepEqual(sent, ['a']);
    await new Promise((r) => setTimeout(r, 45));
    assert.deepEqual(sent, ['a', 'bcd']);
    c.dispose();
  });

  it('1000 tokens pushed in a tight loop become a handful of messages, losing nothing', async () => {
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t), 16);
    let all = '';
    for (let i = 0; i < 1000; i++) { c.push(`w${i} `); all += `w${i} `; }
    c.flush();
    assert.ok(sent.length <= 3, `${sent.length} messages`);
    assert.equal(sent.join(''), all);
  });

  it('flush emits what is buffered and leaves no timer behind', () => {
    const sent: string[] = [];
    const c = new DeltaCoalescer((t) => sent.push(t), 1000);
    c.push('x');
    c.push('y');
    c.flush();
    assert.deepEqual(sent, ['x', 'y']);
    c.flush();
    assert.deepEqual(sent, ['x', 'y'], 'nothing left to send');
  });
});
