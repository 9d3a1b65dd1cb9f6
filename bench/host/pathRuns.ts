/**
 * The host path's runs, ours and bare alternated (ABBA per round, so drift of a loaded machine falls on both):
 * provider write → message latency and CPU per token at each rate, and Stop → socket closed at the server.
 */
import type { StampedServer } from './serverClient';
import { expectedText, framesBeforeTokens, tokenLatencies } from './stats';
import { read, type Reader, type Wire } from './streams';
import { stampNow } from './clock';

/** Rate runs: ours without flow control (4 ms gap), ours with the panel's flow window, bare. Stops: ours (no window) and bare. */
export const READERS: readonly Reader[] = ['ours', 'flow', 'bare'];
const CANCEL_READERS: readonly Reader[] = ['ours', 'bare'];
const PROMPT = 'Explain what this function does and where it could fail.';
const BASE_MODEL: Record<Wire, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-sonnet-4-20250514' };

let runCounter = 0;
/** A model name unique to the run: the server's stamps are looked up by it. */
const modelFor = (wire: Wire, tag: string) => `${BASE_MODEL[wire]}#${tag}-${runCounter++}`;

/** Rounds alternate the readers' order (ABC, CBA: the bare loop runs next to each of the others in turn). */
const orderFor = (round: number, readers: readonly Reader[] = READERS): readonly Reader[] => (round % 2 ? [...readers].reverse() : readers);

export interface RateRun {
  /** Tokens per second the server paces at; 0: a burst (everything written at once). */
  rate: number;
  wire: Wire;
  reader: Reader;
  tokens: number;
  /** Write → arrival per token, ms (paced rates only). */
  latencies: number[];
  /** Ours only: write → the adapter sank it, per token (the SDK and the adapter's share of `latencies`). */
  adapterLatencies?: number[];
  /** process.cpuUsage over the read, user + system, µs. */
  cpuMicros: number;
  wallMs: number;
  /** Ours only: delta messages posted. */
  messages?: number;
}

export async function rateRuns(server: StampedServer, o: { rates: readonly number[]; tokensFor: (rate: number) => number; rounds: number; wires: readonly Wire[]; split?: boolean; readers?: readonly Reader[] }): Promise<RateRun[]> {
  const runs: RateRun[] = [];
  for (const rate of o.rates) {
    const tokens = o.tokensFor(rate);
    for (const wire of o.wires) {
      for (let round = 0; round < o.rounds; round++) {
        for (const reader of orderFor(round, o.readers)) {
          const model = modelFor(wire, `${reader}-${rate}`);
          await server.enqueue({ kind: 'script', tokens, ...(rate ? { tokensPerSecond: rate } : {}), ttftMs: 0 });
          const cpu0 = process.cpuUsage();
          const r = await read(reader, server, { wire, model, prompt: PROMPT, split: o.split });
          const cpu = process.cpuUsage(cpu0);
          // The stamps cross IPC after the CPU window, so the host's figure holds only the read.
          const stamps = await server.stamps(model);
          if (r.text !== expectedText(tokens)) throw new Error(`${reader} ${wire} at ${rate}/s: the text read is not the text sent`);
          runs.push({
            rate, wire, reader, tokens,
            latencies: rate ? tokenLatencies(tokens, stamps.writeTimes, framesBeforeTokens(wire), r.arrivals) : [],
            ...(rate && r.adapterArrivals ? { adapterLatencies: tokenLatencies(tokens, stamps.writeTimes, framesBeforeTokens(wire), r.adapterArrivals) } : {}),
            cpuMicros: cpu.user + cpu.system,
            wallMs: r.endedAt - r.startedAt,
            ...(r.messages !== undefined ? { messages: r.messages } : {}),
          });
        }
      }
    }
  }
  return runs;
}

export interface CancelRun {
  wire: Wire;
  reader: Reader;
  /** When Stop was pressed, after the first text: ms into the stream. */
  afterMs: number;
  /** Stop → the server saw the connection close. */
  closedMs: number;
  /** Ours only: Stop → the panel got the turn's end. */
  endedMs?: number;
  clientDisconnected: boolean;
}

/** A seeded generator, so two runs stop at the same points. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` Stops per reader, each at a random point up to `spanMs` after the first text of a 1,000 tokens/s stream. */
export async function cancelRuns(server: StampedServer, o: { count: number; spanMs: number; wires: readonly Wire[] }): Promise<CancelRun[]> {
  const random = seededRandom(13);
  const runs: CancelRun[] = [];
  for (let i = 0; i < o.count; i++) {
    const wire = o.wires[i % o.wires.length];
    const afterMs = random() * o.spanMs;
    for (const reader of orderFor(i >> 1, CANCEL_READERS)) {
      const model = modelFor(wire, `cancel-${reader}`);
      // Long enough that no Stop comes after the answer ended.
      await server.enqueue({ kind: 'script', tokens: Math.ceil((o.spanMs / 1000 + 5) * 1000), tokensPerSecond: 1000, ttftMs: 0 });
      const controller = new AbortController();
      let stoppedAt = NaN;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const r = await read(reader, server, {
        wire, model, prompt: PROMPT, signal: controller.signal,
        onText: () => {
          timer ??= setTimeout(() => {
            stoppedAt = stampNow();
            controller.abort();
          }, afterMs);
        },
      });
      const stamps = await server.stamps(model);
      runs.push({
        wire, reader, afterMs, closedMs: stamps.closedAt - stoppedAt, clientDisconnected: stamps.clientDisconnected,
        ...(reader === 'ours' ? { endedMs: r.endedAt - stoppedAt } : {}),
      });
    }
  }
  return runs;
}
