import * as assert from 'node:assert/strict';
import type { RunResult } from '../../bench/latency/main';
import { printAgainstFloor } from '../../bench/latency/table';

/** A run of 100 tokens at `base` ms, the slowest `late` of them at 100 ms (more than two frames). */
const run = (target: string, rate: RunResult['rate'], base: number, late: number): RunResult =>
  ({ target, provider: 'openai', rate, rep: 1, firstMs: base, missing: 0, latencies: Array.from({ length: 100 }, (_, i) => (i < late ? 100 : base)), arrivalLatencies: [] }) as unknown as RunResult;

function printed(runs: RunResult[]): { shown: boolean; lines: string[] } {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    return { shown: printAgainstFloor(runs), lines };
  } finally {
    console.log = log;
  }
}

describe('bench:latency, each page against the paced floor', () => {
  it('prints each page\'s p50 and p99 above the paced floor of the same rate, and its late tokens against the floor\'s', () => {
    const { shown, lines } = printed([
      run('panel', 200, 20, 4), run('A: panel', 200, 15, 0), run('vscode-floor, paced', 200, 16, 1),
      run('panel', 40, 18, 1), run('vscode-floor, paced', 40, 18, 1),
      // No floor at this rate, and rows never held against themselves or the other floors.
      run('panel', 10, 18, 0), run('floor', 200, 10, 0), run('panel, warm-up', 40, 30, 5),
    ]);
    assert.ok(shown);
    const row = (page: string, rate: string) => lines.find((l) => l.includes(` ${rate} `) && new RegExp(`\\s${page}\\s`).test(l))?.trim().split(/\s{2,}/);
    assert.deepEqual(row('panel', '200 tok/s')?.slice(3), ['+4.0', '+84.0', '4 / 1', '4.00×']);
    assert.deepEqual(row('A: panel', '200 tok/s')?.slice(3), ['-1.0', '-1.0', '0 / 1', '0.00×']);
    assert.deepEqual(row('panel', '40 tok/s')?.slice(3), ['+0.0', '+0.0', '1 / 1', '1.00×']);
    assert.equal(lines.length, 4, 'a header and three rows: nothing at 10 tok/s, no floor or warm-up row');
  });

  it('prints nothing when the run had no paced floor', () => {
    assert.deepEqual(printed([run('panel', 40, 18, 0), run('floor', 40, 10, 0)]), { shown: false, lines: [] });
  });
});
