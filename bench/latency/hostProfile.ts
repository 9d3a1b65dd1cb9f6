/**
 * --host-profile DIR for bench:latency: what each session's extension host did while an answer streamed — a V8 CPU
 * profile (250 µs sampling) and every garbage collection with its kind and pause — through the Node inspector.
 * code-server takes no --inspect-extensions, so the host is started with NODE_OPTIONS=--inspect-port=N and its
 * inspector switched on with SIGUSR1 once the workbench is up. Saved as DIR/<run>.cpuprofile (open it in Chrome's
 * DevTools; `gcs` and `monoOffsetMs` ride along); one line per run is printed. Needs Node's WebSocket
 * (--experimental-websocket on Node 20: the npm script passes it).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

let nextPort = 9400;
/** A port for the next session's inspector. */
export const inspectPort = () => nextPort++;

/** Node's kinds of collection (perf_hooks NODE_PERFORMANCE_GC_*). */
const MAJOR = 4;
const GC_KINDS: Record<number, string> = { 1: 'minor', [MAJOR]: 'major', 8: 'incremental', 16: 'weak callbacks' };

export interface GcEntry { at: number; ms: number; kind: number }

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the inspector's replies, read field by field below
type Reply = any;
interface Cdp { send(method: string, params?: object): Promise<Reply>; close(): void }
interface Socket { onopen: unknown; onerror: unknown; onmessage: unknown; send(data: string): void; close(): void }

async function connect(port: number): Promise<Cdp> {
  const WebSocketCtor = (globalThis as { WebSocket?: new (url: string) => Socket }).WebSocket;
  if (!WebSocketCtor) throw new Error('--host-profile needs Node\'s WebSocket: run with --experimental-websocket (npm run bench:latency does)');
  let list: { webSocketDebuggerUrl: string }[] = [];
  for (let i = 0; i < 100 && !list.length; i++) {
    try { list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as typeof list; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  if (!list.length) throw new Error(`no inspector on port ${port}`);
  const ws = new WebSocketCtor(list[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  let id = 0;
  const pending = new Map<number, (v: Reply) => void>();
  ws.onmessage = (e: { data: string }) => {
    const m = JSON.parse(e.data) as { id?: number; result?: unknown; error?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result ?? { error: m.error });
    if (m.id !== undefined) pending.delete(m.id);
  };
  return {
    send: (method, params = {}) => new Promise((resolve) => { const i = ++id; pending.set(i, resolve); ws.send(JSON.stringify({ id: i, method, params })); }),
    close: () => ws.close(),
  };
}

/** Switches on the inspector of the extension host under code-server `pid` (it listens on its --inspect-port). */
export async function activateInspector(pid: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args=']).toString().split('\n').map((l) => l.trim().split(/\s+/));
    const under = (p: string): string[][] => rows.filter((r) => r[1] === p).flatMap((r) => [r, ...under(r[0])]);
    const host = under(String(pid)).find((r) => r.join(' ').includes('extensionHost'));
    if (host) return void process.kill(Number(host[0]), 'SIGUSR1');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no extension host under code-server ${pid}`);
}

// Evaluated in the extension host (the inspector's command-line API has `require`): collections from now on.
const OBSERVE_GC = `(() => { const ph = require('perf_hooks'); globalThis.__benchGcs = []; globalThis.__benchGcObserver?.disconnect();
  globalThis.__benchGcObserver = new ph.PerformanceObserver((list) => { for (const e of list.getEntries())
    globalThis.__benchGcs.push({ at: ph.performance.timeOrigin + e.startTime, ms: e.duration, kind: e.detail ? e.detail.kind : e.kind }); });
  globalThis.__benchGcObserver.observe({ entryTypes: ['gc'] }); })()`;

/** Starts profiling; the function returned stops, saves `file` and returns the run's collections. */
export async function startHostProfile(port: number, file: string): Promise<() => Promise<GcEntry[]>> {
  const cdp = await connect(port);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Runtime.evaluate', { expression: OBSERVE_GC, includeCommandLineAPI: true });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    const got = await cdp.send('Runtime.evaluate', { expression: 'JSON.stringify(globalThis.__benchGcs)', includeCommandLineAPI: true, returnByValue: true });
    cdp.close();
    const gcs = JSON.parse(got?.result?.value ?? '[]') as GcEntry[];
    // Profile times are CLOCK_MONOTONIC µs; this offset turns them into the epoch ms the provider server stamps with.
    const monoOffsetMs = performance.timeOrigin + performance.now() - Number(process.hrtime.bigint()) / 1e6;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ ...profile, gcs, monoOffsetMs }));
    return gcs;
  };
}

/** "GC 12 (2 major), longest 31.0 ms (major), 58.2 ms in all". */
export function describeGcs(gcs: GcEntry[]): string {
  const longest = gcs.reduce<GcEntry | undefined>((a, g) => (!a || g.ms > a.ms ? g : a), undefined);
  const majors = gcs.filter((g) => g.kind === MAJOR).length;
  const total = gcs.reduce((s, g) => s + g.ms, 0);
  return `GC ${gcs.length} (${majors} major), longest ${longest ? `${longest.ms.toFixed(1)} ms (${GC_KINDS[longest.kind] ?? longest.kind})` : '–'}, ${total.toFixed(1)} ms in all`;
}
