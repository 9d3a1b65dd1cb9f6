/**
 * npm run bench:host — what the extension host adds between the provider's socket and the panel, beside a bare SDK
 * read loop in the same run (issue 13): write → panel message latency at 100, 1,000 and 5,000 tokens/s, host CPU per
 * token, Stop → socket closed, and (in fresh processes, on the production bundles) activation, the code loaded
 * before the first request, the first request cold and warm, and memory after 50 long answers. Both SDKs, both
 * wire formats, against the local provider server running in a child process. Figures are printed, not asserted.
 *
 * Flags: --smoke (a few seconds: tiny sizes, the dev build in dist/, nothing saved; npm test runs it),
 * --split (ours' latency split at the adapter; adds a stamp per event, so CPU figures are then not clean),
 * --readers ours,flow,bare (the default; one path only for a profiler: `--readers ours --cpu-only --profile DIR`;
 * ours runs the engine without the flow window, the 4 ms gap, flow with the shipped PanelWindow, its posts delivered by a stand-in page),
 * --cpu-only (the rate runs and their tables, no Stops, no activation, nothing saved), --activation-only (the
 * activation probes alone, with --dist DIR to probe other bundles: e.g. an earlier commit's), --profile DIR (a CPU profile
 * of the rate runs alone: see bench/host/profiler.ts),
 * --warm-rounds 4 (answers of 1,500 tokens per reader and wire before the measured runs, their CPU printed apart),
 * --rates 100,1000,5000,0 --rounds 3 --cancels 100 --probes 5 --answers 50 --answer-tokens 2000 --wires openai,anthropic --dist DIR --no-save.
 */
import * as path from 'node:path';
import { probe, productionDist, type ProbeResult } from './host/activation';
import { cancelRuns, rateRuns } from './host/pathRuns';
import { profiled } from './host/profiler';
import { printActivation, printCancel, printCpu, printLatency, printWarmup, type Verdicts } from './host/report';
import { StampedServer } from './host/serverClient';
import { summarise } from './host/stats';
import type { Reader, Wire } from './host/streams';
import { machine, saveResult, teeConsole } from './results';

const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string, full: number, small: number) => Number(flag(name) ?? (smoke ? small : full));

const WIRES = (flag('wires') ?? 'openai,anthropic').split(',') as Wire[];
/** ours (no window: the 4 ms gap), flow (the shipped PanelWindow, posts delivered by a stand-in page), bare (the SDK's loop). */
const READERS = (flag('readers') ?? 'ours,flow,bare').split(',') as Reader[];
const cpuOnly = argv.includes('--cpu-only');
const activationOnly = argv.includes('--activation-only');
/** Tokens per second; 0 is a burst (CPU only). */
const RATES = (flag('rates') ?? (smoke ? '1000,0' : '100,1000,5000,0')).split(',').map(Number);
/** About 3 s per paced stream (4 s at 100/s), 10,000 tokens at the burst. */
const tokensFor = (rate: number) => (smoke ? 40 : rate === 0 ? 10_000 : rate === 100 ? 400 : rate * 3 > 10_000 ? 10_000 : rate * 3);

async function main(): Promise<void> {
  const printed = teeConsole();
  const m = machine();
  console.log(`bench:host${smoke ? ' --smoke' : ''} — ${m.cpus} × ${m.cpuModel}, Node ${m.node}, load ${m.loadAverage.map((l) => l.toFixed(1)).join(' ')}`);
  const server = await StampedServer.start();
  const verdicts: Verdicts = {};
  let dist: { dist: string; dispose: () => void } | undefined;
  try {
    let rates: Awaited<ReturnType<typeof rateRuns>> = [];
    let warm: Awaited<ReturnType<typeof rateRuns>> = [];
    let cancels: Awaited<ReturnType<typeof cancelRuns>> = [];
    if (!activationOnly) {
      // Warm-up, not counted in the tables: the first read of each kind loads the SDKs, and V8 keeps compiling and
      // re-optimizing both paths over their first answers (with --trace-opt: ~100-190 ms of compiling per answer
      // for the first 5-8 answers, then next to none). A 20-token warm-up left that to the measured runs, so the
      // first rates measured the JIT. Every reader gets the same warm-up, and its CPU is printed, not hidden.
      await rateRuns(server, { rates: [1000], tokensFor: () => 20, rounds: 1, wires: WIRES, readers: READERS });
      warm = await rateRuns(server, { rates: [1000], tokensFor: () => (smoke ? 40 : 1500), rounds: num('warm-rounds', 4, 1), wires: WIRES, readers: READERS });
      rates = await profiled(flag('profile'), `host-${READERS.join('-')}-${WIRES.join('-')}-${RATES.join('-')}`, () =>
        rateRuns(server, { rates: RATES, tokensFor, rounds: num('rounds', 3, 1), wires: WIRES, split: argv.includes('--split'), readers: READERS }));
      if (READERS.includes('bare') && READERS.length > 1) {
        printWarmup(warm, WIRES);
        printLatency(rates, WIRES, verdicts);
        printCpu(rates, WIRES, verdicts);
      } else {
        for (const r of rates) console.log(`  ${r.reader} ${r.wire} ${r.rate || 'burst'}: ${(r.cpuMicros / r.tokens).toFixed(1)} µs/token`);
      }
      if (cpuOnly) return;

      cancels = await cancelRuns(server, { count: num('cancels', 100, 2), spanMs: smoke ? 30 : 500, wires: WIRES });
      printCancel(cancels, WIRES, verdicts);
    }

    const given = flag('dist');
    if (!given && !smoke) dist = await productionDist();
    const distDir = given ? path.resolve(given) : dist?.dist ?? path.join(__dirname, '..', 'dist');
    const probes: ProbeResult[] = [];
    const count = num('probes', 5, 1);
    for (let i = 0; i < count; i++) {
      // The last process also answers the long ones (memory): the others measure activation and the first request only.
      const answers = i === count - 1 ? num('answers', 50, 2) : 0;
      probes.push(await probe(server, { dist: distDir, warm: smoke ? 1 : 5, answers, answerTokens: num('answer-tokens', 2000, 100) }));
    }
    printActivation(probes, given ? `bundles in ${given}` : smoke ? 'the development build in dist/' : 'production bundles (esbuild.js --production)', verdicts);

    console.log(`\nTargets: latency ${v(verdicts.latency)} (no window) / ${v(verdicts.latencyFlow)} (flow window), CPU ${v(verdicts.cpu)} (no window) / ${v(verdicts.cpuFlow)} (flow window), Stop ${v(verdicts.cancel)}, activation ${v(verdicts.activation)}.`);
    if (!smoke && !activationOnly) {
      // Per-token latencies are summarised per run (the raw ones would be megabytes); everything else is raw.
      const perRun = rates.map(({ latencies, adapterLatencies, ...r }) => ({
        ...r, latency: summarise(latencies), ...(adapterLatencies ? { adapterLatency: summarise(adapterLatencies) } : {}),
      }));
      const file = saveResult('host', { rates: perRun, warmup: warm.map(({ latencies: _l, adapterLatencies: _a, ...r }) => r), cancels, probes, verdicts }, printed());
      if (file) console.log(`Saved ${file}`);
    }
  } finally {
    dist?.dispose();
    await server.stop();
  }
}

const v = (ok: boolean | undefined) => (ok ? 'met' : 'NOT met');

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
