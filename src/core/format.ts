/** Display formatting shared by the panel, the cost report and the demo, so they never disagree. */
import type { CostBasis } from './providers/modelInfo';

/**
 * "$0.0123", "<$0.0001", or "price unknown"; a local server's answer is "local" and a plan's "included in your plan"
 * (free to the user, which "$0.00" would not say and "price unknown" would get wrong).
 */
export function formatCost(cost: number | null, basis: CostBasis = 'priced'): string {
  if (basis === 'local') return 'local';
  if (basis === 'included') return INCLUDED_TEXT;
  if (cost === null) return 'price unknown';
  if (cost === 0) return '$0.00';
  if (cost < 0.0001) return '<$0.0001';
  if (cost < 1) return `$${cost.toFixed(4)}`;
  return `$${cost.toFixed(2)}`;
}

export const INCLUDED_TEXT = 'included in your plan';

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatRate(tokensPerSecond: number | null): string {
  return tokensPerSecond === null ? '–' : tokensPerSecond.toFixed(1);
}

export interface StatsFigures {
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  /** Of outputTokens, the reasoning ones (absent or 0: none reported). */
  reasoningTokens?: number;
  /** Time to the first answer token. */
  ttftMs: number | null;
  /** Time to the first thinking token (absent: the model streamed no thinking). */
  thinkingTtftMs?: number;
  tokensPerSecond: number | null;
  costUsd: number | null;
  /** Absent: 'priced'. */
  costBasis?: CostBasis;
  /** Of costUsd, the reasoning tokens' part. */
  reasoningCostUsd?: number;
  /** Input tokens read from the prompt cache (part of inputTokens). */
  cacheReadTokens?: number;
  /** What caching saved, USD (negative: the cache-write premium). */
  savedUsd?: number;
}

/**
 * "120 in / 348 out tokens · TTFT 412 ms · 61.3 tok/s · $0.0042" (with "est." where figures are estimated). A reasoning
 * model's line says how many of the output tokens were reasoning, when its thinking and its answer began, and the
 * reasoning's part of the cost: "120 in / 2178 out tokens (1830 reasoning) · TTFT 380 ms thinking / 14.20 s answer ·
 * 52.0 tok/s · $0.0218 (reasoning $0.0183)".
 */
export function formatStatsLine(s: StatsFigures): string {
  const est = s.estimated ? ' (est.)' : '';
  const reasoning = s.reasoningTokens ? ` (${s.reasoningTokens} reasoning)` : '';
  const cached = s.cacheReadTokens ? ` (${s.cacheReadTokens} cached)` : '';
  const ttft = s.thinkingTtftMs === undefined ? `TTFT ${formatMs(s.ttftMs)}` : `TTFT ${formatMs(s.thinkingTtftMs)} thinking / ${formatMs(s.ttftMs)} answer`;
  const reasoningCost = s.reasoningCostUsd !== undefined ? ` (reasoning ${formatCost(s.reasoningCostUsd)})` : '';
  return [
    `${s.inputTokens} in${cached} / ${s.outputTokens} out tokens${reasoning}${est}`,
    ttft,
    `${formatRate(s.tokensPerSecond)} tok/s`,
    formatCost(s.costUsd, s.costBasis) + (s.costUsd !== null && s.estimated && costIsCounted(s.costBasis) ? ' (est.)' : '') + reasoningCost,
    ...(s.savedUsd !== undefined && s.costUsd !== null ? [formatSaving(s.savedUsd)] : []),
  ].join(' · ');
}

/** "saved $0.0040" for a cache read; "cache write +$0.0011" for the premium of a request that only wrote. */
export function formatSaving(savedUsd: number): string {
  return savedUsd >= 0 ? `saved ${formatCost(savedUsd)}` : `cache write +${formatCost(-savedUsd)}`;
}

/** An upper bound, so rounded up: "$0.03" from cents up, "$0.0012" below a cent, "<$0.0001" below that. */
export function formatMaxCost(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 0.01) return `$${(Math.ceil(usd * 10_000 - 1e-9) / 10_000).toFixed(4)}`;
  return `$${(Math.ceil(usd * 100 - 1e-9) / 100).toFixed(2)}`;
}

