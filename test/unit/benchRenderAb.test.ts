import * as assert from 'node:assert/strict';
import { abReport, type AbRun } from '../../bench/renderAb';

// bench:render --ab: the side-by-side table of this checkout's panel against another build that the README's
// throughput A/B comes from.
describe('bench:render --ab report (ours beside another build, medians over repetitions)', () => {
  const run = (renderer: string, tokens: number, rate: 'max' | number, busyMs: number, extra: Partial<AbRun> = {}): AbRun => ({
    renderer, tokens, rate, busyMs, busyCpuMs: busyMs / 2, toPaintMs: 10, longestFrameMs: 20, framesOver16: 1, frames: 100, ...extra,
  });

  it('prints one row per answer and delivery with the medians of each build and A / ours', () => {
    const out = abReport([
      run('ours', 1000, 'max', 100), run('A', 1000, 'max', 300), run('ours', 1000, 'max', 140), run('A', 1000, 'max', 500),
      run('ours', 1000, 'max', 120), run('A', 1000, 'max', 360),
      run('baseline', 1000, 'max', 9000), // another renderer: not in the A/B
    ], '/nowhere');
    const row = out.split('\n').find((l) => l.startsWith('1000'));
    assert.ok(row, out);
    const cells = row.trim().split(/\s{2,}/);
    assert.deepEqual(cells.slice(0, 9), ['1000', 'max speed', '3', '120', '60.0', '360', '180', '3.00×', '3.00×']);
    assert.match(out, /1000 tokens at max speed: main-thread busy ours 120 ms, A 360 ms: A \/ ours 3\.00×/);
  });

  it('leaves out an answer one build did not run, and says so when none was run by both', () => {
    const out = abReport([run('ours', 1000, 100, 50), run('A', 1000, 100, 40), run('ours', 5000, 'max', 80)], '/nowhere');
    assert.match(out, /1000 tokens at 100 tok\/s: .* A \/ ours 0\.80×/);
    assert.doesNotMatch(out, /5000/);
    assert.match(abReport([run('ours', 1000, 'max', 1)], '/nowhere'), /no answer was run by both/);
  });
});
