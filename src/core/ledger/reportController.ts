import type { Calendar } from './calendar';
import { columnsCsv, columnsMarkdown, selectedColumns } from './columnExport';
import { costReportMarkdownOf } from './markdown';
import type { LedgerRecord } from './record';
import { buildColumnReport, DayIndex } from './columnReport';
import { LedgerColumns } from './columns';
import { DEFAULT_FILTER, type ReportFilter } from './reportModel';
import { parseReportHostMessage, parseReportPageMessage, type ReportHostMessage } from './reportProtocol';

/** What the report needs from its host (VS Code in the extension; plain functions in tests). */
export interface ReportHost {
  /** The whole ledger, oldest first (cached: see LedgerCache). Export and copy use it. */
  records(): Promise<LedgerRecord[]>;
  /**
   * The ledger as columns, one segment per month file, oldest first: what the report is built from. A host without
   * it (the page's tests) has its records turned into one segment. Months whose last request is before
   * `summariesBefore` may come as their summaries alone (LedgerCache.segments).
   */
  segments?(options?: { summariesBefore?: number }): Promise<readonly LedgerColumns[]>;
  post(message: ReportHostMessage): void;
  /** Asks where to save (a save dialog) and writes the file; the path written, or undefined if the user cancelled. */
  saveCsv(csv: string, suggestedName: string): Promise<string | undefined>;
  copy(text: string): Promise<void>;
  /** Asks before clearing; true to go ahead. */
  confirmClear(): Promise<boolean>;
  clear(): Promise<void>;
  now(): number;
  calendar: Calendar;
  log(line: string): void;
}

/** 33 days: more than the longest reach of a range other than all time (this month or the last 30 days) plus a day. */
const SUMMARY_MARGIN_MS = 33 * 86_400_000;

const plural = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/**
 * The report page's host side, free of VS Code: validates what the page sends, answers with the report for its
 * filter, and runs export, copy and clear over the requests the filter selects.
 */
export class ReportController {
  private filter: ReportFilter = DEFAULT_FILTER;
  /** Invalid messages from the page dropped so far. */
  dropped = 0;

  /** `dayIndex` outlives the report tab when the host keeps it (a reopened report converts no day again). */
  constructor(private readonly host: ReportHost, private readonly dayIndex = new DayIndex(host.calendar)) {}

  async receive(raw: unknown): Promise<void> {
    const m = parseReportPageMessage(raw);
    if (!m) {
      this.dropped++;
      this.host.log(`Cost report: dropped an invalid message from the page (type ${typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type).slice(0, 40) : typeof raw}).`);
      return;
    }
    switch (m.type) {
      case 'ready':
        return this.refresh();
      case 'filter':
        this.filter = m.filter;
        return this.refresh();
      case 'export-csv':
        return this.exportCsv();
      case 'copy-markdown':
        return this.copyMarkdown();
      case 'clear-history':
        return this.clearHistory();
    }
  }

  /** Sends the report for the current filter (on ready, on a filter change, after a request lands). */
  async refresh(): Promise<void> {
    const now = this.host.now();
    // Every range but all time starts at most 31 days (and a DST hour) back: older months need only their totals.
    const summariesBefore = this.filter.range === 'all' ? undefined : now - SUMMARY_MARGIN_MS;
    const segments = this.host.segments ? await this.host.segments({ summariesBefore }) : [LedgerColumns.from(await this.host.records())];
    this.post({ type: 'report', data: buildColumnReport(segments, this.filter, now, this.dayIndex) });
  }

  /** What goes to the page is validated like what comes from it. */
  private post(m: ReportHostMessage): void {
    if (parseReportHostMessage(m)) this.host.post(m);
    else this.host.log(`Cost report: refused to post an invalid ${m.type} message to the page.`);
  }

  /** The filter's requests as columns, oldest first: export and copy write them without a record object each. */
  private async selected(): Promise<LedgerColumns> {
    const segments = this.host.segments ? await this.host.segments() : [LedgerColumns.from(await this.host.records())];
    return selectedColumns(segments, this.filter, this.host.now(), this.dayIndex);
  }

  private async exportCsv(): Promise<void> {
    const rows = await this.selected();
    const saved = await this.host.saveCsv(columnsCsv(rows), `stream-explain-cost-${this.host.calendar.dayKey(this.host.now())}.csv`);
    if (saved) this.post({ type: 'notice', text: `Exported ${plural(rows.length, 'request')} to ${saved.slice(-300)}` });
  }

  private async copyMarkdown(): Promise<void> {
    const rows = await this.selected();
    const now = this.host.now();
    // The summary is the report's own arithmetic over the selected rows (its periods and models are theirs).
    const { periods, models, today } = buildColumnReport([rows], { range: 'all', provider: null, workspace: null }, now, this.dayIndex);
    await this.host.copy(`${costReportMarkdownOf(periods, models, today)}\n## Requests\n\n${columnsMarkdown(rows)}`);
    this.post({ type: 'notice', text: `Copied ${plural(rows.length, 'request')} as Markdown` });
  }

  private async clearHistory(): Promise<void> {
    if (!(await this.host.confirmClear())) return;
    await this.host.clear();
    this.post({ type: 'notice', text: 'Cost history cleared' });
    await this.refresh();
  }
}
