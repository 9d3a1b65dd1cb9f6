import * as assert from 'node:assert/strict';
import { UPKEEP_AFTER_CHANGE_MS, UPKEEP_AFTER_START_MS, UPKEEP_AFTER_STREAM_MS, UpkeepSchedule, type UpkeepTimers } from '../../src/core/ledger/upkeepSchedule';

/** A hand-driven clock: timers fire only when the test advances it. */
class Clock implements UpkeepTimers {
  now = 0;
  private timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  schedule(ms: number, fn: () => void): () => void {
    const t = { at: this.now + ms, fn, live: true };
    this.timers.push(t);
    return () => { t.live = false; };
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      next.live = false;
      this.now = next.at;
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.now = end;
  }
  get pending(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

describe('Cost ledger upkeep schedule: idle after activation, then after requests land, never two at once', () => {
  it('runs once when the window has settled, verifying; later runs after requests, debounced, do not verify', async () => {
    const clock = new Clock();
    const runs: Array<{ at: number; verify: boolean }> = [];
    const s = new UpkeepSchedule(async (verify) => void runs.push({ at: clock.now, verify }), clock);
    s.start();
    await clock.advance(UPKEEP_AFTER_START_MS - 1);
    assert.deepEqual(runs, [], 'not during activation');
    await clock.advance(1);
    assert.deepEqual(runs, [{ at: UPKEEP_AFTER_START_MS, verify: true }]);
    s.changed();
    await clock.advance(UPKEEP_AFTER_CHANGE_MS / 2);
    s.changed(); // a follow-up within the burst pushes the run back
    await clock.advance(UPKEEP_AFTER_CHANGE_MS - 1);
    assert.equal(runs.length, 1);
    await clock.advance(1);
    assert.deepEqual(runs[1], { at: UPKEEP_AFTER_START_MS + UPKEEP_AFTER_CHANGE_MS * 1.5, verify: false });
    s.dispose();
    s.changed();
    assert.equal(clock.pending, 0, 'nothing scheduled after dispose');
  });

  it('a request landing during a run runs it again afterwards, not alongside; a failed run is logged and verified again next time', async () => {
    const clock = new Clock();
    let active = 0;
    let most = 0;
    const verifies: boolean[] = [];
    let release: (() => void) | undefined;
    let fail = true;
    const logs: string[] = [];
    const s = new UpkeepSchedule(async (verify) => {
      verifies.push(verify);
      active++;
      most = Math.max(most, active);
      await new Promise<void>((r) => { release = r; });
      active--;
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
    }, clock, (l) => logs.push(l));
    s.start();
    await clock.advance(UPKEEP_AFTER_START_MS);
    s.changed(); // while the first run is still going
    await clock.advance(UPKEEP_AFTER_CHANGE_MS * 3);
    assert.equal(verifies.length, 1, 'the second run waits for the first');
    release!();
    await new Promise((r) => setImmediate(r));
    assert.match(logs[0], /snapshot upkeep failed \(disk full\)/);
    await clock.advance(UPKEEP_AFTER_CHANGE_MS);
    assert.deepEqual(verifies, [true, true], 'the run after a failed verify verifies again');
    release!();
    await new Promise((r) => setImmediate(r));
    assert.equal(most, 1);
  });

  it('a run due while an answer streams waits for the stream to end, then goes shortly after; a new stream holds it again', async () => {
    const clock = new Clock();
    const runs: number[] = [];
    let streaming = false;
    const s = new UpkeepSchedule(async () => void runs.push(clock.now), clock, () => {}, () => streaming);
    s.start();
    streaming = true;
    await clock.advance(UPKEEP_AFTER_START_MS * 5);
    assert.deepEqual(runs, [], 'not while the answer streams');
    assert.equal(clock.pending, 0, 'no timer polls meanwhile');
    const ended = clock.now;
    streaming = false;
    s.idle();
    await clock.advance(UPKEEP_AFTER_STREAM_MS - 1);
    assert.deepEqual(runs, []);
    await clock.advance(1);
    assert.deepEqual(runs, [ended + UPKEEP_AFTER_STREAM_MS]);

    s.changed(); // the next request lands, and its answer is still streaming when the run falls due
    streaming = true;
    await clock.advance(UPKEEP_AFTER_CHANGE_MS);
    assert.equal(runs.length, 1);
    streaming = false;
    s.idle();
    streaming = true; // a follow-up starts before the short wait is over: held again
    await clock.advance(UPKEEP_AFTER_STREAM_MS);
    assert.equal(runs.length, 1);
    streaming = false;
    s.idle();
    await clock.advance(UPKEEP_AFTER_STREAM_MS);
    assert.equal(runs.length, 2);
    s.idle(); // nothing held back: nothing runs
    await clock.advance(UPKEEP_AFTER_CHANGE_MS * 2);
    assert.equal(runs.length, 2);
  });
});
