import { formatCost } from '../format';
import type { BudgetState, Budgets } from './budget';

export interface Spend {
  today: number;
  month: number;
}

/**
 * The question asked before sending when a budget is already spent, or undefined when none is. Pure, so its wording
 * and its thresholds are tested without VS Code.
 */
export function overBudgetQuestion(budgets: Budgets, spend: Spend, states: { daily: BudgetState; monthly: BudgetState }): { message: string; detail: string } | undefined {
  const over: string[] = [];
  if (states.daily === 'exceeded') over.push(`today's budget of ${formatCost(budgets.dailyUsd ?? 0)} is spent (${formatCost(spend.today)} so far)`);
  if (states.monthly === 'exceeded') over.push(`this month's budget of ${formatCost(budgets.monthlyUsd ?? 0)} is spent (${formatCost(spend.month)} so far)`);
  if (!over.length) return undefined;
  return {
    message: `Stream Explain: ${over.join(', and ')}. Send anyway?`,
    detail: 'Cancel sends nothing. Budgets are set in the streamExplain.budget settings; spend counts every window\'s priced requests.',
  };
}

/** The one-time warning when a budget is first reached (80 %) or first exceeded in its period. */
export function budgetWarning(budget: 'daily' | 'monthly', state: 'warn' | 'exceeded', budgets: Budgets, spend: Spend): string {
  const limit = formatCost((budget === 'daily' ? budgets.dailyUsd : budgets.monthlyUsd) ?? 0);
  const spent = formatCost(budget === 'daily' ? spend.today : spend.month);
  const period = budget === 'daily' ? 'today' : 'this month';
  return state === 'warn'
    ? `Stream Explain: ${spent} spent ${period}, 80 % of the ${budget} budget of ${limit}.`
    : `Stream Explain: ${spent} spent ${period}, over the ${budget} budget of ${limit}. The next request will ask before sending.`;
}
