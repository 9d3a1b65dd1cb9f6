import * as assert from 'node:assert/strict';
import { budgetWarning, overBudgetQuestion } from '../../src/core/ledger/budgetPrompt';

describe('Budget questions and warnings', () => {
  const budgets = { dailyUsd: 1, monthlyUsd: 20 };

  it('asks before sending only when a budget is already spent, naming which and how much', () => {
    assert.equal(overBudgetQuestion(budgets, { today: 0.9, month: 5 }, { daily: 'warn', monthly: 'under' }), undefined, '80 % only warns');
    assert.equal(overBudgetQuestion(budgets, { today: 1.25, month: 5 }, { daily: 'exceeded', monthly: 'under' })!.message,
      "Stream Explain: today's budget of $1.00 is spent ($1.25 so far). Send anyway?");
    assert.equal(overBudgetQuestion(budgets, { today: 1.25, month: 21 }, { daily: 'exceeded', monthly: 'exceeded' })!.message,
      "Stream Explain: today's budget of $1.00 is spent ($1.25 so far), and this month's budget of $20.00 is spent ($21.00 so far). Send anyway?");
    assert.match(overBudgetQuestion(budgets, { today: 0, month: 21 }, { daily: 'none', monthly: 'exceeded' })!.detail, /^Cancel sends nothing\./);
  });

  it('the one-time warnings say the spend, the period and the budget', () => {
    assert.equal(budgetWarning('daily', 'warn', budgets, { today: 0.8, month: 3 }), 'Stream Explain: $0.8000 spent today, 80 % of the daily budget of $1.00.');
    assert.equal(budgetWarning('monthly', 'exceeded', budgets, { today: 0.1, month: 20.5 }),
      'Stream Explain: $20.50 spent this month, over the monthly budget of $20.00. The next request will ask before sending.');
  });
});
