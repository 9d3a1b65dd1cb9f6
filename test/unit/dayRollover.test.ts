import * as assert from 'node:assert/strict';
import { fixedOffsetCalendar, type Calendar } from '../../src/core/ledger/calendar';
import { DayRollover, MAX_WAIT_MS, msUntilNextDay } from '../../src/core/ledger/dayRollover';
import { ManualClock } from './manualClock';

const NY = fixedOffsetCalendar(-300);
const HOUR = 3_600_000;

describe('The status bar\'s "today" rolls over at local midnight while the window stays open (manual clock)', () => {
  it('tells of the new day once, just after local midnight, not before; then again the next midnight', () => {
    const clock = new ManualClock(Date.parse('2026-12-03T03:00:00Z')); // 2 Dec, 22:00 in New York
    const days: string[] = [];
    const rollover = new DayRollover(clock, NY, (d) => days.push(d));
    clock.advance(2 * HOUR - 1); // 23:59:59.999 local
    assert.deepEqual(days, [], 'still 2 Dec');
    clock.advance(MAX_WAIT_MS); // well past midnight: the wake-up just after it has run
    assert.deepEqual(days, ['2026-12-03']);
    clock.advance(23 * HOUR);
    assert.deepEqual(days, ['2026-12-03'], 'no second call within the same day');
    clock.advance(HOUR + 2_000);
    assert.deepEqual(days, ['2026-12-03', '2026-12-04']);
    rollover.stop();
    assert.deepEqual(clock.pending(), [], 'stop leaves no timer behind');
  });

  it('never waits longer than an hour between looks (timers stop while the machine sleeps; the wall clock does not)', () => {
    const clock = new ManualClock(Date.parse('2026-12-02T06:00:00Z')); // 01:00 local: 23 hours to midnight
    const rollover = new DayRollover(clock, NY, () => {});
    for (let i = 0; i < 30; i++) {
      assert.ok(clock.pending().every((ms) => ms <= MAX_WAIT_MS), `waits ${clock.pending().join(', ')} ms`);
      clock.advance(HOUR);
    }
    rollover.stop();
  });

  it('finds the next midnight to the millisecond, for 23- and 25-hour days too', () => {
    const now = Date.parse('2026-12-03T03:00:00Z');
    assert.equal(msUntilNextDay(now, NY), 2 * HOUR);
    assert.equal(msUntilNextDay(Date.parse('2026-12-03T04:59:59.999Z'), NY), 1);
    // A zone that moves its clocks back an hour at 01:00 UTC on 1 Nov: that local day lasts 25 hours.
    const fallBack: Calendar = { dayKey: (ms) => fixedOffsetCalendar(ms < Date.parse('2026-11-01T06:00:00Z') ? -240 : -300).dayKey(ms) };
    const startOfNov1 = Date.parse('2026-11-01T04:00:00Z'); // 00:00 local, UTC−4
    assert.equal(msUntilNextDay(startOfNov1, fallBack), 25 * HOUR);
  });
});
