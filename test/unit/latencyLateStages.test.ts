import * as assert from 'node:assert/strict';
import { lateStages } from '../../bench/latency/lateStages';
import type { RunResult } from '../../bench/latency/main';
import { printLateStages } from '../../bench/latency/table';

describe('bench:latency: where late tokens lost their time', () => {
  it('splits each token more than two frames late by its own stamps; on-time tokens are not counted', () => {
    // Token 0 on time; token 1 late mostly before the workbench; token 2 late mostly in the page; token 3 never shown.
    const s = lateStages([{ latencies: [20, 60, 50], arrivalLatencies: [5, 45, 10, 12], socketLatencies: [3, 40, 8, 9] }]);
    assert.equal(s.late, 2);
    assert.deepEqual(s.most, { workbench: 1, page: 0, screen: 1 });
    // Summed over the two late tokens (110 ms): workbench 40 + 8, page 5 + 2, screen 15 + 40.
    assert.equal(s.share.workbench, 48 / 110);
    assert.equal(s.share.page, 7 / 110);
    assert.equal(s.share.screen, 55 / 110);
  });

  it('pools runs by time, each run matched within itself', () => {
    const a = { latencies: [100], arrivalLatencies: [90], socketLatencies: [80] };
    const b = { latencies: [40], arrivalLatencies: [10], socketLatencies: [5] };
    const s = lateStages([a, b]);
    assert.equal(s.late, 2);
    assert.equal(s.share.workbench, 85 / 140);
    assert.equal(s.share.screen, 40 / 140);
  });

  it('without the workbench stamps, everything before the page is one stage', () => {
    const s = lateStages([{ latencies: [50, 70], arrivalLatencies: [40, 10], socketLatencies: [] }]);
    assert.ok(Number.isNaN(s.share.workbench));
    assert.equal(s.share.page, 50 / 120);
    assert.equal(s.share.screen, 70 / 120);
    assert.deepEqual(s.most, { workbench: 0, page: 1, screen: 1 });
  });

  it('no late tokens: no shares', () => {
    const s = lateStages([{ latencies: [10, 20], arrivalLatencies: [5, 5], socketLatencies: [2, 2] }]);
    assert.equal(s.late, 0);
    assert.ok(Number.isNaN(s.share.page));
  });
});

describe('bench:latency: the late-token table', () => {
  const run = (target: string, socketLatencies: number[]) =>
    ({ target, provider: 'openai', rate: 40, rep: 1, latencies: [60], arrivalLatencies: [30], socketLatencies }) as unknown as RunResult;

  const printed = (results: RunResult[]): string[] => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      printLateStages(results);
    } finally {
      console.log = log;
    }
    return lines;
  };

  it('with --split, a row without a workbench (the floor outside VS Code) is marked: its middle share starts at the write', () => {
    const lines = printed([run('panel', [20]), run('floor', [])]);
    assert.match(lines[0], /before the workbench +workbench → page +page → screen/);
    assert.match(lines[1], /^openai +40 tok\/s +panel +1 +33 % \(0\) +17 % \(0\) +50 % \(1\)$/);
    assert.match(lines[2], /^openai +40 tok\/s +floor +1 +– +50 % \(1\)\* +50 % \(0\)$/);
    assert.equal(lines[3], '* no workbench: everything before the page');
  });

  it('without --split, the table has no workbench column', () => {
    const lines = printed([run('panel', [])]);
    assert.match(lines[0], /late +before the page +page → screen$/);
    assert.equal(lines.length, 2);
  });
});
