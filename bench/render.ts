/**
 * npm run bench:render — the panel's renderer against the naive baseline, in headless Chromium.
 *
 * The same realistic answers (bench/answerGenerator.ts, cut into real o200k tokens), 1k, 5k and 20k tokens, are
 * streamed one token per message — as fast as the page takes them, and at 100 tokens/s — through
 *   (a) ours: the real panel (dist/webview.js under the real webview HTML and CSP, driven by protocol messages), and
 *   (b) the baseline: re-parse everything with the same markdown-it + highlight.js + DOMPurify set-up per delta.
 * Each run gets a fresh page and a Chromium trace; see bench/traceMetrics.ts for what is measured and how.
 * "→ paint" is the time from posting the last delta until the end of the last frame that changed the DOM (measured
 * in the page: the first task after that frame's rendering steps), so a renderer that spreads its last blocks over
 * several frames is measured to its final frame.
 *
 * The baseline's cost grows with the square of the answer: at 20k tokens one run takes about half an hour on a
 * 2-core machine, and at 100 tok/s it cannot keep up (each delta costs it more than 10 ms long before the end), so it
 * does the same work as at full speed. So by default it runs at 20k tokens only at full speed; --full adds 100 tok/s.
 * Its runs over 1k tokens are measured by Chromium's own counters instead of a trace (see run() in renderRun.ts).
 *
 * A third page, (c) plain text (bench/plainTextPanel.ts), shows the same tokens with no markdown at all: the floor for
 * frame times, since the frames a plain text page drops (text layout, paint, scrolling and the garbage collection they
 * and the message traffic cause) any streaming panel drops too.
 *
 * Flags: --quick (100 tok/s runs only for 1k and 5k tokens), --full, --sizes 1000,5000, --rates max,100,
 * --renderers ours,baseline,plain, --json FILE (the runs, for later comparison), --ab DIR (also the panel built in DIR,
 * e.g. a worktree of an earlier commit after `npm run build`: its dist/webview.js and media/panel.css, run as
 * renderer "A" right after ours for each answer; renderAb.ts prints the two side by side), --reps N (each answer and
 * delivery N times, renderers interleaved, every other time in reverse order; the A/B table takes the medians, the
 * other tables list every repetition).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium } from '../test/webview/harness';
import { inTurn } from './order';
import { abReport } from './renderAb';
import { delivery, fmt, grid, ratioOf } from './renderFormat';
import { buildComparisons, removeComparisons, run, type Rate, type Renderer, type Run } from './renderRun';
import { answerTokens } from './tokens';
import { saveResult } from './results';

function args() {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const full = argv.includes('--full');
  const sizes = (value('--sizes') ?? '1000,5000,20000').split(',').map(Number);
  const rates: Rate[] = (value('--rates') ?? 'max,100').split(',').map((r) => (r === 'max' ? 'max' : Number(r)));
  const ab = value('--ab');
  const renderers = (value('--renderers') ?? 'ours,baseline,plain').split(',') as Renderer[];
  if (ab && !renderers.includes('A')) renderers.splice(renderers.indexOf('ours') + 1, 0, 'A');
  const reps = Number(value('--reps') ?? 1);
  return { sizes, rates, quick, full, renderers, json: value('--json'), ab: ab ? path.resolve(ab) : undefined, reps };
}

const ratio = (a: number, b: number) => ratioOf(a, b, 1);
const count = (n: number) => (Number.isNaN(n) ? '–' : String(n));

/** The run of `renderer` with this answer length and delivery, if there is one. */
const findRun = (runs: Run[], renderer: Renderer, tokens: number, rate: Rate) =>
  runs.find((r) => r.renderer === renderer && r.tokens === tokens && r.rate === rate);

/** Each run of ours with the baseline's run of the same answer and delivery, if there is one. */
function pairs(runs: Run[]): Array<[Run, Run | undefined]> {
  return runs.filter((r) => r.renderer === 'ours').map((ours) => [ours, findRun(runs, 'baseline', ours.tokens, ours.rate)]);
}

