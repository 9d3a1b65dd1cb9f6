/**
 * Every benchmark run writes what it measured to bench/results/<bench>-<date>-<commit>.json: the commit (and whether
 * the tree had uncommitted changes), the date, the machine, the arguments, the raw figures and the printed tables.
 * Figures quoted in the README name the file they come from, so anyone can check them against the raw numbers.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Machine {
  platform: string;
  release: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  loadAverage: number[];
  /** Anything else the benchmark ran on (e.g. Chromium's version). */
  [extra: string]: unknown;
}

export function machine(extra: Record<string, unknown> = {}): Machine {
  const cpus = os.cpus();
  return {
    platform: os.platform(), release: os.release(), arch: os.arch(), cpus: cpus.length, cpuModel: cpus[0]?.model ?? '?',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg(), ...extra,
  };
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export interface ResultFile {
  bench: string;
  date: string;
  commit: string;
  /** Uncommitted changes in the tree when it ran: the figures are then not exactly those of `commit`. */
  dirty: boolean;
  machine: Machine;
  args: string[];
  /** The raw measurements, as the benchmark keeps them. */
  runs: unknown;
  /** What the benchmark printed as its summary (tables, verdicts). */
  printed: string;
}

/** Writes the result file (unless --no-save) and returns its path relative to the repository. */
export function saveResult(bench: string, runs: unknown, printed: string, extraMachine: Record<string, unknown> = {}): string | undefined {
  const args = process.argv.slice(2);
  if (args.includes('--no-save')) return undefined;
  const commit = git(['rev-parse', 'HEAD']) ?? 'unknown';
  const dirty = (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '';
  const date = new Date().toISOString();
  const result: ResultFile = { bench, date, commit, dirty, machine: machine(extraMachine), args, runs, printed };
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const name = `${bench}-${date.slice(0, 16).replace(/:/g, '')}-${commit.slice(0, 7)}${dirty ? '-dirty' : ''}.json`;
  fs.writeFileSync(path.join(dir, name), `${JSON.stringify(result, null, 1)}\n`);
  return path.join('bench', 'results', name);
}

/** Everything console.log prints from now on is also kept, for the result file's `printed`. */
export function teeConsole(): () => string {
  const lines: string[] = [];
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
    log(...args);
  };
  return () => lines.join('\n');
}
