/**
 * bench:render --ab DIR: this checkout's panel ("ours") beside another build of it ("A"), the same answers streamed
 * through both in turn in one run, so both see the same machine. Printed per answer length and delivery as medians
 * over --reps repetitions, with the ratio A / ours (over 1 = this checkout is cheaper).
 */
import { execFileSync } from 'node:child_process';
import { delivery, fmt, grid, ratioOf } from './renderFormat';

/** The fields of a bench:render run this report reads. */
export interface AbRun {
  renderer: string;
  tokens: number;
  rate: 'max' | number;
  busyMs: number;
  busyCpuMs: number;
  toPaintMs: number;
  longestFrameMs: number;
  framesOver16: number;
  frames: number;
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ratio = (a: number, b: number) => ratioOf(a, b, 2);

/** The medians of one renderer's runs of one answer length and delivery. */
function cell(runs: AbRun[]) {
  return {
    n: runs.length,
    busy: median(runs.map((r) => r.busyMs)),
    cpu: median(runs.map((r) => r.busyCpuMs)),
    paint: median(runs.map((r) => r.toPaintMs)),
    longest: median(runs.map((r) => r.longestFrameMs)),
    over16: median(runs.map((r) => r.framesOver16)),
  };
}

/** "abc1234" for a git checkout, else the folder as given. */
function describe(dir: string): string {
  try {
    return `${dir} (commit ${execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()})`;
  } catch {
    return dir;
  }
}

/** The side-by-side table and one verdict line per cell; empty cells (no A run or no ours run) are left out. */
export function abReport(runs: AbRun[], abDir: string): string {
  const keys = [...new Map(runs.map((r) => [`${r.tokens}|${r.rate}`, r] as const)).values()];
  const rows: string[][] = [];
  const lines: string[] = [];
  for (const k of keys) {
    const ours = runs.filter((r) => r.renderer === 'ours' && r.tokens === k.tokens && r.rate === k.rate);
    const a = runs.filter((r) => r.renderer === 'A' && r.tokens === k.tokens && r.rate === k.rate);
    if (!ours.length || !a.length) continue;
    const o = cell(ours);
    const b = cell(a);
    rows.push([String(k.tokens), delivery(k.rate), String(Math.min(o.n, b.n)), fmt(o.busy), fmt(o.cpu), fmt(b.busy), fmt(b.cpu), ratio(b.busy, o.busy), ratio(b.cpu, o.cpu),
      fmt(o.paint), fmt(b.paint), fmt(o.longest), fmt(b.longest), fmt(o.over16), fmt(b.over16)]);
    lines.push(`- ${k.tokens} tokens at ${delivery(k.rate)}: main-thread busy ours ${fmt(o.busy)} ms, A ${fmt(b.busy)} ms: A / ours ${ratio(b.busy, o.busy)} (CPU ${ratio(b.cpu, o.cpu)})`);
  }
  if (!rows.length) return `A/B against ${describe(abDir)}: no answer was run by both`;
  const table = grid(['tokens', 'delivery', 'reps', 'ours busy ms', 'cpu', 'A busy ms', 'cpu', 'A/ours busy', 'cpu', 'ours →paint', 'A →paint', 'ours longest frame', 'A', 'ours >16ms', 'A'], rows);
  return `A/B: ours (this checkout) against A = ${describe(abDir)}, interleaved answer by answer; medians over the repetitions\n${table}\n${lines.join('\n')}`;
}