function tables(runs: Run[]): string {
  const none = (n: number) => Array<string>(n).fill('–');
  const cost = grid(
    ['tokens', 'delivery', 'ours busy ms', 'cpu ms', 'µs/token', 'baseline busy ms', 'cpu ms', 'µs/token', 'baseline/ours busy', 'cpu'],
    pairs(runs).map(([o, b]) => [
      String(o.tokens), delivery(o.rate),
      fmt(o.busyMs), fmt(o.busyCpuMs), fmt((o.busyMs * 1000) / o.tokens),
      ...(b ? [fmt(b.busyMs), fmt(b.busyCpuMs), fmt((b.busyMs * 1000) / b.tokens), ratio(b.busyMs, o.busyMs), ratio(b.busyCpuMs, o.busyCpuMs)] : none(5)),
    ]));
  const frames = grid(
    ['tokens', 'delivery', 'ours longest frame ms', 'cpu', 'task', '>16ms frames', 'cpu', 'of', '→paint ms',
      'w/o GC: longest', '>16ms', 'longest GC in a frame',
      'baseline longest frame', 'cpu', 'task', '>16ms', 'cpu', 'of', '→paint', 'ratio frame', '→paint'],
    pairs(runs).map(([o, b]) => [
      String(o.tokens), delivery(o.rate),
      fmt(o.longestFrameMs), fmt(o.longestFrameCpuMs), fmt(o.longestTaskMs), String(o.framesOver16), String(o.framesOver16Cpu), String(o.frames), fmt(o.toPaintMs),
      fmt(o.longestFrameNoGcMs), count(o.framesOver16NoGc), fmt(o.longestGcMs),
      ...(b
        ? [fmt(b.longestFrameMs), fmt(b.longestFrameCpuMs), fmt(b.longestTaskMs), count(b.framesOver16), count(b.framesOver16Cpu), count(b.frames), fmt(b.toPaintMs),
          ratio(b.longestFrameMs, o.longestFrameMs), ratio(b.toPaintMs, o.toPaintMs)]
        : none(9)),
    ]));
  const withFloor = runs.filter((o) => o.renderer === 'ours' && o.rate !== 'max')
    .flatMap((o) => { const p = findRun(runs, 'plain', o.tokens, o.rate); return p ? [[o, p] as const] : []; });
  if (!withFloor.length) return `${cost}\n\n${frames}`;
  const floor = grid(
    ['tokens', 'delivery', 'ours >16ms frames', 'w/o GC', 'of', 'longest ms', 'w/o GC', 'full GCs', 'busy ms',
      'plain text >16ms frames', 'w/o GC', 'of', 'longest ms', 'w/o GC', 'full GCs', 'busy ms', 'ours/plain busy'],
    withFloor.map(([o, p]) => [
      String(o.tokens), delivery(o.rate),
      String(o.framesOver16), count(o.framesOver16NoGc), String(o.frames), fmt(o.longestFrameMs), fmt(o.longestFrameNoGcMs), count(o.majorGcs), fmt(o.busyMs),
      String(p.framesOver16), count(p.framesOver16NoGc), String(p.frames), fmt(p.longestFrameMs), fmt(p.longestFrameNoGcMs), count(p.majorGcs), fmt(p.busyMs),
      ratio(o.busyMs, p.busyMs),
    ]));
  return `${cost}\n\n${frames}\n\nFrames against the floor: the same tokens shown as plain text (bench/plainTextPanel.ts)\n${floor}`;
}

