import * as assert from 'node:assert/strict';
import { inTurn } from '../../bench/order';

describe('bench order: compared pages take turns going first', () => {
  it('alternates which build streams first, repetition by repetition (rep 1, the first measured, in the given order)', () => {
    const builds = ['panel', 'A: panel'];
    assert.deepEqual([0, 1, 2, 3].map((rep) => inTurn(builds, rep)), [
      ['A: panel', 'panel'], ['panel', 'A: panel'], ['A: panel', 'panel'], ['panel', 'A: panel'],
    ]);
    assert.deepEqual(inTurn(['panel'], 2), ['panel']);
    assert.deepEqual(builds, ['panel', 'A: panel']); // not reordered in place
  });
});
