import { basisOf, COST_INCLUDED, COST_UNKNOWN, type LedgerColumns } from './columns';
import type { LedgerTotals, PeriodTotals } from './queries';
import type { DayIndex } from './dayIndex';
import { dayNumber } from './dayIndex';

/** Sums like queries.totals, fed one record at a time. */
export class Acc {
  readonly t: LedgerTotals = {
    requests: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0,
    costUsd: 0, estimated: 0, includedInPlan: 0, local: 0, unknownPrice: { requests: 0, models: [] },
  };
  private readonly unknown = new Set<string>();

  add(c: LedgerColumns, i: number, key: string): void {
    const t = this.t;
    const n = c.num;
    t.requests++;
    t.inputTokens += n.inputTokens[i];
    t.cacheReadTokens += n.cacheReadTokens[i];
    t.cacheWriteTokens += n.cacheWriteTokens[i];
    t.outputTokens += n.outputTokens[i];
    t.reasoningTokens += n.reasoningTokens[i];
    if (c.code.estimated[i]) t.estimated++;
    if (basisOf(c.code.basis[i]) === 'local') t.local++;
    const cost = n.cost[i];
    if (cost >= 0) t.costUsd += cost;
    else if (cost === COST_INCLUDED) t.includedInPlan++;
    else if (cost === COST_UNKNOWN) {
      t.unknownPrice.requests++;
      this.unknown.add(key);
    }
  }

  /** A group's sums from a month's summary (segmentSummary.ts), `key` its "provider/model". */
  addSums(s: readonly number[], key: string): void {
    const t = this.t;
    t.requests += s[0];
    t.inputTokens += s[1];
    t.cacheReadTokens += s[2];
    t.cacheWriteTokens += s[3];
    t.outputTokens += s[4];
    t.reasoningTokens += s[5];
    t.costUsd += s[6];
    t.estimated += s[7];
    t.includedInPlan += s[8];
    t.local += s[9];
    t.unknownPrice.requests += s[10];
    if (s[10]) this.unknown.add(key);
  }

  done(): LedgerTotals {
    this.t.unknownPrice.models = [...this.unknown].sort();
    return this.t;
  }
}

/**
 * Today, the last 7 days, this month and all time over the given months' rows, as queries.periodTotals computes them
 * from records (same sums, same order): the status bar and the budgets after each request, without the report.
 */
export function columnPeriodTotals(segments: readonly LedgerColumns[], now: number, days: DayIndex): PeriodTotals {
  const todayKey = days.calendar.dayKey(now);
  const today = dayNumber(todayKey);
  const monthStart = dayNumber(`${todayKey.slice(0, 7)}-01`);
  const p = { today: new Acc(), week: new Acc(), month: new Acc(), all: new Acc() };
  for (const c of segments) {
    if (!c.rowsLoaded) throw new Error('period totals need every row of the months given');
    const d = days.of(c);
    for (let i = 0; i < c.length; i++) {
      const key = `${c.strings[c.code.provider[i]]}/${c.strings[c.code.model[i]]}`;
      p.all.add(c, i, key);
      const day = d[i];
      if (day > today) continue;
      if (day === today) p.today.add(c, i, key);
      if (day >= today - 6) p.week.add(c, i, key);
      if (day >= monthStart) p.month.add(c, i, key);
    }
  }
  return { today: p.today.done(), last7Days: p.week.done(), thisMonth: p.month.done(), allTime: p.all.done() };
}
