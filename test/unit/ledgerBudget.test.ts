import * as assert from 'node:assert/strict';
import { budgetAlert, budgetState, checkBudgets, type BudgetNotice } from '../../src/core/ledger/budget';

describe('Cost ledger budgets (pure)', () => {
  it('under below 80 %, warn from 80 % up to the budget, exceeded above it, none without a budget', () => {
    assert.equal(budgetState(7.99, 10), 'under');
    assert.equal(budgetState(8, 10), 'warn');
    assert.equal(budgetState(10, 10), 'warn', 'spending the budget exactly is not exceeding it');
    assert.equal(budgetState(10.0001, 10), 'exceeded');
    assert.equal(budgetState(5, undefined), 'none');
    assert.equal(budgetState(5, 0), 'none');
    assert.equal(budgetState(0, 1), 'under');
  });

  it('the user is told once at 80 %, once when over, and again only in a new period', () => {
    const seen: Array<string | undefined> = [];
    let notice: BudgetNotice | undefined;
    for (const [spend, day] of [[1, 'd1'], [8, 'd1'], [9, 'd1'], [10.5, 'd1'], [12, 'd1'], [8.5, 'd2'], [20, 'd2'], [21, 'd2']] as const) {
      const a = budgetAlert(spend, 10, day, notice);
      notice = a.notice;
      seen.push(a.notify);
    }
    assert.deepEqual(seen, [undefined, 'warn', undefined, 'exceeded', undefined, 'warn', 'exceeded', undefined]);
  });

  it('jumping straight over the budget tells "exceeded" only', () => {
    const a = budgetAlert(15, 10, 'd1', undefined);
    assert.deepEqual([a.state, a.notify], ['exceeded', 'exceeded']);
    assert.equal(budgetAlert(16, 10, 'd1', a.notice).notify, undefined);
  });

  it('daily and monthly budgets are checked together, each with its own period', () => {
    const first = checkBudgets({ dailyUsd: 1, monthlyUsd: 20 }, { today: 0.85, day: '2026-12-02', month: 16.5, monthKey: '2026-12' }, {});
    assert.deepEqual([first.daily, first.monthly, first.notify], ['warn', 'warn', [{ budget: 'daily', state: 'warn' }, { budget: 'monthly', state: 'warn' }]]);
    const nextDay = checkBudgets({ dailyUsd: 1, monthlyUsd: 20 }, { today: 0.9, day: '2026-12-03', month: 17.4, monthKey: '2026-12' }, first.notices);
    assert.deepEqual(nextDay.notify, [{ budget: 'daily', state: 'warn' }], 'a new day warns again; the month already warned');
    const noBudgets = checkBudgets({}, { today: 100, day: '2026-12-03', month: 100, monthKey: '2026-12' }, {});
    assert.deepEqual([noBudgets.daily, noBudgets.monthly, noBudgets.notify], ['none', 'none', []]);
  });
});
