/**
 * bench:render's runs: one renderer's page streaming one answer at one delivery, traced, and what it measured; and
 * the comparison pages' bundles they load. Apart from render.ts, which chooses the runs and prints the tables, so
 * each stays small enough to read.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ORIGIN, servePanel, type PageFiles } from '../test/webview/harness';
import { themeScript } from '../test/webview/themes';
import { fmt } from './renderFormat';
import { GC_CATEGORIES, readTraceEvents, TRACE_CATEGORIES, traceMetrics, type TraceMetrics } from './traceMetrics';

export type Renderer = 'ours' | 'A' | 'baseline' | 'plain';
export type Rate = 'max' | number;

export interface Run extends TraceMetrics {
  /** Chromium's own count of main-thread task time over the run (CDP Performance.getMetrics), to cross-check. */
  taskDurationMs: number;
  renderer: Renderer;
  tokens: number;
  rate: Rate;
  toPaintMs: number;
  wallMs: number;
}

const ROOT = path.join(__dirname, '..');

/**
 * The files each page other than this checkout's panel is served (servePanel's, relative to the repository): the
 * comparison pages' scripts, bundled into temporary files (never shipped), and --ab's build (its script and stylesheet).
 */
export type Scripts = Partial<Record<Renderer, PageFiles>>;

export async function buildComparisons(ab: string | undefined): Promise<Scripts> {
  const scripts: Scripts = {};
  if (ab) {
    const files = [path.join(ab, 'dist', 'webview.js'), path.join(ab, 'media', 'panel.css')];
    for (const file of files) if (!fs.existsSync(file)) throw new Error(`--ab: ${file} not found (run npm run build in ${ab})`);
    scripts.A = { script: path.relative(ROOT, files[0]), style: path.relative(ROOT, files[1]) };
  }
  for (const [renderer, entry] of [['baseline', 'baselinePanel.ts'], ['plain', 'plainTextPanel.ts']] as const) {
    const out = path.join(os.tmpdir(), `stream-explain-${renderer}-${process.pid}.js`);
    await esbuild.build({
      entryPoints: [path.join(__dirname, entry)], bundle: true, outfile: out, platform: 'browser', format: 'iife',
      target: 'chrome120', logLevel: 'error',
    });
    scripts[renderer] = { script: path.relative(ROOT, out) };
  }
  return scripts;
}

/** Runs in the page: stream the tokens, then wait for the final frame. Returns page timestamps. */
const DRIVER = `
window.__benchRun = async (tokens, rate) => {
  const post = (m) => window.postMessage(m, '*');
  // One channel for the whole run: a MessageChannel per wait stays alive while its port listens (5k tokens at full
  // speed: Blink's heap 5.3 MB instead of 3.3 MB after a full GC), which lengthened the GC pauses being measured.
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()();
  const nextTask = () => new Promise((r) => { waiting.push(r); channel.port2.postMessage(0); });
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  post({ type: 'turn-start', turnId: 'bench', prompt: { text: 'Explain this code.' }, provider: 'openai', model: 'bench' });
  await frame(); await frame();
  performance.mark('bench-start');
  const t0 = performance.now();
  for (let i = 0; i < tokens.length; i++) {
    if (rate > 0) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait)); else await nextTask();
    } else {
      await nextTask();
    }
    post({ type: 'delta', turnId: 'bench', text: tokens[i] });
  }
  const tLast = performance.now();
  post({ type: 'turn-end', turnId: 'bench', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: tokens.length, estimated: false },
    costUsd: null, metrics: { ttftMs: 1, totalMs: 1, tokensPerSecond: null } });
  // Every message handled: a probe posted after them has arrived.
  await new Promise((r) => {
    const onProbe = (e) => { if (e.data && e.data.type === 'bench-probe') { window.removeEventListener('message', onProbe); r(); } };
    window.addEventListener('message', onProbe);
    post({ type: 'bench-probe' });
  });
  // Then frames until the DOM stops changing (a renderer may spread its last blocks over several frames): "painted"
  // is the first task after the rendering steps of the last frame that changed it.
  let changed = true;
  const mo = new MutationObserver(() => { changed = true; });
  mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  let tPaint = performance.now();
  for (let quiet = 0; quiet < 3 && performance.now() - tLast < 30000;) {
    await frame();
    const after = await nextTask().then(() => performance.now());
    if (changed) { changed = false; tPaint = after; quiet = 0; } else quiet++;
  }
  mo.disconnect();
  channel.port1.close();
  performance.mark('bench-end');
  return { toPaintMs: tPaint - tLast, wallMs: tPaint - t0, text: document.querySelector('[data-role=answer]').textContent.length };
};`;

