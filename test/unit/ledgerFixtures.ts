import { LEDGER_SCHEMA, type LedgerRecord } from '../../src/core/ledger/record';

/** A record with every field set; override what a test is about. */
export function rec(over: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    schema: LEDGER_SCHEMA, time: '2026-11-15T12:00:00.000Z', workspace: 'demo', conversationId: 'c1', turnId: 't1',
    provider: 'openai', model: 'gpt-4o-mini', inputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 50,
    reasoningTokens: 0, estimated: false, cost: 0.001, ttftMs: 300, durationMs: 2000, tokensPerSecond: 30, finish: 'done',
    ...over,
  };
}

/** What a concurrent appender writes: its name and index in the ids, a model name that needs CSV quoting. */
export function workerRecord(name: string, i: number): LedgerRecord {
  return rec({
    time: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), conversationId: name, turnId: `${name}-${i}`,
    model: `model, "${name}"`, inputTokens: i, outputTokens: 2 * i, cost: i / 1e6,
  });
}
