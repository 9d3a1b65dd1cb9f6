import { formatCost, formatMs as fmtMs, formatRate as fmtRate } from './format';
import type { ProviderId } from './provider';

export interface LedgerEntry {
  turnId: string;
  /** ISO time the request finished. */
  at: string;
  provider: ProviderId;
  model: string;
  status: 'done' | 'cancelled' | 'error';
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  costUsd: number | null;
  /** Paid by the user's plan (costUsd 0). */
  costIncluded?: boolean;
  ttftMs: number | null;
  totalMs: number;
  tokensPerSecond: number | null;
}

export interface LedgerTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum over requests with a known price. */
  costUsd: number;
  /** Requests whose model has no known price (not included in costUsd). */
  unpriced: number;
  estimated: number;
}

/** Every request's tokens and cost, in order; the one source for the status bar and the cost report. */
export class CostLedger {
  private readonly entries: LedgerEntry[] = [];

  add(entry: LedgerEntry): void {
    this.entries.push(entry);
  }

  all(): readonly LedgerEntry[] {
    return this.entries;
  }

  totals(): LedgerTotals {
    const t: LedgerTotals = { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0, estimated: 0 };
    for (const e of this.entries) {
      t.requests++;
      t.inputTokens += e.inputTokens;
      t.outputTokens += e.outputTokens;
      if (e.costUsd === null) t.unpriced++;
      else t.costUsd += e.costUsd;
      if (e.estimated) t.estimated++;
    }
    return t;
  }
}


/** The cost report as a Markdown document: one row per request, then totals. */
export function renderCostReport(ledger: CostLedger, sessionStartedAt: Date): string {
  const rows = ledger.all();
  const t = ledger.totals();
  const lines = [
    '# Stream Explain — cost report',
    '',
    `Session started ${sessionStartedAt.toISOString()}. Figures marked * are estimated (the provider sent no usage, e.g. a stopped answer).`,
    '',
  ];
  if (rows.length === 0) {
    lines.push('No requests yet in this session.');
    return lines.join('\n') + '\n';
  }
  lines.push('| # | time | provider | model | status | input tok | output tok | TTFT | tok/s | cost |');
  lines.push('|---:|---|---|---|---|---:|---:|---:|---:|---:|');
  rows.forEach((e, i) => {
    const star = e.estimated ? '*' : '';
    lines.push(
      `| ${i + 1} | ${e.at.slice(11, 19)} | ${e.provider} | ${e.model} | ${e.status} | ${e.inputTokens}${star} | ${e.outputTokens}${star} | ${fmtMs(e.ttftMs)} | ${fmtRate(e.tokensPerSecond)} | ${e.costIncluded ? 'included' : `${formatCost(e.costUsd)}${e.costUsd !== null ? star : ''}`} |`,
    );
  });
  lines.push('');
  lines.push(`**Total:** ${t.requests} request${t.requests === 1 ? '' : 's'}, ${t.inputTokens} input + ${t.outputTokens} output tokens, **${formatCost(t.costUsd)}**` +
    (t.unpriced ? ` (plus ${t.unpriced} request${t.unpriced === 1 ? '' : 's'} with price unknown)` : '') +
    (t.estimated ? `; ${t.estimated} estimated` : '') + '.');
  return lines.join('\n') + '\n';
}
