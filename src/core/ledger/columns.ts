import type { CostBasis } from '../providers/modelInfo';
import { COST_BASES } from '../providers/modelInfo';
import type { SegmentSummary } from './segmentSummary';
import { LEDGER_FINISHES, LEDGER_SCHEMA, type LedgerFinish, type LedgerPriceSource, type LedgerRecord } from './record';

/** Numeric columns, one typed array each: what the report sums, reads and filters on. */
export const NUM_COLUMNS = ['time', 'inputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens', 'cost', 'ttftMs', 'thinkingTtftMs', 'durationMs', 'tokensPerSecond'] as const;
/** Small codes: indexes into the string table (names) or into fixed lists (finish, basis), and flags. */
export const CODE_COLUMNS = ['provider', 'model', 'workspace', 'conversationId', 'turnId', 'finish', 'basis', 'estimated', 'priceSource'] as const;
export type NumColumn = (typeof NUM_COLUMNS)[number];
export type CodeColumn = (typeof CODE_COLUMNS)[number];

/** `cost` column: USD ≥ 0, or one of these. */
export const COST_UNKNOWN = -1;
export const COST_INCLUDED = -2;
/** `priceSource` column: 0 when the record has none, else 1 + its index here. */
const PRICE_SOURCE_CODES: readonly LedgerPriceSource[] = ['builtin', 'settings'];
export const USER_PRICED = 2;
/** `basis` column: 0 when the record has none (written before it was kept), else 1 + its index in COST_BASES. */
const NO_BASIS = 0;

const nullable = (v: number | null) => (v === null ? NaN : v);
const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/**
 * The ledger as columns (struct of arrays) rather than 100,000 objects: the report sums typed arrays in one pass, a
 * snapshot of them is written and read back without parsing (ledgerSnapshot.ts), and a record object is only built
 * for the few rows shown (recent requests) or exported. Append-only, like the ledger.
 */
export class LedgerColumns {
  length = 0;
  readonly num = {} as Record<NumColumn, Float64Array>;
  readonly code = {} as Record<CodeColumn, Uint32Array>;
  /** Every provider, model and workspace name once; their code columns point into it. */
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  /**
   * Conversation and turn ids: nearly one per record and never looked up, so they are kept in order without a
   * lookup table (a 200,000-entry Map would cost a new window's first report more than everything else). A segment
   * read from a snapshot keeps them as the snapshot's NUL-joined UTF-8 until a record object is first built from it:
   * the report builds objects only for its newest rows, so older months' ids are never decoded on an open.
   */
  private idList: string[] | undefined = [];
  private idBytes: { bytes: Uint8Array; count: number } | undefined;
  /** Whether every record is at or after the one before it (true unless two windows' appends crossed). */
  inOrder = true;
  /** Its totals per group, when read from a snapshot that had them (valid while `length` equals `summary.rows`). */
  summary: SegmentSummary | undefined;
  /**
   * False for a month only summarised (LedgerCache.segments with `summariesBefore`): its rows were not read, and
   * only a report that skips them may be given it.
   */
  rowsLoaded = true;

  /** A month stood for by its summary alone (see rowsLoaded). */
  static summaryOnly(summary: SegmentSummary): LedgerColumns {
    const cols = new LedgerColumns(0);
    cols.length = summary.rows;
    cols.summary = summary;
    cols.rowsLoaded = false;
    return cols;
  }

  constructor(capacity = 256) {
    for (const c of NUM_COLUMNS) this.num[c] = new Float64Array(capacity);
    for (const c of CODE_COLUMNS) this.code[c] = new Uint32Array(capacity);
  }

  static from(records: Iterable<LedgerRecord>): LedgerColumns {
    const cols = new LedgerColumns();
    for (const r of records) cols.push(r);
    return cols;
  }

  /** Rebuilt from a snapshot's parts (see ledgerSnapshot.ts); the arrays are used as they are. */
  static fromParts(length: number, strings: string[], ids: string[] | { bytes: Uint8Array; count: number }, num: Record<NumColumn, Float64Array>, code: Record<CodeColumn, Uint32Array>): LedgerColumns {
    const cols = new LedgerColumns(0);
    cols.length = length;
    Object.assign(cols.num, num);
    Object.assign(cols.code, code);
    strings.forEach((s) => cols.intern(s));
    if (Array.isArray(ids)) cols.idList = ids.slice();
    else if (ids.count > 0) {
      cols.idList = undefined;
      cols.idBytes = ids;
    }
    const t = cols.num.time;
    for (let i = 1; i < length && cols.inOrder; i++) if (t[i] < t[i - 1]) cols.inOrder = false;
    return cols;
  }

  /** Every conversation and turn id, in the order first seen (decoded on first use when read from a snapshot). */
  get ids(): string[] {
    if (!this.idList) {
      const { bytes, count } = this.idBytes!;
      const list = new TextDecoder().decode(bytes).split('\0');
      // The snapshot's checksum vouches for the count; a mismatch would be our own bug, and must not break a report.
      while (list.length < count) list.push('');
      this.idList = list;
      this.idBytes = undefined;
    }
    return this.idList;
  }

  /** The ids still as the snapshot's bytes, when not decoded yet (a snapshot rewrite copies them as they are). */
  get idsUndecoded(): { bytes: Uint8Array; count: number } | undefined {
    return this.idBytes;
  }

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  /** The string table's index of `s`, or -1 when no record names it. */
  lookup(s: string): number {
    return this.index.get(s) ?? -1;
  }

