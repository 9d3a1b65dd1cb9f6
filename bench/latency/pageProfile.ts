/**
 * --profile DIR for bench:latency: a V8 CPU profile of the browser's renderer during each panel run. In code-server the
 * workbench and the webview's frames are one site (127.0.0.1), so they share one renderer process and one main
 * thread: the profile shows what that thread spent its time on while the answer streamed — the panel's own script,
 * VS Code's relay of the messages (the workbench, the webview host frame), the benchmark's recorder — beside how much
 * of the time it was busy at all. Saved as DIR/<run>.cpuprofile (open it in Chrome's DevTools).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's code came from. */
function area(url: string, name: string, line: number): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return '(program: the browser engine, style, layout, paint)';
  if (url.endsWith('/dist/webview.js')) return 'the panel (dist/webview.js)';
  if (url.includes('/workbench/workbench.js')) return 'VS Code workbench (relay, UI)';
  if (url.includes('/webview/browser/pre/')) return 'VS Code webview host frame';
  if (name === '(root)' || name === '(idle)') return name;
  // Built-in functions (no script, no line: FileReader, postMessage, WebSocket send) are counted for the script that
  // called them (see summarise). The recorder is injected as a script without a URL, so it has lines.
  if (!url) return line < 0 ? 'built-ins' : 'benchmark recorder (injected)';
  return 'other';
}

/** Starts profiling the renderer of `page`; the function returned stops it, saves `file` and prints a summary. */
export async function startPageProfile(page: Page, file: string): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await cdp.detach().catch(() => undefined);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`\n${path.basename(file)}:\n${summarise(profile)}`);
  };
}

export function summarise(p: CpuProfile, top = 15): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
  // A built-in's time goes to the nearest caller that is a script.
  const owner = (n: ProfileNode): string => {
    for (let m: ProfileNode | undefined = n; m; m = parent.get(m.id)) {
      const a = area(m.callFrame.url, m.callFrame.functionName, m.callFrame.lineNumber);
      if (a !== 'built-ins') return m === n ? a : `${a} (incl. built-ins it called)`;
    }
    return 'built-ins';
  };
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const us = p.timeDeltas[i] ?? 0;
    if (!n || n.callFrame.functionName === '(idle)') continue;
    busy += us;
    const a = owner(n).replace(' (incl. built-ins it called)', '');
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const span = p.endTime - p.startTime;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const share = (us: number) => `${((100 * us) / span).toFixed(1).padStart(5)} %`;
  const lines = [`  renderer main thread busy ${ms(busy)} of ${ms(span)} (${share(busy).trim()}); by area (share of the run):`];
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) lines.push(`  ${ms(us)} ${share(us)}  ${a}`);
  lines.push(`  top ${top} functions by self time:`);
  for (const [k, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`  ${ms(us)} ${share(us)}  ${k}`);
  return lines.join('\n');
}
