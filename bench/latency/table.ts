/** The benchmark's printed table: repetitions pooled per provider × rate, the panel beside the two floors. */
import { FRAME_MS, summarize } from './stats';
import type { RunResult } from './main';
import { lateStages } from './lateStages';
import { VSCODE_FLOOR_PACED } from './vscodeFloorRun';

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

export interface Row {
  provider: string;
  rate: string;
  target: string;
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** First token visible after its write: the worst over the repetitions. */
  first: number;
  overTwoFrames: number;
  missing: number;
  /** Provider write → message in the page, p50 and p99. */
  arrivalP50: number;
  arrivalP99: number;
  /** Provider write → the workbench got the WebSocket frame, p50 and p99 (with --split; NaN for the floor: no workbench). */
  socketP50: number;
  socketP99: number;
}

/** The runs of each provider × rate × page, in the order each first appears. */
function groupRuns(results: RunResult[]): RunResult[][] {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const key = `${r.provider}|${r.rate}|${r.target}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

const rateLabel = (rate: RunResult['rate']) => (rate === 'burst' ? 'burst' : `${rate} tok/s`);

/** Columns padded to their widest cell; the first three (provider, rate, page) left-aligned. */
function printAligned(header: string[], body: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of body) console.log(line(row));
}

export function rows(results: RunResult[]): Row[] {
  return groupRuns(results).map((runs) => {
    const s = summarize(runs.flatMap((r) => r.latencies));
    const { provider, rate, target } = runs[0];
    const a = summarize(runs.flatMap((r) => r.arrivalLatencies));
    const w = summarize(runs.flatMap((r) => r.socketLatencies ?? []));
    return {
      provider, rate: rateLabel(rate), target, n: s.n, p50: s.p50, p90: s.p90, p99: s.p99, max: s.max,
      first: Math.max(...runs.map((r) => r.firstMs)), overTwoFrames: s.overTwoFrames, missing: runs.reduce((n, r) => n + r.missing, 0),
      arrivalP50: a.p50, arrivalP99: a.p99, socketP50: w.p50, socketP99: w.p99,
    };
  });
}

export function printTable(results: RunResult[]): void {
  const header = ['provider', 'rate', 'page', 'tokens', 'p50', 'p90', 'p99', 'max', 'first token', '> 2 frames', '→ workbench p50', 'p99', '→ page p50', 'p99', 'frame'];
  const body = rows(results).map((r) => [
    r.provider, r.rate, r.target, String(r.n), ms(r.p50), ms(r.p90), ms(r.p99), ms(r.max), ms(r.first),
    `${r.overTwoFrames}${r.missing ? ` (${r.missing} never shown)` : ''}`, ms(r.socketP50), ms(r.socketP99), ms(r.arrivalP50), ms(r.arrivalP99), FRAME_MS.toFixed(1),
  ]);
  printAligned(header, body);
}

/**
 * The tokens more than two frames late, per row: the share of their summed latency each stage took (lateStages.ts)
 * and, in brackets, how many spent most of their time there.
 */
export function printLateStages(results: RunResult[]): void {
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const groups = groupRuns(results).map((runs) => ({ runs, s: lateStages(runs) }));
  // Without --split a row has no workbench stamps: its first stage is everything before the page.
  const split = groups.some((g) => Number.isFinite(g.s.share.workbench));
  const header = ['provider', 'rate', 'page', 'late', 'before the workbench', split ? 'workbench → page' : 'before the page', 'page → screen'];
  let unsplit = false;
  const body = groups.map(({ runs, s }) => {
    const { provider, rate, target } = runs[0];
    const cell = (k: 'workbench' | 'page' | 'screen') => (Number.isFinite(s.share[k]) ? `${pct(s.share[k])} (${s.most[k]})` : '–');
    // A row with no workbench (the floor outside VS Code) in a split table: its middle share starts at the write.
    const mark = split && s.late > 0 && !Number.isFinite(s.share.workbench) ? '*' : '';
    unsplit ||= mark !== '';
    return [provider, rateLabel(rate), target, String(s.late), cell('workbench'), cell('page') + mark, cell('screen')];
  });
  printAligned(split ? header : header.filter((_, i) => i !== 4), split ? body : body.map((row) => row.filter((_, i) => i !== 4)));
  if (unsplit) console.log('* no workbench: everything before the page');
}

/**
 * Each page against the paced floor (the same pacing and VS Code path, a page of plain text) of the same provider and
 * rate in the same run: how much higher its p50 and p99 are (ms) and how many times as many tokens were more than two
 * frames late. The absolute targets are below what this machine gives the floor at 200 tok/s; this is the comparison a
 * target stated against the floor would use. Prints nothing, not even `title`, and returns false when the run had no
 * paced floor.
 */
export function printAgainstFloor(results: RunResult[], title?: string): boolean {
  const all = rows(results);
  const floorOf = (r: Row) => all.find((f) => f.target === VSCODE_FLOOR_PACED && f.provider === r.provider && f.rate === r.rate);
  const body = all
    .filter((r) => r.target !== VSCODE_FLOOR_PACED && r.target !== 'floor' && !r.target.endsWith('warm-up') && floorOf(r))
    .map((r) => {
      const f = floorOf(r)!;
      const signed = (x: number) => (x >= 0 ? '+' : '') + ms(x);
      const ratio = f.overTwoFrames ? `${(r.overTwoFrames / f.overTwoFrames).toFixed(2)}×` : r.overTwoFrames ? '∞' : '–';
      return [r.provider, r.rate, r.target, signed(r.p50 - f.p50), signed(r.p99 - f.p99), `${r.overTwoFrames} / ${f.overTwoFrames}`, ratio];
    });
  if (!body.length) return false;
  if (title) console.log(title);
  printAligned(['provider', 'rate', 'page', 'p50 − floor', 'p99 − floor', '> 2 frames: page / floor', 'ratio'], body);
  return true;
}
