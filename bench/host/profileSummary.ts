/**
 * Top self-time functions of a V8 .cpuprofile (node --cpu-prof), for bench:host's CPU evidence:
 * `tsx bench/host/profileSummary.ts FILE.cpuprofile [top]`. Time is grouped by function and file (node_modules paths
 * shortened to the package), and by area: the SDKs, Node's streams/fetch (undici), our src/, the bench, GC, the rest.
 */
import * as fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const where = (url: string): string => {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 13);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  const bench = url.indexOf('/bench/');
  if (bench >= 0) return url.slice(bench + 1);
  return url.replace(/^node:/, '') || '(native)';
};

const area = (url: string, name: string): string => {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)' || name === '(idle)') return name;
  if (/node_modules\/openai\//.test(url)) return 'openai SDK';
  if (/node_modules\/@anthropic-ai\/sdk\//.test(url)) return 'anthropic SDK';
  if (/\/src\//.test(url)) return 'src/ (ours)';
  if (/\/bench\//.test(url)) return 'bench';
  if (/node_modules\/(tsx|esbuild|get-tsconfig)/.test(url)) return 'tsx (load-time)';
  if (/^node:internal\/deps\/undici|undici/.test(url)) return 'undici (fetch)';
  if (/webstreams/.test(url)) return 'web streams';
  if (url.startsWith('node:')) return 'node internals';
  return '(native/other)';
};

export function summarise(file: string, top = 25): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<Node, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    if (n) self.set(n, (self.get(n) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  for (const [n, us] of self) {
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || '(anonymous)';
    if (name === '(idle)') continue;
    total += us;
    const key = `${name}  ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const a = area(url, name);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const lines = [`${file.split('/').slice(-2).join('/')}: ${(total / 1000).toFixed(0)} ms busy (idle excluded)`, 'by area:'];
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) lines.push(`  ${ms(us)} ${pct(us)}  ${a}`);
  lines.push(`top ${top} functions by self time:`);
  for (const [k, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`  ${ms(us)} ${pct(us)}  ${k}`);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  console.log(summarise(file, Number(top ?? 25)));
}
