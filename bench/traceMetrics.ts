/**
 * Main-thread cost of a benchmark run, from a Chromium trace (the data DevTools' Performance panel shows).
 *
 * - busy: the summed duration of every top-level task (`ThreadControllerImpl::RunTask`) on the page's renderer main
 *   thread between the run's two user-timing marks — all scripting, style, layout, paint recording and GC it caused.
 *   Wall time; `busyCpuMs` is the same tasks' thread CPU time (`tdur`), which leaves out the time the OS gave the
 *   CPU to another process mid-task.
 * - longest frame: the main-thread work between two consecutive main frames (`BeginMainThreadFrame`): what had to
 *   run before the next frame could be produced. Over 16.7 ms means a dropped frame at 60 Hz. Also in CPU time.
 * - longest task: the longest single task (wall).
 * - garbage collection: the main thread's GC work (V8's MajorGC and MinorGC, Blink's heap (cppgc) marking and
 *   sweeping tasks) in each frame, so a frame over 16 ms can be told apart as the page's own work or a GC pause
 *   landing in it. Nested GC events are merged (their union is counted, not their sum).
 */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

export interface TraceMetrics {
  busyMs: number;
  busyCpuMs: number;
  /** V8's full (major) collections in the run; NaN when the trace did not record GC (GC_CATEGORIES). */
  majorGcs: number;
  longestFrameMs: number;
  longestFrameCpuMs: number;
  /** Frames whose main-thread work exceeded 16 ms (wall / CPU). */
  framesOver16: number;
  framesOver16Cpu: number;
  /** Frames over 16 ms (wall) that still are over 16 ms without the GC work in them. */
  framesOver16NoGc: number;
  /** The longest frame's work without the GC work in it (wall). */
  longestFrameNoGcMs: number;
  /** The longest stretch of GC work in one frame (wall). */
  longestGcMs: number;
  frames: number;
  longestTaskMs: number;
  windowMs: number;
}

export const TRACE_CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline.frame', 'blink.user_timing'];
/**
 * Also needed to see garbage collection. devtools.timeline records every script call too, which at full speed (many
 * calls per frame) adds a third to the busy time, so the full-speed runs, measured for cost, leave it out.
 */
export const GC_CATEGORIES = ['devtools.timeline', 'cppgc'];

const NEEDLES = ['ThreadControllerImpl::RunTask', 'BeginMainThreadFrame', '"bench-', '"MajorGC"', '"MinorGC"', '"CppGC.'].map((n) => Buffer.from(n));
const isGc = (e: TraceEvent) => e.ph === 'X' && (e.name === 'MajorGC' || e.name === 'MinorGC' || e.name.startsWith('CppGC.'));

/**
 * The events this module needs, read from a trace of any size (the baseline's 20k-token runs produce more than a
 * JavaScript string can hold): objects are cut out of the buffer by brace matching and only the relevant ones are
 * parsed — frame and mark events, and tasks of a process's main thread (whose tid is its pid).
 */
export function readTraceEvents(buf: Buffer): TraceEvent[] {
  const out: TraceEvent[] = [];
  const listStart = buf.indexOf('"traceEvents"');
  let i = buf.indexOf('[', listStart < 0 ? 0 : listStart) + 1;
  while (i < buf.length) {
    while (i < buf.length && buf[i] !== 0x7b) {
      if (buf[i] === 0x5d) return out;
      i++;
    }
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < buf.length; i++) {
      const c = buf[i];
      if (inString) {
        if (c === 0x5c) i++;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b) depth++;
      else if (c === 0x7d && --depth === 0) {
        i++;
        break;
      }
    }
    const slice = buf.subarray(start, i);
    const which = NEEDLES.findIndex((n) => slice.indexOf(n) >= 0);
    if (which < 0) continue;
    const text = slice.toString('utf8');
    if (which === 0) {
      const pid = /"pid":(\d+)/.exec(text)?.[1];
      if (pid === undefined || pid !== /"tid":(\d+)/.exec(text)?.[1]) continue;
    }
    out.push(JSON.parse(text) as TraceEvent);
  }
  return out;
}

