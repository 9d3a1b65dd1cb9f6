import * as vscode from 'vscode';
import type { LedgerEntry } from '../core/costLedger';
import { localCalendar } from '../core/ledger/calendar';
import { DayRollover, type WallClock } from '../core/ledger/dayRollover';
import { recordFromEntry } from '../core/ledger/fromEntry';
import { nodeLedgerFs } from '../core/ledger/nodeLedgerFs';
import { periodTotals } from '../core/ledger/queries';
import { LedgerStore } from '../core/ledger/store';
import type { StatusBar } from './statusBar';

const HOUR_MS = 3_600_000;

/** Real time: the machine's clock and timers. */
const systemClock: WallClock = {
  now: () => Date.now(),
  schedule: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/**
 * The persistent cost ledger in this window: every request the engine records is appended under globalStorage
 * (shared by all windows), and the status bar shows today's spend read back from it, other windows' included.
 */
export class HostLedger {
  readonly store: LedgerStore;
  /** Called after each request lands or history is cleared (the open report refreshes). */
  onChange: () => void = () => {};
  /** Appends run one after another, so the status bar is refreshed after each lands, in order. */
  private queue: Promise<void> = Promise.resolve();
  /** At local midnight "today" starts again at zero (status bar, budgets, the open report) with no request needed. */
  private rollover: DayRollover;
  private clock: WallClock = systemClock;

  constructor(storage: vscode.Uri, private readonly statusBar: StatusBar, private readonly log: vscode.LogOutputChannel) {
    this.store = new LedgerStore(storage.fsPath, nodeLedgerFs, (line) => log.warn(line));
    this.rollover = this.watchDays();
  }

  /**
   * Count days on another clock (the in-host tests' manual one, which crosses midnight without waiting for it; no
   * argument: the real one again): the midnight watch is re-armed on it and today's figure is read at its time.
   */
  useClock(clock: WallClock = systemClock): void {
    this.rollover.stop();
    this.clock = clock;
    this.rollover = this.watchDays();
    this.refresh();
  }

  private watchDays(): DayRollover {
    return new DayRollover(this.clock, localCalendar, () => this.enqueue(async () => {
      await this.showToday();
      this.onChange();
    }));
  }

  dispose(): void {
    this.rollover.stop();
  }

  record(entry: LedgerEntry): void {
    const record = recordFromEntry(entry, vscode.workspace.name);
    this.enqueue(async () => {
      await this.store.append(record);
      await this.showToday();
      this.onChange();
    });
  }

  /** Today's spend on the status bar (at activation, and after each request). */
  refresh(): void {
    this.enqueue(() => this.showToday());
  }

  /** Resolves once every append and refresh asked for so far has finished. */
  flushed(): Promise<void> {
    return this.queue;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.log.error(`Cost ledger: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** Records that ended at or after `from` (ms), every window's, once this window's appends have landed. */
  async recordsSince(from: number) {
    await this.flushed();
    return (await this.store.read({ from })).records;
  }

  /** Called after history was cleared too. */
  async showToday(): Promise<void> {
    const now = this.clock.now();
    // Local today began less than 26 hours ago (25-hour days at a DST change), so only the month files of the last
    // 26 hours are read: this month's, and the last one's only just after a month begins.
    const { records } = await this.store.read({ from: now - 26 * HOUR_MS });
    this.statusBar.setToday(periodTotals(records, now, localCalendar).today);
  }
}
