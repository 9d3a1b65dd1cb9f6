/**
 * Matching the provider's writes to what the screen showed: each token's text adds some letters and digits to the
 * answer; the token is visible from the first frame after which the answer shows at least that many. Its latency is
 * that frame's time minus the time the server wrote the token.
 */
import type { VisibleRecord } from './recorder';

export interface Write {
  text: string;
  at: number;
}

export const FRAME_MS = 1000 / 60;

/** A token shown later than this after its write is late: more than two frames. */
export const isLate = (latencyMs: number) => latencyMs > 2 * FRAME_MS;

export const visibleChars = (text: string) => text.replace(/[^A-Za-z0-9]/g, '').length;

export interface Matched {
  /** Per token that adds visible characters: provider write → visible, ms. */
  latencies: number[];
  /** The first such token's latency: the start of the answer. */
  firstMs: number;
  /** Tokens whose text never showed (the run ended before, or the count never reached them). */
  missing: number;
  /** Frames where the shown count went down (text taken off screen again). */
  regressions: number;
}

export function match(writes: Write[], records: VisibleRecord[]): Matched {
  const latencies: number[] = [];
  let target = 0;
  let r = 0;
  let missing = 0;
  let regressions = 0;
  for (let i = 1; i < records.length; i++) if (records[i].len < records[i - 1].len) regressions++;
  for (const w of writes) {
    const adds = visibleChars(w.text);
    if (!adds) continue;
    target += adds;
    while (r < records.length && records[r].len < target) r++;
    if (r === records.length) {
      missing++;
      continue;
    }
    latencies.push(records[r].at - w.at);
  }
  return { latencies, firstMs: latencies[0] ?? NaN, missing, regressions };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Tokens later than one frame, and than two frames, after their write. */
  overOneFrame: number;
  overTwoFrames: number;
}

export function summarize(latencies: number[]): Summary {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN,
    overOneFrame: s.filter((x) => x > FRAME_MS).length, overTwoFrames: s.filter(isLate).length,
  };
}