/**
 * The pre-send line: "≈ 2,340 tokens in · at most $0.03", "… · price unknown" for an unpriced model, the tokens alone
 * for a local server or a plan (they cost nothing per request).
 */
export function formatEstimate(e: { inputTokens: number; maxCostUsd: number | null; costBasis: CostBasis }): string {
  const tokens = `≈ ${e.inputTokens.toLocaleString('en-US')} token${e.inputTokens === 1 ? '' : 's'} in`;
  if (e.costBasis === 'local' || e.costBasis === 'included') return tokens;
  return `${tokens} · ${e.maxCostUsd === null ? 'price unknown' : `at most ${formatMaxCost(e.maxCostUsd)}`}`;
}

/** A cost computed from token counts (so estimated when they are), not a fixed "local" or "included". */
const costIsCounted = (basis: CostBasis | undefined) => basis === undefined || basis === 'priced' || basis === 'reported';

/** "Retrying in 4 s (2/3)…" while `remainingMs` are left of the wait; "Retrying now (2/3)…" once it is over. */
export function formatRetryWait(remainingMs: number, attempt: number, maxAttempts: number): string {
  const seconds = Math.ceil(remainingMs / 1000);
  return seconds > 0 ? `Retrying in ${seconds} s (${attempt}/${maxAttempts})…` : `Retrying now (${attempt}/${maxAttempts})…`;
}

/** A cost as words: "0.12 cents", "less than 0.01 cents", "1.25 dollars", "price unknown". */
export function formatCostSpoken(cost: number | null): string {
  if (cost === null) return 'price unknown';
  if (cost === 0) return 'cost nothing';
  const cents = cost * 100;
  if (cents < 0.01) return 'cost less than 0.01 cents';
  if (cost < 1) return `cost ${Number(cents.toPrecision(2))} ${cents === 1 ? 'cent' : 'cents'}`;
  return `cost ${cost.toFixed(2)} dollars`;
}

/**
 * The stats line as a sentence a screen reader reads well: "120 input and 48 output tokens, first token after 0.4
 * seconds, 38.7 tokens per second, cost 0.12 cents" (the visual line's ·, / and tok/s read as symbols).
 */
export function formatStatsSpoken(s: StatsFigures): string {
  const est = s.estimated ? ' (estimated)' : '';
  const parts = [`${s.inputTokens} input and ${s.outputTokens} output tokens${est}`];
  if (s.reasoningTokens) parts.push(`${s.reasoningTokens} of them reasoning`);
  const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
  if (s.thinkingTtftMs !== undefined) {
    parts.push(`thinking began after ${seconds(s.thinkingTtftMs)} seconds`);
    if (s.ttftMs !== null) parts.push(`the answer after ${seconds(s.ttftMs)} seconds`);
  } else if (s.ttftMs !== null) parts.push(`first token after ${seconds(s.ttftMs)} seconds`);
  if (s.tokensPerSecond !== null) parts.push(`${s.tokensPerSecond.toFixed(1)} tokens per second`);
  const basis = s.costBasis ?? 'priced';
  parts.push(basis === 'included' ? INCLUDED_TEXT : basis === 'local' ? 'local, no cost'
    : formatCostSpoken(s.costUsd) + (s.costUsd !== null && s.estimated && basis === 'priced' ? ' (estimated)' : ''));
  if (s.reasoningCostUsd !== undefined) parts.push(`of which reasoning ${formatCostSpoken(s.reasoningCostUsd)}`);
  if (s.cacheReadTokens) parts.push(`${s.cacheReadTokens} input tokens read from the cache`);
  if (s.savedUsd !== undefined && s.costUsd !== null && s.savedUsd > 0) parts.push(`caching saved ${formatCostSpoken(s.savedUsd).replace(/^cost /, '')}`);
  return parts.join(', ');
}
