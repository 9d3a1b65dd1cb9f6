/**
 * What a --trace run's renderer main thread spent its time on (bench:latency): in code-server the workbench and the
 * webview share that thread, so every WebSocket frame VS Code reads, every relay into the webview, the page's script
 * and every frame's rendering queue there. Printed per run: the thread's CPU time (the trace's thread clock, which a
 * loaded machine inflates less than wall time), the WebSocket frames it received, the frames it committed, and the
 * events that took the most time of their own (an event's duration less its children's), and how long the tasks that
 * rendered a frame took: a message that reaches the thread during one waits for its end, so their length, more than
 * their sum, is what a token's latency sees.
 */
import type { TraceEvent as BaseTraceEvent } from '../traceMetrics';
import { summarize, type Summary } from './stats';

/** A trace event as bench/traceMetrics.ts reads them, with the arguments this summary names events by. */
export interface TraceEvent extends BaseTraceEvent {
  args?: { name?: string; data?: { functionName?: string; url?: string; message?: string }; chrome_mojo_event_info?: { mojo_interface_tag?: string } };
}

const TASK = 'ThreadControllerImpl::RunTask';
/** The steps of rendering a frame: a task with one of them in it rendered (part of) a frame. */
const RENDER_STEPS = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit']);

export interface ThreadSummary {
  spanMs: number;
  /** Wall time inside top-level tasks, and their CPU time. */
  busyMs: number;
  cpuMs: number;
  webSocketFramesIn: number;
  commits: number;
  /** Wall time of the tasks that rendered a frame (ms). */
  renderTasks: Summary;
  /** Self time by event name, largest first. */
  self: { name: string; ms: number; count: number }[];
}

/** The busiest CrRendererMain of the trace (the workbench's, with the webview in it), from `since` (trace µs) on. */
export function mainThreadSummary(events: readonly TraceEvent[], since: number): ThreadSummary | undefined {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const counts = new Map<string, number>();
  for (const e of events) if (e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`)) counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) return undefined;
  const xs = events.filter((e) => e.ph === 'X' && e.dur !== undefined && `${e.pid}:${e.tid}` === main && e.ts >= since)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  if (!xs.length) return undefined;
  // Self time: each event's duration less that of the events directly inside it (complete events nest by time).
  const childTime = new Map<TraceEvent, number>();
  const stack: TraceEvent[] = [];
  for (const e of xs) {
    while (stack.length && stack[stack.length - 1].ts + (stack[stack.length - 1].dur ?? 0) <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) childTime.set(parent, (childTime.get(parent) ?? 0) + (e.dur ?? 0));
    stack.push(e);
  }
  const self = new Map<string, { ms: number; count: number }>();
  for (const e of xs) {
    const key = e.name;
    const s = self.get(key) ?? { ms: 0, count: 0 };
    s.ms += ((e.dur ?? 0) - (childTime.get(e) ?? 0)) / 1000;
    s.count++;
    self.set(key, s);
  }
  const tasks = xs.filter((e) => e.name === TASK);
  const rendering = new Set<TraceEvent>();
  let t = 0;
  for (const e of xs) {
    if (!RENDER_STEPS.has(e.name)) continue;
    while (t < tasks.length && tasks[t].ts + (tasks[t].dur ?? 0) <= e.ts) t++;
    if (t < tasks.length && tasks[t].ts <= e.ts) rendering.add(tasks[t]);
  }
  const end = Math.max(...xs.map((e) => e.ts + (e.dur ?? 0)));
  return {
    spanMs: (end - since) / 1000,
    busyMs: tasks.reduce((n, e) => n + (e.dur ?? 0), 0) / 1000,
    cpuMs: tasks.reduce((n, e) => n + (e.tdur ?? 0), 0) / 1000,
    webSocketFramesIn: xs.filter((e) => e.name === 'Receive mojo message' && e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'network.mojom.WebSocketClient').length,
    commits: xs.filter((e) => e.name === 'Commit').length,
    renderTasks: summarize([...rendering].map((e) => (e.dur ?? 0) / 1000)),
    self: [...self].map(([name, s]) => ({ name, ...s })).sort((a, b) => b.ms - a.ms),
  };
}

export function printThreadSummary(s: ThreadSummary, top = 12): void {
  const pct = (ms: number) => `${((100 * ms) / s.spanMs).toFixed(1)} %`;
  console.log(`  renderer main thread over ${s.spanMs.toFixed(0)} ms: busy ${s.busyMs.toFixed(0)} ms (${pct(s.busyMs)}), CPU ${s.cpuMs.toFixed(0)} ms; ` +
    `${s.webSocketFramesIn} WebSocket frames in, ${s.commits} frames committed;`);
  const r = s.renderTasks;
  console.log(`  tasks that rendered a frame: ${r.n}, ms p50 ${r.p50.toFixed(2)} p90 ${r.p90.toFixed(2)} p99 ${r.p99.toFixed(2)} max ${r.max.toFixed(1)}; self time:`);
  for (const e of s.self.filter((x) => x.name !== TASK && x.name !== 'RunTask').slice(0, top)) {
    console.log(`    ${e.ms.toFixed(1).padStart(8)} ms ${pct(e.ms).padStart(7)}  ×${String(e.count).padEnd(6)} ${e.name}`);
  }
}

