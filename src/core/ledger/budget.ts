/** Where spend stands against a budget: no budget set, under it, at 80 % or more of it, or over it. */
export type BudgetState = 'none' | 'under' | 'warn' | 'exceeded';

export const WARN_FRACTION = 0.8;

export function budgetState(spendUsd: number, budgetUsd: number | undefined): BudgetState {
  if (budgetUsd === undefined || !(budgetUsd > 0)) return 'none';
  if (spendUsd > budgetUsd) return 'exceeded';
  return spendUsd >= budgetUsd * WARN_FRACTION ? 'warn' : 'under';
}

/** The last state the user was told about, for one budget and one period (a day key, or a month "YYYY-MM"). */
export interface BudgetNotice {
  period: string;
  state: BudgetState;
}

const RANK: Record<BudgetState, number> = { none: 0, under: 0, warn: 1, exceeded: 2 };

/**
 * The state of one budget and whether to tell the user now: once when spend first reaches 80 %, once when it
 * first goes over, never again in the same period (a new day or month starts afresh). Jumping straight past the
 * budget tells "exceeded" only.
 */
export function budgetAlert(
  spendUsd: number, budgetUsd: number | undefined, period: string, last: BudgetNotice | undefined,
): { state: BudgetState; notify: 'warn' | 'exceeded' | undefined; notice: BudgetNotice } {
  const state = budgetState(spendUsd, budgetUsd);
  const told = last && last.period === period ? last.state : 'under';
  const notify = RANK[state] > RANK[told] ? (state as 'warn' | 'exceeded') : undefined;
  return { state, notify, notice: { period, state: notify ? state : told } };
}

export interface Budgets {
  dailyUsd?: number;
  monthlyUsd?: number;
}

export interface BudgetNotices {
  daily?: BudgetNotice;
  monthly?: BudgetNotice;
}

/** Both budgets at once, from today's and this month's spend (priced requests). */
export function checkBudgets(
  budgets: Budgets, spend: { today: number; day: string; month: number; monthKey: string }, last: BudgetNotices,
): { daily: BudgetState; monthly: BudgetState; notify: Array<{ budget: 'daily' | 'monthly'; state: 'warn' | 'exceeded' }>; notices: BudgetNotices } {
  const d = budgetAlert(spend.today, budgets.dailyUsd, spend.day, last.daily);
  const m = budgetAlert(spend.month, budgets.monthlyUsd, spend.monthKey, last.monthly);
  const notify: Array<{ budget: 'daily' | 'monthly'; state: 'warn' | 'exceeded' }> = [];
  if (d.notify) notify.push({ budget: 'daily', state: d.notify });
  if (m.notify) notify.push({ budget: 'monthly', state: m.notify });
  return { daily: d.state, monthly: m.state, notify, notices: { daily: d.notice, monthly: m.notice } };
}