async function openPage(browser: Browser, renderer: Renderer, scripts: Scripts): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 480, height: 800 } });
  await page.addInitScript({ content: `window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });\n${themeScript('dark')}\n${DRIVER}` });
  await servePanel(page, scripts[renderer]);
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction('document.readyState === "complete"');
  // Both pages warm up in idle time after loading (see src/webview/markdown/warmUp.ts): let them, as a panel
  // that was opened before the question would have.
  await page.waitForTimeout(2000);
  return page;
}

export async function run(browser: Browser, renderer: Renderer, tokens: string[], rate: Rate, scripts: Scripts): Promise<Run> {
  const page = await openPage(browser, renderer, scripts);
  await page.evaluate(`window.__tokens = ${JSON.stringify(tokens)}`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const counters = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { task: get('TaskDuration'), thread: get('ThreadTime') };
  };
  const before = await counters();
  // The baseline's runs over 1k tokens are not traced: their traces take far longer to read than the runs take, and
  // at 20k tokens overflow Chromium's trace buffer. Their busy time is Chromium's own count (which, without tracing's
  // overhead, is lower: the ratios are if anything understated); their frame figures are not measured.
  const traced = !(renderer === 'baseline' && tokens.length > 1000);
  if (traced) await browser.startTracing(page, { categories: rate === 'max' ? TRACE_CATEGORIES : [...TRACE_CATEGORIES, ...GC_CATEGORIES] });
  const result = (await page.evaluate(`window.__benchRun(window.__tokens, ${rate === 'max' ? 0 : rate})`)) as { toPaintMs: number; wallMs: number; text: number };
  const events = traced ? readTraceEvents(await browser.stopTracing()) : [];
  const after = await counters();
  const taskDurationMs = (after.task - before.task) * 1000;
  const threadTimeMs = (after.thread - before.thread) * 1000;
  await page.close();
  if (result.text < tokens.join('').length * 0.5) throw new Error(`${renderer}: the answer did not render (${result.text} characters)`);
  let metrics: TraceMetrics;
  try {
    metrics = traceMetrics(events, 'bench-start', 'bench-end');
  } catch (err) {
    // Not traced, or Chromium stopped recording when its trace buffer filled up: only Chromium's own counts of
    // main-thread time (TaskDuration, and ThreadTime for CPU) are left, and the frame figures are unknown.
    if (traced) console.warn(`\n  warning: ${(err as Error).message} (the trace buffer filled up); busy is Chromium's TaskDuration, frame figures unknown`);
    metrics = { busyMs: taskDurationMs, busyCpuMs: threadTimeMs, majorGcs: NaN, longestFrameMs: NaN, longestFrameCpuMs: NaN, framesOver16: NaN, framesOver16Cpu: NaN, framesOver16NoGc: NaN, longestFrameNoGcMs: NaN, longestGcMs: NaN, frames: NaN, longestTaskMs: NaN, windowMs: result.wallMs };
  }
  if (metrics.busyMs < taskDurationMs * 0.8) console.warn(`\n  warning: the trace holds ${fmt(metrics.busyMs)} ms of tasks, Chromium counted ${fmt(taskDurationMs)} ms: events were lost`);
  return { renderer, tokens: tokens.length, rate, toPaintMs: result.toPaintMs, wallMs: result.wallMs, taskDurationMs, ...metrics };
}

/** Deletes the comparison pages' bundles that buildComparisons wrote (--ab's build is not ours to delete). */
export function removeComparisons(scripts: Scripts): void {
  for (const renderer of ['baseline', 'plain'] as const) {
    const bundled = scripts[renderer]?.script;
    if (bundled) fs.rmSync(path.join(ROOT, bundled), { force: true });
  }
}
