import { COST_BASES, type CostBasis } from '../providers/modelInfo';
import { redactSecrets } from '../redact';

/** Bumped when a field changes meaning; readers skip records of a schema they do not know. */
export const LEDGER_SCHEMA = 1;

/**
 * How a request ended: answered in full, stopped by the user, cut off after text arrived, or failed after it was
 * sent with no text at all. Requests never sent (missing key, bad settings) are not recorded.
 */
export type LedgerFinish = 'done' | 'stopped' | 'interrupted' | 'failed';
export const LEDGER_FINISHES: readonly LedgerFinish[] = ['done', 'stopped', 'interrupted', 'failed'];

/** USD; 'unknown' when the model has no known price; 'included' when a plan covers it (no per-request charge). */
export type LedgerCost = number | 'unknown' | 'included';

/**
 * One request in the persistent ledger. Only figures and names: no prompt, no answer, no key can be put in one,
 * because serializeRecord writes exactly these fields and nothing else.
 */
export interface LedgerRecord {
  schema: typeof LEDGER_SCHEMA;
  /** ISO 8601, UTC, when the request ended. */
  time: string;
  /** vscode.workspace.name, or "(no workspace)". */
  workspace: string;
  conversationId: string;
  turnId: string;
  /** A string, not the ProviderId union: the ledger outlives any one list of providers. */
  provider: string;
  model: string;
  /** All input tokens, cached ones included. */
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Tokens counted by our tokenizer because the provider sent no usage (e.g. a stopped answer). */
  estimated: boolean;
  cost: LedgerCost;
  /** Time to the first answer token. */
  ttftMs: number | null;
  /** Time to the first thinking token; absent when the model streamed none (and in records written before it existed). */
  thinkingTtftMs?: number;
  durationMs: number;
  tokensPerSecond: number | null;
  finish: LedgerFinish;
  /**
   * How the cost is known (see CostBasis): 'local' makes a free local model read "local — free", not "$0.00".
   * Optional: records written before it existed have none and read as they always did (priced).
   */
  costBasis?: CostBasis;
  /** Where a priced cost's price came from: the built-in table or the user's settings. Absent in older records. */
  priceSource?: LedgerPriceSource;
}

export type LedgerPriceSource = 'builtin' | 'settings';
const PRICE_SOURCES: readonly string[] = ['builtin', 'settings'];

/**
 * Bounds on the free-text fields keep every line far below 4 KiB (PIPE_BUF on Linux), so one append is one small
 * write; see nodeLedgerFs.ts for why that matters.
 */
const MAX_NAME = 200;
const MAX_ID = 64;

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);
/** Names come from settings and from the provider's stream: no control characters, nothing key-shaped. */
const cleanName = (s: string, max: number) => clip(redactSecrets(s).replace(/\p{Cc}/gu, ' '), max);
const count = (n: number) => (Number.isFinite(n) && n > 0 ? Math.round(n) : 0);
const figure = (n: number | null) => (n === null || !Number.isFinite(n) || n < 0 ? null : Math.round(n * 1000) / 1000);

