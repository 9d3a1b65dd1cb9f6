import type { LedgerRecord } from './record';

/** Every field of a record, in the order of the CSV's columns. */
export const CSV_COLUMNS = [
  'time', 'workspace', 'conversationId', 'turnId', 'provider', 'model', 'inputTokens', 'cacheReadTokens', 'cacheWriteTokens',
  'outputTokens', 'reasoningTokens', 'estimated', 'cost', 'costBasis', 'priceSource', 'ttftMs', 'thinkingTtftMs', 'durationMs', 'tokensPerSecond', 'finish', 'schema',
] as const satisfies ReadonlyArray<keyof LedgerRecord>;

/** RFC 4180: a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled. */
export function csvField(value: string | number | boolean | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The ledger as CSV: a header, then one row per request with every field, lines ended by CRLF (RFC 4180).
 * Cost is USD, or "unknown", or "included" (in a plan); costBasis says how it is known (priced, reported, included,
 * local), empty for records written before it was kept; an unknown TTFT or speed is an empty field.
 */
export function toCsv(records: readonly LedgerRecord[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const r of records) rows.push(CSV_COLUMNS.map((c) => csvField(r[c] ?? null)).join(','));
  return rows.join('\r\n') + '\r\n';
}
