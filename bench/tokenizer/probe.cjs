// One fresh Node process (run with --expose-gc): load a tokenizer, then measure what it costs to hold and to use.
// argv: <module path> <export: "o200kCounter" (a TokenCounter) or "countTokens" (gpt-tokenizer)> <corpus file> <passes>
/* global gc */
const fs = require('node:fs');
const [file, exported, corpusFile, passesArg] = process.argv.slice(2);
const corpus = fs.readFileSync(corpusFile, 'utf8');
const passes = Number(passesArg);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fullGc = (n) => median(Array.from({ length: n }, () => { const t = performance.now(); gc(); return performance.now() - t; }));

const gcBefore = fullGc(7);
gc();
const heap0 = process.memoryUsage();
let t = performance.now();
const mod = require(file);
// gpt-tokenizer throws on special tokens in the text by default; the extension counts them as text (so does this).
const asText = { disallowedSpecial: new Set() };
const count = exported === 'countTokens' ? (text) => mod.countTokens(text, asText) : (text) => mod.o200kCounter.count(text);
count('hello world');
const loadMs = performance.now() - t;
// Every pass changes the digits, so a cache of whole pieces cannot answer all of it.
const passMs = [];
let tokens = 0;
for (let i = 0; i < passes; i++) {
  const text = corpus.replace(/\d/g, String(i % 10));
  t = performance.now();
  tokens = count(text);
  passMs.push(performance.now() - t);
}
gc();
const heap1 = process.memoryUsage();
const gcAfter = fullGc(7);
let long = '';
let x = 12345;
for (let i = 0; i < 50_000; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; long += 'abcdefghijklmnopqrstuvwxyz'[x % 26]; }
t = performance.now();
count(long);
const longMs = performance.now() - t;
process.stdout.write(JSON.stringify({
  loadMs, firstPassMs: passMs[0], laterPassMs: median(passMs.slice(1)), tokens, corpusBytes: Buffer.byteLength(corpus),
  heapMB: (heap1.heapUsed - heap0.heapUsed) / 1e6, outsideHeapMB: (heap1.arrayBuffers - heap0.arrayBuffers) / 1e6,
  fullGcMs: gcAfter, fullGcBeforeMs: gcBefore, long50kMs: longMs,
}));