/** One JSON line (with its "\n"), fields in a fixed order with `schema` first (the reader's resync marker). */
export function serializeRecord(r: LedgerRecord): string {
  const line: LedgerRecord = {
    schema: LEDGER_SCHEMA,
    time: new Date(r.time).toISOString(),
    workspace: cleanName(r.workspace, MAX_NAME),
    conversationId: cleanName(r.conversationId, MAX_ID),
    turnId: cleanName(r.turnId, MAX_ID),
    provider: cleanName(r.provider, MAX_ID),
    model: cleanName(r.model, MAX_NAME),
    inputTokens: count(r.inputTokens),
    cacheReadTokens: count(r.cacheReadTokens),
    cacheWriteTokens: count(r.cacheWriteTokens),
    outputTokens: count(r.outputTokens),
    reasoningTokens: count(r.reasoningTokens),
    estimated: r.estimated === true,
    cost: typeof r.cost === 'number' ? (Number.isFinite(r.cost) && r.cost >= 0 ? r.cost : 'unknown') : r.cost === 'included' ? 'included' : 'unknown',
    ttftMs: figure(r.ttftMs),
    durationMs: figure(r.durationMs) ?? 0,
    tokensPerSecond: figure(r.tokensPerSecond),
    finish: LEDGER_FINISHES.includes(r.finish) ? r.finish : 'failed',
    // Last, after the fields every reader knows; an older reader ignores it.
    ...(r.costBasis && COST_BASES.includes(r.costBasis) ? { costBasis: r.costBasis } : {}),
    ...(typeof r.thinkingTtftMs === 'number' && figure(r.thinkingTtftMs) !== null ? { thinkingTtftMs: figure(r.thinkingTtftMs) as number } : {}),
    ...(typeof r.cost === 'number' && r.priceSource && PRICE_SOURCES.includes(r.priceSource) ? { priceSource: r.priceSource } : {}),
  };
  return JSON.stringify(line) + '\n';
}

/** The start of every serialized record; a line glued onto a torn one is found again from here. */
export const RECORD_MARKER = `{"schema":`;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isFigure = (v: unknown) => v === null || isCount(v);
const isStr = (v: unknown) => typeof v === 'string';

/** A record read back from disk, or undefined when it is not one this version understands. */
export function parseRecord(v: unknown): LedgerRecord | undefined {
  if (!isObj(v) || v.schema !== LEDGER_SCHEMA) return undefined;
  const strings = ['time', 'workspace', 'conversationId', 'turnId', 'provider', 'model'] as const;
  const counts = ['inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens', 'durationMs'] as const;
  if (!strings.every((k) => isStr(v[k])) || !counts.every((k) => isCount(v[k]))) return undefined;
  if (Number.isNaN(Date.parse(v.time as string))) return undefined;
  if (typeof v.estimated !== 'boolean' || !isFigure(v.ttftMs) || !isFigure(v.tokensPerSecond)) return undefined;
  // Records written before thinking was timed have no thinkingTtftMs: they read as "no thinking", not as invalid.
  if (v.thinkingTtftMs !== undefined && !isFigure(v.thinkingTtftMs)) return undefined;
  if (!(isCount(v.cost) || v.cost === 'unknown' || v.cost === 'included')) return undefined;
  if (!LEDGER_FINISHES.includes(v.finish as LedgerFinish)) return undefined;
  const r: LedgerRecord = {
    schema: LEDGER_SCHEMA, time: v.time as string, workspace: v.workspace as string, conversationId: v.conversationId as string,
    turnId: v.turnId as string, provider: v.provider as string, model: v.model as string,
    inputTokens: v.inputTokens as number, cacheReadTokens: v.cacheReadTokens as number, cacheWriteTokens: v.cacheWriteTokens as number,
    outputTokens: v.outputTokens as number, reasoningTokens: v.reasoningTokens as number, estimated: v.estimated,
    cost: v.cost as LedgerCost, ttftMs: v.ttftMs as number | null, durationMs: v.durationMs as number,
    tokensPerSecond: v.tokensPerSecond as number | null, finish: v.finish as LedgerFinish,
  };
  // Only a turn that streamed thinking has the field (records before thinking was timed, and most turns, have none).
  if (typeof v.thinkingTtftMs === 'number') r.thinkingTtftMs = v.thinkingTtftMs;
  // A basis this version does not know (a newer writer's) is left out: the record still reads, as priced.
  if (COST_BASES.includes(v.costBasis as CostBasis)) r.costBasis = v.costBasis as CostBasis;
  // Optional and newer than schema 1's first records: read when valid, never a reason to drop the record.
  if (typeof v.priceSource === 'string' && PRICE_SOURCES.includes(v.priceSource)) r.priceSource = v.priceSource as LedgerPriceSource;
  return r;
}
