import * as path from 'node:path';
import { LedgerCache, snapshotName, type LedgerTailFs, type SnapshotStore } from './ledgerCache';
import { readSnapshotCoverage } from './ledgerSnapshot';
import { FILE_NAME } from './store';

export interface UpkeepResult {
  /** Month files whose snapshot was (re)written. */
  written: string[];
  /** Month files whose snapshot already covered them whole. */
  current: string[];
}

/**
 * Brings every month's snapshot up to its month file, so that no report open has to parse more than the lines
 * appended since the last upkeep: the first one after an update migrates a ledger that has none (parsing every line,
 * seconds for 100,000 records), later ones read only the new lines of the month being written. It runs off the
 * user's path (ledgerUpkeep.ts schedules it when the window is idle after activation and after requests land).
 * A month is checked from its snapshot's header alone (a few hundred bytes), so a month that is current costs nothing;
 * with `verify` (the first upkeep of a window) every snapshot is read whole and its checksum and month file checked,
 * so one corrupted on disk is rebuilt even when its header still looks current.
 * The month files stay the only source of truth: a snapshot that is corrupt, torn, behind or of a rewritten file is
 * read past or rebuilt here, never trusted for more than the bytes it verifiably covers.
 */
export async function catchUpSnapshots(dir: string, fs: LedgerTailFs, snapshots: SnapshotStore, options: { verify?: boolean; log?: (line: string) => void } = {}): Promise<UpkeepResult> {
  const log = options.log ?? (() => {});
  const result: UpkeepResult = { written: [], current: [] };
  const cache = new LedgerCache(dir, fs, log, snapshots, 1);
  const names = (await fs.list(dir)).filter((n) => FILE_NAME.test(n)).sort();
  for (const name of names) {
    const size = await fs.size(path.join(dir, name));
    if (size === undefined) continue;
    const covered = await readSnapshotCoverage(snapshots, path.join(snapshots.dir, snapshotName(name)));
    if (!options.verify && covered === size) {
      result.current.push(name);
      continue;
    }
    const before = cache.writesStarted;
    await cache.month(name); // reads the snapshot (when it is sound) and the lines after it; writes a new one if behind
    await cache.saved();
    cache.forget(name); // one month in memory at a time
    (cache.writesStarted > before ? result.written : result.current).push(name);
  }
  return result;
}
