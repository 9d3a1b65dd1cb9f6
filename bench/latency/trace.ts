/**
 * --trace DIR for bench:latency: a Chromium trace of every panel run (all processes: the workbench, the webview's
 * frames), saved to DIR, and the long tasks in it printed with the JavaScript that ran in them — to find what holds
 * messages back (a stall shows as a long task on the thread the messages pass through, or as no task at all when the
 * wait is outside the browser: the extension host or code-server).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { mainThreadSummary, printThreadSummary, type TraceEvent } from './traceSummary';

const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink.user_timing', '__metadata'];
/** A task this long holds a 200 tokens/s stream back by several tokens. */
const LONG_TASK_US = 30_000;

/** Starts a browser-wide trace; the function returned ends it, saves it as `file` and prints its long tasks. */
export async function startTrace(page: Page, file: string): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value) events.push(ev as unknown as TraceEvent);
  });
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  // The moment the question is sent, in the trace's clock: long tasks are printed relative to it.
  await page.evaluate(() => console.timeStamp('stream-explain-ask'));
  return async () => {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => undefined);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ traceEvents: events }));
    printTraceReport(file, events);
  };
}

/** The run's long tasks, then what the renderer's main thread spent from the ask on. */
function printTraceReport(file: string, events: readonly TraceEvent[], top?: number): void {
  console.log(`\n${path.basename(file)}:\n${longTasks(events).join('\n') || '  no task over 30 ms'}`);
  const ask = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'stream-explain-ask')?.ts;
  const summary = ask === undefined ? undefined : mainThreadSummary(events, ask);
  if (summary) printThreadSummary(summary, top);
}

/** One line per task over 30 ms: when (ms after the ask), how long, which thread, and the JS that took longest in it. */
export function longTasks(events: readonly TraceEvent[]): string[] {
  const threads = new Map<string, string>();
  const processes = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
    if (e.name === 'process_name' || e.name === 'process_labels') processes.set(e.pid, `${processes.get(e.pid) ?? ''} ${e.args?.name ?? (e.args as { labels?: string } | undefined)?.labels ?? ''}`.trim());
  }
  const ask = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'stream-explain-ask')?.ts ?? events[0]?.ts ?? 0;
  const tasks = events.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && (e.dur ?? 0) >= LONG_TASK_US);
  return tasks.sort((a, b) => a.ts - b.ts).map((t) => {
    const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && e.ts >= t.ts && e.ts < t.ts + (t.dur ?? 0) && e !== t);
    const top = inside.filter((e) => e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask').sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 4)
      .map((e) => `${e.name}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''}${e.args?.data?.url ? ` ${e.args.data.url.slice(-60)}` : ''} ${((e.dur ?? 0) / 1000).toFixed(1)}`);
    const where = `${processes.get(t.pid) ?? `pid ${t.pid}`} / ${threads.get(`${t.pid}:${t.tid}`) ?? `tid ${t.tid}`}`;
    return `  +${((t.ts - ask) / 1000).toFixed(0).padStart(6)} ms  ${((t.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${where}\n      ${top.join('\n      ')}`;
  });
}

// `tsx bench/latency/trace.ts FILE...`: what --trace printed, again, for traces it saved.
if (require.main === module) {
  for (const file of process.argv.slice(2)) printTraceReport(file, (JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents, 16);
}
