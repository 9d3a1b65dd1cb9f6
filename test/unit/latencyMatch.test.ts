import * as assert from 'node:assert/strict';
import { latencyAnswer } from '../../bench/latency/answer';
import type { VisibleRecord } from '../../bench/latency/recorder';
import { match, percentile, summarize, visibleChars } from '../../bench/latency/stats';
import { tokenize } from '../server/sseWriters';

const shown = (len: number, at: number): VisibleRecord => ({ kind: 'shown', id: 't1', len, at });

describe('bench:latency matching writes to what the screen showed', () => {
  it('a token is visible from the first frame that shows its letters and digits; punctuation-only tokens are not counted', () => {
    const writes = [
      { text: 'Explains', at: 100 }, // 8 characters
      { text: ' the', at: 110 }, // 11
      { text: ' **', at: 120 }, // adds nothing visible: not counted
      { text: 'code', at: 130 }, // 15
    ];
    // The first frame shows the first word; the next shows two more tokens at once; the last shows the rest.
    const m = match(writes, [shown(0, 90), shown(8, 116), shown(11, 140), shown(15, 150)]);
    assert.deepEqual(m.latencies, [16, 30, 20]);
    assert.equal(m.firstMs, 16);
    assert.equal(m.missing, 0);
  });

  it('a frame that shows only part of a token does not count it as visible', () => {
    const m = match([{ text: 'Explains', at: 0 }], [shown(4, 10), shown(8, 40)]);
    assert.deepEqual(m.latencies, [40]);
  });

  it('text never shown is counted as missing, and text taken off screen again as a regression', () => {
    const m = match([{ text: 'one', at: 0 }, { text: ' two', at: 5 }], [shown(3, 20), shown(0, 30), shown(3, 40)]);
    assert.deepEqual(m.latencies, [20]);
    assert.equal(m.missing, 1);
    assert.equal(m.regressions, 1);
  });

  it('percentiles are nearest-rank; frames counted against the 16.7 ms budget', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(xs, 50), 50);
    assert.equal(percentile(xs, 99), 99);
    const s = summarize([10, 20, 40, 5]);
    assert.deepEqual([s.p50, s.max, s.overOneFrame, s.overTwoFrames], [10, 40, 2, 1]);
  });

  it('the benchmark answers start with a word and have the asked number of tokens, every letter of them countable', () => {
    const text = latencyAnswer(300);
    assert.equal(tokenize(text).length, 300);
    assert.match(text, /^Explains /);
    assert.doesNotMatch(text, /```|\]\(|^\d+\./m, 'no fences, links or numbered lists (their text shows differently)');
    assert.ok(visibleChars(text) > 1000);
  });
});
