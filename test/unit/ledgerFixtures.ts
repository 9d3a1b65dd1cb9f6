import { fixedOffsetCalendar } from '../../src/core/ledger/calendar';
import { LEDGER_SCHEMA, type LedgerRecord } from '../../src/core/ledger/record';
import * as path from 'node:path';
import type { LedgerTailFs } from '../../src/core/ledger/ledgerCache';
import { nodeLedgerFs } from '../../src/core/ledger/nodeLedgerFs';

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

/**
 * A week of requests in New York winter time (UTC−05:00), "now" late on 2 Dec local, already 3 Dec in UTC. Every
 * expected figure below is worked out by hand from this table.
 */
export const NY = fixedOffsetCalendar(-300);
export const NOW = Date.parse('2026-12-03T03:00:00Z'); // 2026-12-02 22:00 local
const mini = { provider: 'openai', model: 'gpt-4o-mini' };
const sonnet = { provider: 'anthropic', model: 'claude-sonnet-4' };
export const WEEK: LedgerRecord[] = [
  // local 2025-06-01: all time only
  rec({ turnId: 'r6', time: '2025-06-01T12:00:00Z', provider: 'vscode-lm', model: 'copilot-gpt', inputTokens: 300, outputTokens: 30, cost: 'included', ttftMs: 200, tokensPerSecond: 80 }),
  // local 2026-11-25 23:59:59: one second before the 7-day window
  rec({ turnId: 'r5', time: '2026-11-26T04:59:59Z', ...mini, inputTokens: 400, outputTokens: 100, cost: 0.001, ttftMs: 100, tokensPerSecond: 50 }),
  // local 2026-11-26 00:00: the first second of the 7-day window
  rec({ turnId: 'r4', time: '2026-11-26T05:00:00Z', provider: 'openai', model: 'my-local', inputTokens: 500, outputTokens: 50, cost: 'unknown', ttftMs: null, tokensPerSecond: null }),
  // local 2026-11-30 23:00: last 7 days, but November locally (December in UTC)
  rec({ turnId: 'r2', time: '2026-12-01T04:00:00Z', ...sonnet, inputTokens: 2000, cacheReadTokens: 1500, outputTokens: 400, cost: 0.010, ttftMs: 500, tokensPerSecond: 60 }),
  // local 2026-12-01 01:00 (stopped, estimated, another workspace)
  rec({ turnId: 'r3', time: '2026-12-01T06:00:00Z', ...sonnet, workspace: 'other', inputTokens: 800, outputTokens: 100, cost: 0.004, estimated: true, finish: 'stopped', ttftMs: 700, tokensPerSecond: 20 }),
  // local 2026-12-01 20:00
  rec({ turnId: 'r1', time: '2026-12-02T01:00:00Z', ...mini, inputTokens: 1000, outputTokens: 200, cost: 0.002, ttftMs: 300, tokensPerSecond: 40 }),
  // local 2026-12-02 21:00: today, though 3 Dec in UTC
  rec({ turnId: 'r0', time: '2026-12-03T02:00:00Z', ...mini, inputTokens: 600, outputTokens: 150, cost: 0.003, ttftMs: 250, tokensPerSecond: 45 }),
];

/** The real ledger file system, noting every JSON-lines read (file name and the offset it read from) in `reads`. */
export function countingLedgerFs(reads: Array<{ file: string; offset: number }>): LedgerTailFs {
  return {
    list: (d) => nodeLedgerFs.list(d),
    size: (f) => nodeLedgerFs.size(f),
    readFrom: async (f, offset) => {
      reads.push({ file: path.basename(f), offset });
      return nodeLedgerFs.readFrom(f, offset);
    },
  };
}
