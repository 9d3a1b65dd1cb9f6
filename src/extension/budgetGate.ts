import * as vscode from 'vscode';
import { checkBudgets, type BudgetNotices, type Budgets, type BudgetState } from '../core/ledger/budget';
import { budgetWarning, overBudgetQuestion, type Spend } from '../core/ledger/budgetPrompt';
import { localCalendar, monthOf } from '../core/ledger/calendar';
import type { HostLedger } from './hostLedger';
import { SECTION } from './settings';
import type { StatusBar } from './statusBar';

const NOTICES_KEY = 'streamExplain.budgetNotices';

export type OverBudgetChoice = 'Send anyway' | 'Open cost report' | undefined;

export function readBudgets(): Budgets {
  const c = vscode.workspace.getConfiguration(SECTION);
  const usd = (key: string) => {
    const v = c.get<number>(key) ?? 0;
    return Number.isFinite(v) && v > 0 ? v : undefined;
  };
  return { dailyUsd: usd('budget.dailyUsd'), monthlyUsd: usd('budget.monthlyUsd') };
}

/**
 * Budgets: after each request, warns once when a budget reaches 80 % and once when it is exceeded (remembered in
 * globalState, so other windows and reloads do not repeat it) and colours the status-bar cost item; before each
 * request, asks when a budget is already spent. The modal is replaceable for the in-host tests.
 */
export class BudgetGate {
  /** The modal (Cancel is VS Code's own button: it answers undefined). */
  ask: (message: string, detail: string) => Thenable<OverBudgetChoice> = (message, detail) =>
    vscode.window.showWarningMessage(message, { modal: true, detail }, 'Send anyway', 'Open cost report');
  /** What the last look found, for the in-host tests. */
  lastStates: { daily: BudgetState; monthly: BudgetState } = { daily: 'none', monthly: 'none' };

  constructor(
    private readonly ledger: HostLedger,
    private readonly state: vscode.Memento,
    private readonly statusBar: StatusBar,
    private readonly openReport: () => void,
  ) {}

  /** Whether to send the next request: yes when no budget is spent, else what the user answers. */
  async allowSend(): Promise<boolean> {
    const budgets = readBudgets();
    if (!budgets.dailyUsd && !budgets.monthlyUsd) return true;
    const { spend, states } = await this.look(budgets);
    const question = overBudgetQuestion(budgets, spend, states);
    if (!question) return true;
    const choice = await this.ask(question.message, question.detail);
    if (choice === 'Open cost report') this.openReport();
    return choice === 'Send anyway';
  }

  /** After a request landed: the status bar's colour, and a warning the first time a threshold is crossed. */
  async check(): Promise<void> {
    const budgets = readBudgets();
    const { spend, states, notify, notices } = await this.look(budgets);
    this.statusBar.setBudgetWarning(states.daily === 'warn' || states.daily === 'exceeded' || states.monthly === 'warn' || states.monthly === 'exceeded');
    await this.state.update(NOTICES_KEY, notices);
    for (const n of notify) void vscode.window.showWarningMessage(budgetWarning(n.budget, n.state, budgets, spend), 'Open cost report').then((c) => c && this.openReport());
  }

  private async look(budgets: Budgets) {
    const now = Date.now();
    const today = localCalendar.dayKey(now);
    await this.ledger.flushed();
    const p = await this.ledger.recentTotals(now);
    const spend: Spend = { today: p.today.costUsd, month: p.thisMonth.costUsd };
    const result = checkBudgets(budgets, { today: spend.today, day: today, month: spend.month, monthKey: monthOf(today) }, this.state.get<BudgetNotices>(NOTICES_KEY) ?? {});
    this.lastStates = { daily: result.daily, monthly: result.monthly };
    return { spend, states: this.lastStates, notify: result.notify, notices: result.notices };
  }
}