const OVER = 16_000;

export function traceMetrics(events: TraceEvent[], startMark: string, endMark: string): TraceMetrics {
  const start = events.find((e) => e.name === startMark);
  const end = events.find((e) => e.name === endMark);
  if (!start || !end) throw new Error('the trace has no benchmark marks');
  const onMain = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid && e.ts >= start.ts && e.ts <= end.ts;
  const tasks = events.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && onMain(e)).sort((a, b) => a.ts - b.ts);
  const frames = events.filter((e) => e.name === 'BeginMainThreadFrame' && onMain(e)).map((e) => e.ts).sort((a, b) => a - b);
  let busy = 0;
  let busyCpu = 0;
  let longestTask = 0;
  for (const t of tasks) {
    busy += t.dur ?? 0;
    busyCpu += t.tdur ?? t.dur ?? 0;
    longestTask = Math.max(longestTask, t.dur ?? 0);
  }
  // Work per frame interval [f_i, f_i+1): the overlap of each task with the interval (CPU: in proportion).
  const bounds = [start.ts, ...frames, end.ts];
  let longestFrame = 0;
  let longestFrameCpu = 0;
  let over = 0;
  let overCpu = 0;
  let overNoGc = 0;
  let longestNoGc = 0;
  let longestGc = 0;
  const gc = gcIntervals(events.filter((e) => isGc(e) && onMain(e)));
  let g = 0;
  let k = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i];
    const hi = bounds[i + 1];
    while (k < tasks.length && tasks[k].ts + (tasks[k].dur ?? 0) <= lo) k++;
    let work = 0;
    let cpu = 0;
    while (g < gc.length && gc[g][1] <= lo) g++;
    let gcWork = 0;
    for (let j = g; j < gc.length && gc[j][0] < hi; j++) gcWork += Math.max(0, Math.min(hi, gc[j][1]) - Math.max(lo, gc[j][0]));
    for (let j = k; j < tasks.length && tasks[j].ts < hi; j++) {
      const t = tasks[j];
      const dur = t.dur ?? 0;
      const overlap = Math.max(0, Math.min(hi, t.ts + dur) - Math.max(lo, t.ts));
      work += overlap;
      cpu += dur > 0 ? (overlap * (t.tdur ?? dur)) / dur : 0;
    }
    longestFrame = Math.max(longestFrame, work);
    longestNoGc = Math.max(longestNoGc, work - gcWork);
    longestGc = Math.max(longestGc, gcWork);
    if (work - gcWork > OVER) overNoGc++;
    longestFrameCpu = Math.max(longestFrameCpu, cpu);
    if (work > OVER) over++;
    if (cpu > OVER) overCpu++;
  }
  return {
    busyMs: busy / 1000,
    busyCpuMs: busyCpu / 1000,
    majorGcs: gc.length ? events.filter((e) => e.name === 'MajorGC' && e.ph === 'X' && onMain(e)).length : NaN,
    longestFrameMs: longestFrame / 1000,
    longestFrameCpuMs: longestFrameCpu / 1000,
    framesOver16: over,
    framesOver16Cpu: overCpu,
    framesOver16NoGc: overNoGc,
    longestFrameNoGcMs: longestNoGc / 1000,
    longestGcMs: longestGc / 1000,
    frames: frames.length,
    longestTaskMs: longestTask / 1000,
    windowMs: (end.ts - start.ts) / 1000,
  };
}

/** GC events as [start, end) intervals, sorted, overlapping ones merged. */
function gcIntervals(events: TraceEvent[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    const end = e.ts + (e.dur ?? 0);
    const last = out[out.length - 1];
    if (last && e.ts <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([e.ts, end]);
  }
  return out;
}
