import * as assert from 'node:assert/strict';
import type { RunResult } from '../../bench/latency/main';
import { targetRecord } from '../../bench/latency/record';

/** A run whose 100 tokens took `slow` ms for the slowest `late` of them and 10 ms for the rest. */
const run = (target: string, provider: 'openai' | 'anthropic', rate: RunResult['rate'], late: number, slow: number): RunResult =>
  ({ target, provider, rate, rep: 1, latencies: Array.from({ length: 100 }, (_, i) => (i < late ? slow : 10)) }) as unknown as RunResult;

describe('bench:latency record (the target over saved runs)', () => {
  it('counts a cell per provider × rate × page of a run, its repetitions pooled, and its p99 against the target', () => {
    const first = {
      runs: [
        // Two repetitions of one cell: 3 slow tokens of 200 pooled, so the p99 (the 3rd slowest) is 60 ms; either
        // repetition alone would have its p99 at 10 or 60.
        run('panel', 'openai', 200, 2, 60), run('panel', 'openai', 200, 1, 60),
        run('panel', 'anthropic', 200, 0, 0),
        run('vscode-floor, paced', 'openai', 200, 1, 45),
        // Not counted: an --ab variant, a warm-up and a burst.
        run('A: panel', 'openai', 200, 50, 900), run('panel, warm-up', 'openai', 40, 50, 900), run('panel', 'openai', 'burst', 50, 900),
      ],
    };
    const second = { runs: [run('panel', 'openai', 200, 2, 80), run('panel', 'openai', 40, 0, 0)] };
    const record = targetRecord([first, second], 50);
    assert.deepEqual(record.map((l) => [l.rate, l.page, l.met, l.cells]), [
      [40, 'panel', 1, 1],
      [200, 'panel', 1, 3],
      [200, 'vscode-floor, paced', 1, 1],
    ]);
    const panel200 = record.find((l) => l.rate === 200 && l.page === 'panel')!;
    assert.deepEqual([panel200.minP99, panel200.medianP99, panel200.maxP99], [10, 60, 80]);
  });

  it('holds a p99 equal to the target as met', () => {
    const [line] = targetRecord([{ runs: [run('floor', 'openai', 10, 1, 50)] }], 50);
    assert.equal(line.met, 1);
  });
});
