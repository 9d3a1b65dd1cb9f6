/** bench:host's tables: percentiles, ours beside bare, ratios, and each target with its verdict. */
import { DEFAULT_MIN_GAP_MS } from '../../src/core/deltaCoalescer';
import { DEFAULT_WINDOW } from '../../src/core/panelWindow';
import { FRAME_MS } from '../latency/stats';
import type { ProbeResult } from './activation';
import type { CancelRun, RateRun } from './pathRuns';
import { ms, quantile, summarise } from './stats';
import type { Reader, Wire } from './streams';

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const rateName = (r: number) => (r ? `${r.toLocaleString('en')}/s` : 'burst');

export interface Verdicts {
  latency?: boolean;
  /** The same with the panel's flow window (posts delivered by the stand-in page on the next event-loop turn). */
  latencyFlow?: boolean;
  cpu?: boolean;
  cpuFlow?: boolean;
  cancel?: boolean;
  activation?: boolean;
}

/** The engine's two configurations, each beside the bare loop. */
const CONFIGS: readonly { reader: Reader; label: string; intervalMs: number }[] = [
  { reader: 'ours', label: 'ours, no window (≤ 4 ms gap)', intervalMs: DEFAULT_MIN_GAP_MS },
  { reader: 'flow', label: 'ours, flow window (by delivery)', intervalMs: DEFAULT_MIN_GAP_MS },
];
const configsIn = (runs: readonly RateRun[]) => CONFIGS.filter((c) => runs.some((r) => r.reader === c.reader));

/** The warm-up answers' CPU per token: what V8's compiling of each path costs over its first answers. */
export function printWarmup(runs: readonly RateRun[], wires: readonly Wire[]): void {
  if (!runs.length) return;
  const per = (wire: Wire, reader: Reader) => {
    const rs = runs.filter((r) => r.wire === wire && r.reader === reader);
    return rs.reduce((n, r) => n + r.cpuMicros, 0) / rs.reduce((n, r) => n + r.tokens, 0);
  };
  const rounds = runs.filter((r) => r.wire === wires[0] && r.reader === 'bare').length;
  console.log(`\nWarm-up, not in the tables below: ${rounds} answers of ${runs[0].tokens} tokens at ${rateName(runs[0].rate)} per reader and wire, while V8 compiles both paths; CPU per token, µs:`);
  for (const wire of wires) {
    const cells = configsIn(runs).map(({ reader }) => `${reader} ${per(wire, reader).toFixed(1)} (${(per(wire, reader) / per(wire, 'bare')).toFixed(2)}×)`);
    console.log(`  ${wire.padEnd(11)}bare ${per(wire, 'bare').toFixed(1)}, ${cells.join(', ')}`);
  }
}

export function printLatency(runs: readonly RateRun[], wires: readonly Wire[], v: Verdicts): void {
  console.log(`\nProvider write → panel message, per token, ms (the server stamps each write; same clock).`);
  console.log(`  ours: SDK → adapter → StreamSession → ChatEngine + DeltaCoalescer → validated post; bare: the SDK's for-await loop.`);
  console.log(`  Coalescing, no window: text goes out at the end of the event-loop turn it arrived in, messages at least ${DEFAULT_MIN_GAP_MS} ms apart (the most a token waits), against a frame budget of ${FRAME_MS.toFixed(1)} ms (60 Hz).`);
  console.log(`  Flow window (as shipped): at most ${DEFAULT_WINDOW} messages undelivered; the stand-in page delivers each on the next event-loop turn (VS Code's transit is left out), and no fixed gap.`);
  console.log(`  Target: added p99 < the interval + 4 ms (${DEFAULT_MIN_GAP_MS + 4} ms, with or without the window).`);
  console.log(`  ${'rate'.padEnd(9)}${'wire'.padEnd(11)}${'reader'.padEnd(7)}${'tokens'.padStart(7)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)} │ ${'bare p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)} │ ${'added p50'.padStart(9)} ${'p99'.padStart(8)} ${'max'.padStart(8)}`);
  const ok = new Map<Reader, boolean>();
  for (const rate of [...new Set(runs.map((r) => r.rate))].filter((r) => r > 0)) {
    for (const wire of wires) {
      const pick = (reader: Reader) => runs.filter((r) => r.rate === rate && r.wire === wire && r.reader === reader).flatMap((r) => r.latencies);
      const bare = summarise(pick('bare'));
      for (const { reader, intervalMs } of configsIn(runs)) {
        const ours = summarise(pick(reader));
        const added = { p50: ours.p50 - bare.p50, p99: ours.p99 - bare.p99, max: ours.max - bare.max };
        ok.set(reader, (ok.get(reader) ?? true) && added.p99 < intervalMs + 4);
        console.log(`  ${rateName(rate).padEnd(9)}${wire.padEnd(11)}${reader.padEnd(7)}${String(ours.n).padStart(7)} ${ms(ours.p50)} ${ms(ours.p99)} ${ms(ours.max)} │ ${ms(bare.p50)} ${ms(bare.p99)} ${ms(bare.max)} │ ${ms(added.p50, 2).padStart(9)} ${ms(added.p99)} ${ms(added.max)}`);
      }
    }
  }
  if (runs.some((r) => r.adapterLatencies)) console.log(`  ours, split: write → the adapter sank the text (SDK + adapter) │ adapter → panel message (StreamSession, coalescer, post)`);
  for (const rate of [...new Set(runs.map((r) => r.rate))].filter((r) => r > 0)) {
    for (const wire of wires) {
      for (const { reader } of configsIn(runs)) {
        const rs = runs.filter((r) => r.rate === rate && r.wire === wire && r.reader === reader && r.adapterLatencies);
        if (!rs.length) continue;
        const sdk = rs.flatMap((r) => r.adapterLatencies ?? []);
        const rest = rs.flatMap((r) => (r.adapterLatencies ? r.latencies.map((l, i) => l - (r.adapterLatencies?.[i] ?? 0)) : []));
        const a = summarise(sdk);
        const b = summarise(rest);
        console.log(`  ${rateName(rate).padEnd(9)}${wire.padEnd(11)}${reader.padEnd(7)}${''.padStart(7)} ${ms(a.p50)} ${ms(a.p99)} ${ms(a.max)} │ ${ms(b.p50)} ${ms(b.p99)} ${ms(b.max)}`);
      }
    }
  }
  v.latency = ok.get('ours');
  v.latencyFlow = ok.get('flow');
  for (const { reader, label, intervalMs } of configsIn(runs)) {
    console.log(`  ${label}: added p99 < ${(intervalMs + 4).toFixed(1)} ms at every rate: ${verdict(ok.get(reader) ?? false)}`);
  }
}

