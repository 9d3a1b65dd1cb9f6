/**
 * The target's record over saved bench:latency runs: for each rate and page, in how many cells (one provider × rate ×
 * page of one run, its repetitions pooled; warm-ups and bursts left out) p99 of provider write → visible was within the target,
 * and the median and range of those p99s. One run says little on a noisy 2-core machine; this is what settled that
 * the 200 tok/s p99 is the platform's (README, "Open, and blocked on the platform").
 *   npx tsx bench/latency/record.ts [--since 2026-12-02T1827] [--p99 50] [FILE...]   (default: bench/results/latency-*.json)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunResult } from './main';
import { rows } from './table';
import { VSCODE_FLOOR, VSCODE_FLOOR_PACED } from './vscodeFloorRun';

/** The pages compared: this checkout's panel and the floors (an --ab build is a variant, not the panel). */
const RECORD_PAGES = ['panel', VSCODE_FLOOR_PACED, VSCODE_FLOOR, 'floor'];

export interface RecordLine {
  rate: number;
  page: string;
  cells: number;
  met: number;
  medianP99: number;
  minP99: number;
  maxP99: number;
}

/** The record of `files` (each a saved result's runs), p99 within `targetMs`. */
export function targetRecord(files: Array<{ runs: RunResult[] }>, targetMs = 50): RecordLine[] {
  const p99s = new Map<string, { rate: number; page: string; p99: number[] }>();
  // A cell is a row of the run's own table (its repetitions pooled). The targets are for a model's pace: a burst
  // has no pace to keep up with.
  for (const cell of files.flatMap(({ runs }) => rows(runs.filter((r) => r.rate !== 'burst' && RECORD_PAGES.includes(r.target))))) {
    const rate = parseFloat(cell.rate);
    const key = `${rate}|${cell.target}`;
    const line = p99s.get(key) ?? p99s.set(key, { rate, page: cell.target, p99: [] }).get(key)!;
    line.p99.push(cell.p99);
  }
  const pageOrder = (page: string) => RECORD_PAGES.indexOf(page);
  return [...p99s.values()]
    .sort((a, b) => a.rate - b.rate || pageOrder(a.page) - pageOrder(b.page))
    .map(({ rate, page, p99 }) => {
      const sorted = [...p99].sort((x, y) => x - y);
      return { rate, page, cells: p99.length, met: p99.filter((x) => x <= targetMs).length, medianP99: sorted[sorted.length >> 1], minP99: sorted[0], maxP99: sorted[sorted.length - 1] };
    });
}

function main(): void {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : undefined;
  };
  const since = value('--since');
  const target = Number(value('--p99') ?? 50);
  const dir = path.join(__dirname, '..', 'results');
  const named = argv.length ? argv : fs.readdirSync(dir).filter((f) => /^latency-.*\.json$/.test(f)).sort().map((f) => path.join(dir, f));
  const files = named
    .filter((f) => !since || path.basename(f) >= `latency-${since}`)
    .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as { runs?: RunResult[] })
    .filter((f): f is { runs: RunResult[] } => Array.isArray(f.runs));
  console.log(`p99 of provider write → visible within ${target} ms, over ${files.length} saved runs${since ? ` since ${since}` : ''} (cells: one provider × rate × page of a run):`);
  for (const l of targetRecord(files, target)) {
    console.log(`  ${`${l.rate} tok/s`.padEnd(10)} ${l.page.padEnd(20)} ${`${l.met} of ${l.cells}`.padStart(8)}   median ${l.medianP99.toFixed(0).padStart(4)} ms   range ${l.minP99.toFixed(0)}–${l.maxP99.toFixed(0)}`);
  }
}

if (require.main === module) main();
