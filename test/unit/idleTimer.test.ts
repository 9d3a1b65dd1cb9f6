import { strict as assert } from 'node:assert';
import { IdleTimer } from '../../src/core/idleTimer';
import { ManualClock } from './manualClock';

describe('IdleTimer: one timer, touches only note the time', () => {
  it('fires exactly `ms` after the last touch, however many touches came before it', () => {
    const clock = new ManualClock();
    let fired = 0;
    const t = new IdleTimer(1000, clock, () => fired++);
    t.start();
    for (let i = 0; i < 50; i++) {
      clock.advance(100);
      t.touch();
    }
    assert.equal(clock.pending().length, 1, 'never more than one timer waiting');
    clock.advance(999);
    assert.equal(fired, 0, '1 ms before the quiet period ends');
    clock.advance(1);
    assert.equal(fired, 1, 'at its end');
    clock.advance(10_000);
    assert.equal(fired, 1, 'once');
  });

  it('a touch in the middle of a wait moves the deadline to exactly `ms` after it (the re-armed wait is what is left)', () => {
    const clock = new ManualClock();
    let fired = 0;
    const t = new IdleTimer(1000, clock, () => fired++);
    t.start();
    clock.advance(600);
    t.touch();
    clock.advance(999);
    assert.equal(fired, 0, 'not before 1000 ms of quiet');
    clock.advance(1);
    assert.equal(fired, 1, 'at 1600 ms: 1000 ms after the touch, not at the second full period (2000 ms)');
  });

  it('touches schedule nothing: the timer re-arms only when it fires early', () => {
    const clock = new ManualClock();
    const t = new IdleTimer(1000, clock, () => {});
    t.start();
    const before = clock.pending().length;
    for (let i = 0; i < 1000; i++) t.touch();
    assert.equal(clock.pending().length, before);
    assert.equal(clock.fired, 0);
  });

  it('stop drops the timer; start begins a fresh wait; 0 disables it', () => {
    const clock = new ManualClock();
    let fired = 0;
    const t = new IdleTimer(500, clock, () => fired++);
    t.start();
    t.stop();
    assert.deepEqual(clock.pending(), []);
    clock.advance(1000);
    t.start();
    clock.advance(499);
    assert.equal(fired, 0);
    clock.advance(1);
    assert.equal(fired, 1);
    const off = new IdleTimer(0, clock, () => fired++);
    off.start();
    assert.deepEqual(clock.pending(), []);
  });
});
