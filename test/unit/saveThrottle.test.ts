import * as assert from 'node:assert/strict';
import { SaveThrottle } from '../../src/core/saveThrottle';
import { ManualClock } from './manualClock';

describe('SaveThrottle: at most one save per interval, never more than one interval behind', () => {
  let clock: ManualClock;
  let state: string;
  let saved: Array<{ at: number; state: string }>;
  let throttle: SaveThrottle;
  const change = (next: string) => { state = next; throttle.changed(); };

  beforeEach(() => {
    clock = new ManualClock(5_000);
    state = '';
    saved = [];
    throttle = new SaveThrottle(() => saved.push({ at: clock.now(), state }), 1000, clock);
  });

  it('the first change is saved at once', () => {
    change('a');
    assert.deepEqual(saved, [{ at: 5_000, state: 'a' }]);
  });

  it('changes within the interval wait for its end and are saved once, with the latest state', () => {
    change('a');
    for (const s of ['ab', 'abc', 'abcd']) { clock.advance(100); change(s); }
    assert.equal(saved.length, 1, 'no second save inside the interval');
    clock.advance(699); // 999 ms after the first save
    assert.equal(saved.length, 1);
    clock.advance(1);
    assert.deepEqual(saved, [{ at: 5_000, state: 'a' }, { at: 6_000, state: 'abcd' }]);
  });

  it('the trailing save happens even when changes then stop (a stalled stream)', () => {
    change('a');
    clock.advance(10);
    change('ab');
    clock.advance(60_000); // nothing else changes
    assert.deepEqual(saved.map((s) => s.state), ['a', 'ab']);
    assert.deepEqual(clock.pending(), [], 'and nothing more is scheduled');
  });

  it('a steady stream of changes is saved once per interval, each save at least an interval after the one before', () => {
    for (let i = 0; i < 100; i++) { change(`v${i}`); clock.advance(50); } // 5 s of changes every 50 ms
    const gaps = saved.slice(1).map((s, i) => s.at - saved[i].at);
    // One save per second of changes, the last one (at 5 s) carrying the final state.
    assert.deepEqual(saved.map((s) => s.at), [5_000, 6_000, 7_000, 8_000, 9_000, 10_000]);
    assert.equal(saved.at(-1)!.state, 'v99');
    assert.ok(gaps.every((g) => g >= 1000), `gaps ${gaps}`);
  });

  it('after a quiet interval, the next change is saved at once again', () => {
    change('a');
    clock.advance(5_000);
    change('b');
    assert.deepEqual(saved, [{ at: 5_000, state: 'a' }, { at: 10_000, state: 'b' }]);
  });

  it('cancel drops a pending trailing save', () => {
    change('a');
    change('ab');
    assert.deepEqual(clock.pending(), [1000]);
    throttle.cancel();
    assert.deepEqual(clock.pending(), []);
    clock.advance(5_000);
    assert.deepEqual(saved.map((s) => s.state), ['a']);
  });
});