function verdicts(runs: Run[]): string[] {
  const get = (renderer: Renderer, tokens: number, rate: Rate) => findRun(runs, renderer, tokens, rate);
  const out: string[] = [];
  const big = Math.max(...runs.map((r) => r.tokens));
  const small = Math.min(...runs.map((r) => r.tokens));
  for (const rate of [...new Set(runs.map((r) => r.rate))]) {
    const o = get('ours', big, rate);
    const b = get('baseline', big, rate);
    if (o && b) out.push(`${big} tokens at ${delivery(rate)}: ours is ${ratio(b.busyMs, o.busyMs)} cheaper in main-thread time (CPU: ${ratio(b.busyCpuMs, o.busyCpuMs)}); target ≥ 20×`);
    const os = get('ours', small, rate);
    if (o && os && big !== small) {
      const growth = o.busyMs / o.tokens / (os.busyMs / os.tokens);
      out.push(`ours at ${delivery(rate)}: cost per token from ${small} to ${big} tokens × ${growth.toFixed(2)}; target ≤ 1.5×`);
    }
  }
  for (const r of runs.filter((x) => x.renderer === 'ours' && x.rate === 100)) {
    out.push(`ours at 100 tok/s, ${r.tokens} tokens: longest frame ${fmt(r.longestFrameMs)} ms (CPU ${fmt(r.longestFrameCpuMs)} ms); ${r.framesOver16} of ${r.frames} frames over 16 ms (CPU: ${r.framesOver16Cpu}); target: none. Without the garbage collection in them: ${r.framesOver16NoGc} over 16 ms, longest ${fmt(r.longestFrameNoGcMs)} ms; longest GC work in one frame ${fmt(r.longestGcMs)} ms`);
    const p = get('plain', r.tokens, r.rate);
    if (p) out.push(`plain text at 100 tok/s, ${p.tokens} tokens (the floor): ${p.framesOver16} of ${p.frames} frames over 16 ms, ${count(p.framesOver16NoGc)} without their GC; longest ${fmt(p.longestFrameMs)} ms; ${count(p.majorGcs)} full GCs (ours: ${count(r.majorGcs)})`);
  }
  return out;
}

async function main(): Promise<void> {
  const { sizes, rates, quick, full, renderers, json, ab, reps } = args();
  const scripts = await buildComparisons(ab);
  const browser = await launchChromium();
  const runs: Run[] = [];
  let chromiumVersion: string;
  try {
    const version = browser.version();
    chromiumVersion = version;
    console.log(`Chromium ${version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), viewport 480×800, one token per message.`);
    for (const size of sizes) {
      const tokens = answerTokens(size);
      for (const rate of rates) {
        if (quick && rate !== 'max' && size > 5000) continue;
        for (let rep = 0; rep < reps; rep++) {
          for (const renderer of inTurn(renderers, rep + 1)) {
            if (renderer === 'baseline' && rate !== 'max' && size > 5000 && !full) {
              if (rep === 0) console.log(`  baseline ${String(size).padStart(6)} tokens at ${rate} tok/s … skipped: it cannot keep up, so it costs what it costs at max speed (--full runs it)`);
              continue;
            }
            process.stdout.write(`  ${renderer.padEnd(8)} ${String(size).padStart(6)} tokens at ${delivery(rate)} … `);
            const r = await run(browser, renderer, tokens, rate, scripts);
            runs.push(r);
            console.log(`busy ${fmt(r.busyMs)} ms (CPU ${fmt(r.busyCpuMs)}; Chromium's TaskDuration ${fmt(r.taskDurationMs)}), longest frame ${fmt(r.longestFrameMs)} ms, →paint ${fmt(r.toPaintMs)} ms, took ${fmt(r.wallMs)} ms`);
          }
        }
      }
    }
  } finally {
    await browser.close();
    removeComparisons(scripts);
  }
  console.log('\nMain-thread time: busy = all tasks on the renderer main thread (scripting, style, layout, paint, GC), wall');
  console.log('clock; cpu = the same tasks in thread CPU time. Frame = main-thread work between two frames (task = the');
  console.log('longest single task); →paint = from the last delta to the end of the last frame that changed the page.');
  console.log('w/o GC = the same frames without the garbage collection in them (V8 major and minor GC, Blink heap');
  console.log('marking and sweeping tasks): what is left is the page\'s own work; "longest GC" is the most GC work in one frame.');
  console.log('"full GCs" = V8 major collections (with Blink\'s heap) during the run. Ratios are baseline / ours unless named.\n');
  const printed = `${tables(runs)}\n\n${verdicts(runs).map((v) => `- ${v}`).join('\n')}${ab ? `\n\n${abReport(runs, ab)}` : ''}`;
  console.log(printed);
  if (json) fs.writeFileSync(json, JSON.stringify(runs, null, 2));
  const saved = saveResult('render', runs, printed, { chromium: chromiumVersion, viewport: '480x800', ...(ab ? { ab } : {}) });
  if (saved) console.log(`\nRaw figures, commit and machine: ${saved}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