export function printCpu(runs: readonly RateRun[], wires: readonly Wire[], v: Verdicts): void {
  const configs = configsIn(runs);
  console.log(`\nHost CPU per token (process.cpuUsage, user + system; the server runs in another process), µs.`);
  console.log(`  ${configs.map((c) => `${c.reader}: ${c.label}`).join('; ')}; bare: the SDK's for-await loop.`);
  console.log(`  (all runs: total CPU / total tokens; and, less swayed by one run a loaded machine slowed, "paired": the median of the rounds' ratios)`);
  console.log(`  ${'rate'.padEnd(9)}${'wire'.padEnd(11)}${'bare'.padStart(8)} │${configs.map((c) => ` ${c.reader.padStart(8)} ${'/bare'.padStart(7)} ${'paired'.padStart(7)} │`).join('')}`);
  const worst = new Map<Reader, number>();
  for (const rate of [...new Set(runs.map((r) => r.rate))]) {
    for (const wire of wires) {
      const pick = (reader: Reader) => runs.filter((r) => r.rate === rate && r.wire === wire && r.reader === reader);
      const per = (reader: Reader) => {
        const rs = pick(reader);
        return rs.reduce((n, r) => n + r.cpuMicros, 0) / rs.reduce((n, r) => n + r.tokens, 0);
      };
      const bare = pick('bare');
      const cells = configs.map(({ reader }) => {
        const ratio = per(reader) / per('bare');
        // Round i's readers ran next to each other, so their ratio shares that moment's load.
        const paired = quantile(pick(reader).map((o, i) => o.cpuMicros / o.tokens / (bare[i].cpuMicros / bare[i].tokens)), 0.5);
        worst.set(reader, Math.max(worst.get(reader) ?? 0, ratio));
        return ` ${per(reader).toFixed(1).padStart(8)} ${ratio.toFixed(2).padStart(6)}× ${paired.toFixed(2).padStart(6)}× │`;
      });
      console.log(`  ${rateName(rate).padEnd(9)}${wire.padEnd(11)}${per('bare').toFixed(1).padStart(8)} │${cells.join('')}`);
    }
  }
  // How the two configurations pace the panel: messages per 100 tokens.
  const pace = (rate: number, reader: Reader) => {
    const rs = runs.filter((r) => r.rate === rate && r.reader === reader);
    const tokens = rs.reduce((n, r) => n + r.tokens, 0) / 100;
    return (rs.reduce((n, r) => n + (r.messages ?? 0), 0) / tokens).toFixed(1);
  };
  console.log(`  messages per 100 tokens, both wires: ${[...new Set(runs.map((r) => r.rate))].map((rate) => `${rateName(rate)} ${configs.map((c) => `${c.reader} ${pace(rate, c.reader)}`).join(', ')}`).join('; ')}`);
  for (const { reader, label } of configs) {
    const w = worst.get(reader) ?? Infinity;
    if (reader === 'ours') v.cpu = w <= 1.5;
    else v.cpuFlow = w <= 1.5;
    console.log(`  ${label}: ≤ 1.5× bare at every rate (worst ${w.toFixed(2)}×): ${verdict(w <= 1.5)}`);
  }
}