  push(r: LedgerRecord): void {
    if (this.length === this.num.time.length) this.grow();
    const i = this.length++;
    const t = Date.parse(r.time);
    if (i > 0 && t < this.num.time[i - 1]) this.inOrder = false;
    const n = this.num;
    n.time[i] = t;
    n.inputTokens[i] = r.inputTokens;
    n.cacheReadTokens[i] = r.cacheReadTokens;
    n.cacheWriteTokens[i] = r.cacheWriteTokens;
    n.outputTokens[i] = r.outputTokens;
    n.reasoningTokens[i] = r.reasoningTokens;
    n.cost[i] = typeof r.cost === 'number' ? r.cost : r.cost === 'included' ? COST_INCLUDED : COST_UNKNOWN;
    n.ttftMs[i] = nullable(r.ttftMs);
    n.thinkingTtftMs[i] = nullable(r.thinkingTtftMs ?? null);
    n.durationMs[i] = r.durationMs;
    n.tokensPerSecond[i] = nullable(r.tokensPerSecond);
    const c = this.code;
    c.provider[i] = this.intern(r.provider);
    c.model[i] = this.intern(r.model);
    c.workspace[i] = this.intern(r.workspace);
    // A conversation's turns are usually consecutive: its id is kept once for them.
    const ids = this.ids;
    const lastConversation = i > 0 ? c.conversationId[i - 1] : -1;
    c.conversationId[i] = lastConversation >= 0 && ids[lastConversation] === r.conversationId ? lastConversation : ids.push(r.conversationId) - 1;
    c.turnId[i] = ids.push(r.turnId) - 1;
    c.finish[i] = LEDGER_FINISHES.indexOf(r.finish);
    c.basis[i] = r.costBasis ? COST_BASES.indexOf(r.costBasis) + 1 : NO_BASIS;
    c.estimated[i] = r.estimated ? 1 : 0;
    c.priceSource[i] = r.priceSource ? PRICE_SOURCE_CODES.indexOf(r.priceSource) + 1 : 0;
  }

  /** Row `j` of `from` appended as it is, without a record object (the export's selection: columnExport.ts). */
  copyRow(from: LedgerColumns, j: number): void {
    if (this.length === this.num.time.length) this.grow();
    const i = this.length++;
    for (const c of NUM_COLUMNS) this.num[c][i] = from.num[c][j];
    if (i > 0 && this.num.time[i] < this.num.time[i - 1]) this.inOrder = false;
    const c = this.code;
    const f = from.code;
    for (const k of ['finish', 'basis', 'estimated', 'priceSource'] as const) c[k][i] = f[k][j];
    c.provider[i] = this.intern(from.strings[f.provider[j]]);
    c.model[i] = this.intern(from.strings[f.model[j]]);
    c.workspace[i] = this.intern(from.strings[f.workspace[j]]);
    const ids = this.ids;
    const conversation = from.ids[f.conversationId[j]];
    const lastConversation = i > 0 ? c.conversationId[i - 1] : -1;
    c.conversationId[i] = lastConversation >= 0 && ids[lastConversation] === conversation ? lastConversation : ids.push(conversation) - 1;
    c.turnId[i] = ids.push(from.ids[f.turnId[j]]) - 1;
  }

  /** Record `i` as an object, exactly as it was read. */
  get(i: number): LedgerRecord {
    const n = this.num;
    const c = this.code;
    const s = this.strings;
    const cost = n.cost[i];
    const ids = this.ids;
    const r: LedgerRecord = {
      schema: LEDGER_SCHEMA, time: new Date(n.time[i]).toISOString(), workspace: s[c.workspace[i]], conversationId: ids[c.conversationId[i]],
      turnId: ids[c.turnId[i]], provider: s[c.provider[i]], model: s[c.model[i]], inputTokens: n.inputTokens[i], cacheReadTokens: n.cacheReadTokens[i],
      cacheWriteTokens: n.cacheWriteTokens[i], outputTokens: n.outputTokens[i], reasoningTokens: n.reasoningTokens[i], estimated: c.estimated[i] === 1,
      cost: cost === COST_UNKNOWN ? 'unknown' : cost === COST_INCLUDED ? 'included' : cost, ttftMs: orNull(n.ttftMs[i]), durationMs: n.durationMs[i],
      tokensPerSecond: orNull(n.tokensPerSecond[i]), finish: LEDGER_FINISHES[c.finish[i]] as LedgerFinish,
    };
    const basis = basisOf(c.basis[i]);
    if (basis) r.costBasis = basis;
    if (c.priceSource[i]) r.priceSource = PRICE_SOURCE_CODES[c.priceSource[i] - 1];
    const thinking = orNull(n.thinkingTtftMs[i]);
    if (thinking !== null) r.thinkingTtftMs = thinking;
    return r;
  }

  *records(): IterableIterator<LedgerRecord> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  private grow(): void {
    const size = Math.max(256, this.num.time.length * 2);
    for (const c of NUM_COLUMNS) {
      const a = new Float64Array(size);
      a.set(this.num[c]);
      this.num[c] = a;
    }
    for (const c of CODE_COLUMNS) {
      const a = new Uint32Array(size);
      a.set(this.code[c]);
      this.code[c] = a;
    }
  }
}

export const basisOf = (code: number): CostBasis | undefined => (code === NO_BASIS ? undefined : COST_BASES[code - 1]);
