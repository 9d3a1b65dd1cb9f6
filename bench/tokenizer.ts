/**
 * npm run bench:tokenizer — the extension's o200k token counter (src/core/bpe, as the production bundle ships it)
 * beside gpt-tokenizer's own o200k module, the library it counts exactly like. Each sample is a fresh Node process
 * (bench/tokenizer/probe.cjs), the two alternated: load time, heap held afterwards, the pause of a full garbage
 * collection with the tokenizer loaded (what the extension host's thread pays at every full collection while tokens
 * stream to the panel), counting speed on a corpus of prose and code (first pass, and later passes when
 * gpt-tokenizer's cache of pieces has warmed), and a 50,000-letter piece with no space in it.
 *
 * Flags: --rounds N (processes per tokenizer, default 5), --passes N (default 6), --smoke (1 round, 2 passes,
 * nothing saved), --no-save.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveResult, teeConsole } from './results';

const ROOT = path.join(__dirname, '..');

interface Sample {
  loadMs: number; firstPassMs: number; laterPassMs: number; tokens: number; corpusBytes: number;
  heapMB: number; outsideHeapMB: number; fullGcMs: number; fullGcBeforeMs: number; long50kMs: number;
}

function main(): void {
  const argv = process.argv.slice(2);
  const value = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const smoke = argv.includes('--smoke');
  const rounds = Number(value('--rounds') ?? (smoke ? 1 : 5));
  const passes = Number(value('--passes') ?? (smoke ? 2 : 6));
  const printed = teeConsole();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tokenizer-'));
  try {
    // What ships: the production bundles, built apart so dist/ is left as it is.
    execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production', `--outdir=${tmp}`], { cwd: ROOT, stdio: 'ignore' });
    const corpus = path.join(tmp, 'corpus.txt');
    fs.writeFileSync(corpus, ['README.md', 'bench/results/HISTORY.md', 'src/core/chatEngine.ts', 'src/webview/turnView.ts'].map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n'));
    const targets = [
      { label: 'ours (dist/tokenizer.js)', file: path.join(tmp, 'tokenizer.js'), exported: 'o200kCounter' },
      { label: 'gpt-tokenizer', file: require.resolve('gpt-tokenizer/encoding/o200k_base'), exported: 'countTokens' },
    ];
    const samples = new Map<string, Sample[]>(targets.map((t) => [t.label, []]));
    for (let r = 0; r < rounds; r++) {
      for (const t of r % 2 ? [...targets].reverse() : targets) {
        const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'tokenizer', 'probe.cjs'), t.file, t.exported, corpus, String(passes)], { encoding: 'utf8' });
        samples.get(t.label)!.push(JSON.parse(out) as Sample);
      }
    }
    const [ours, theirs] = targets.map((t) => samples.get(t.label)!);
    if (ours.some((s, i) => s.tokens !== theirs[i].tokens)) throw new Error('the two tokenizers counted the corpus differently');
    const med = (xs: Sample[], k: keyof Sample) => [...xs.map((s) => s[k])].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rows: [string, keyof Sample, number][] = [
      ['load + first count, ms', 'loadMs', 1], ['heap held after loading and counting, MB', 'heapMB', 2], ['outside the heap (typed arrays), MB', 'outsideHeapMB', 2],
      ['full GC pause with it loaded, ms', 'fullGcMs', 2], ['full GC pause before loading it, ms', 'fullGcBeforeMs', 2],
      [`count the corpus (${(ours[0].corpusBytes / 1e3).toFixed(0)} KB, ${ours[0].tokens} tokens), first pass, ms`, 'firstPassMs', 1],
      ['  a later pass, ms', 'laterPassMs', 1], ['a 50,000-letter piece with no space, ms', 'long50kMs', 1],
    ];
    console.log(`o200k token counting, median of ${rounds} fresh processes each (alternated), ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, Node ${process.version}.`);
    console.log(`${'measure'.padEnd(62)} ${'ours'.padStart(9)} ${'gpt-tokenizer'.padStart(14)} ${'ours / theirs'.padStart(14)}`);
    for (const [label, k, digits] of rows) {
      const a = med(ours, k);
      const b = med(theirs, k);
      console.log(`${label.padEnd(62)} ${a.toFixed(digits).padStart(9)} ${b.toFixed(digits).padStart(14)} ${(b ? (a / b).toFixed(2) : "–").padStart(14)}`);
    }
    const file = smoke ? undefined : saveResult('tokenizer', Object.fromEntries(samples), printed());
    if (file) console.log(`\nSaved ${file}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