export function printCancel(runs: readonly CancelRun[], wires: readonly Wire[], v: Verdicts): void {
  console.log(`\nStop → socket closed at the server, ms (Stop at a random point of a 1,000 tokens/s stream).`);
  console.log(`  ${'wire'.padEnd(11)}${'reader'.padEnd(7)}${'n'.padStart(5)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)} │ ${'turn ended p50'.padStart(14)} ${'p99'.padStart(8)} │ closed by the client`);
  let ok = true;
  for (const wire of wires) {
    for (const reader of ['ours', 'bare'] as const) {
      const rs = runs.filter((r) => r.wire === wire && r.reader === reader);
      const s = summarise(rs.map((r) => r.closedMs));
      const ended = rs.map((r) => r.endedMs).filter((x): x is number => x !== undefined);
      if (reader === 'ours') ok &&= s.p99 < 20 && rs.every((r) => r.clientDisconnected);
      console.log(`  ${wire.padEnd(11)}${reader.padEnd(7)}${String(s.n).padStart(5)} ${ms(s.p50)} ${ms(s.p99)} ${ms(s.max)} │ ${ms(quantile(ended, 0.5)).padStart(14)} ${ms(quantile(ended, 0.99))} │ ${rs.filter((r) => r.clientDisconnected).length}/${rs.length}`);
    }
  }
  v.cancel = ok;
  console.log(`  ours p99 < 20 ms, every Stop closing the connection: ${verdict(ok)}`);
}

export function printActivation(probes: readonly ProbeResult[], distLabel: string, v: Verdicts): void {
  const med = (f: (p: ProbeResult) => number) => quantile(probes.map(f), 0.5);
  const range = (f: (p: ProbeResult) => number) => `${ms(med(f))} (min ${Math.min(...probes.map(f)).toFixed(2)}, max ${Math.max(...probes.map(f)).toFixed(2)})`;
  const p = probes[0];
  console.log(`\nActivation and first request: ${probes.length} fresh Node process(es), ${distLabel}, stand-in vscode module; medians (min, max), ms.`);
  console.log(`  require dist/extension.js      ${range((x) => x.requireMs)}`);
  console.log(`  activate()                     ${range((x) => x.activateMs)}   ${p.registrations} registrations`);
  console.log(`  code loaded by activation      ${kb(p.activation.bytes)}  (${p.activation.files.join(', ')})`);
  console.log(`  chat host required (first use) ${range((x) => x.hostLoadMs)}`);
  console.log(`  code loaded before 1st request ${kb(p.beforeRequest.bytes)}  (${p.beforeRequest.files.join(', ')})`);
  console.log(`  first request, cold: 1st text  ${range((x) => x.firstTextMs)}   (ask → the panel got its first text)`);
  console.log(`  first request, cold: complete  ${range((x) => x.firstRequestMs)}   (SDK bundle required by it; 50-token answer; the question's estimate after it)`);
  console.log(`  code loaded after it           ${kb(p.afterFirstRequest.bytes)}  (${p.afterFirstRequest.files.join(', ')})`);
  const warm = probes.flatMap((x) => x.warmRequestMs);
  const warmText = probes.flatMap((x) => x.warmFirstTextMs ?? []);
  if (warm.length) console.log(`  request, warm                  ${ms(quantile(warm, 0.5))} (p99 ${quantile(warm, 0.99).toFixed(2)}, n ${warm.length}); first text ${ms(quantile(warmText, 0.5)).trim()}`);
  const m = probes.find((x) => x.heapAfterAnswers);
  if (m?.heapAfterAnswers) {
    console.log(`  memory after GC: before the first request ${mb(m.heapBeforeRequest.heapUsed)} heap / ${mb(m.heapBeforeRequest.rss)} RSS; ` +
      `after it ${mb(m.heapAfterFirstRequests.heapUsed)} / ${mb(m.heapAfterFirstRequests.rss)}; after ${m.answers} long answers ` +
      `${mb(m.heapAfterAnswers.heapUsed)} / ${mb(m.heapAfterAnswers.rss)} (the conversation they make: ${kb(m.conversationChars ?? 0)} of JSON)`);
  }
  const activateMs = med((x) => x.requireMs + x.activateMs);
  v.activation = activateMs < 10 && p.activation.bytes < 50 * 1024;
  console.log(`  activation (require + activate) ${activateMs.toFixed(2)} ms < 10 ms and ${kb(p.activation.bytes)} < 50 KB: ${verdict(v.activation)}`);
}
