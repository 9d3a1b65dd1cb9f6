import * as vscode from 'vscode';
import type { LedgerEntry } from '../core/costLedger';
import { localCalendar } from '../core/ledger/calendar';
import { DayRollover, type WallClock } from '../core/ledger/dayRollover';
import { recordFromEntry } from '../core/ledger/fromEntry';
import { nodeLedgerFs, nodeSnapshotStore } from '../core/ledger/nodeLedgerFs';
import * as path from 'node:path';
import { columnPeriodTotals } from '../core/ledger/columnTotals';
import { DayIndex } from '../core/ledger/dayIndex';
import { LedgerCache, SNAPSHOT_FOLDER } from '../core/ledger/ledgerCache';
import type { PeriodTotals } from '../core/ledger/queries';
import { LedgerStore } from '../core/ledger/store';
import { UpkeepSchedule } from '../core/ledger/upkeepSchedule';
import { loadBundle } from './bundleLoader';
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
  /** Keeps the ledger's snapshots current in the background, so opening the report never parses the whole ledger. */
  private readonly upkeep: UpkeepSchedule;
  /**
   * This month and the last as columns, topped up with only the lines appended since the last look (by any window):
   * the status bar and the budgets after each request cost a few new lines and one pass over the recent months'
   * rows, not a parse of this month's whole file (25,000 lines at the end of a busy month). It reads the upkeep's
   * snapshots when it starts and never writes them.
   */
  private readonly recent: LedgerCache;
  private readonly days = new DayIndex(localCalendar);

  /** `streaming`: whether an answer streams now (the snapshot upkeep waits for it to end). */
  constructor(storage: vscode.Uri, private readonly statusBar: StatusBar, private readonly log: vscode.LogOutputChannel, streaming: () => boolean = () => false) {
    this.store = new LedgerStore(storage.fsPath, nodeLedgerFs, (line) => log.warn(line));
    this.recent = new LedgerCache(storage.fsPath, nodeLedgerFs, (line) => log.warn(line), nodeSnapshotStore(path.join(storage.fsPath, SNAPSHOT_FOLDER)), Infinity);
    this.rollover = this.watchDays();
    // The upkeep lives in the report's host bundle: required only when it first runs, after activation.
    this.upkeep = new UpkeepSchedule(
      (verify) => loadBundle<typeof import('./reportPanel')>('report-host.js').catchUpLedgerSnapshots(this.store.dir, verify, log),
      { schedule: (ms, fn) => { const t = setTimeout(fn, ms); t.unref(); return () => clearTimeout(t); } },
      (line) => log.warn(line),
      streaming,
    );
    this.upkeep.start();
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

  /** The answer that was streaming ended: an upkeep it held back goes shortly. */
  streamEnded(): void {
    this.upkeep.idle();
  }

  dispose(): void {
    this.rollover.stop();
    this.upkeep.dispose();
  }

  record(entry: LedgerEntry): void {
    const record = recordFromEntry(entry, vscode.workspace.name);
    this.enqueue(async () => {
      await this.store.append(record);
      this.upkeep.changed();
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
    this.statusBar.setToday((await this.recentTotals(this.clock.now())).today);
  }

  /**
   * Today, the last 7 days and this month (allTime: only the months read), every window's requests, once this
   * window's appends have landed. The local month began at most 31 days and a few hours ago: older month files are
   * not read.
   */
  async recentTotals(now: number): Promise<PeriodTotals> {
    const segments = await this.recent.segments({ since: now - 32 * 24 * HOUR_MS });
    return columnPeriodTotals(segments, now, this.days);
  }

  /** History was cleared in this window: what was read is forgotten. */
  cleared(): void {
    this.recent.reset();
  }
}
