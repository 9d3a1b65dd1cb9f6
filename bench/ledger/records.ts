/**
 * Part of npm run bench:ledger: the realistic records every section writes, the calendar they are dated in, and the
 * timing and formatting helpers the sections share (so each module times and prints the same way).
 */
import { fixedOffsetCalendar } from '../../src/core/ledger/calendar';
import { LEDGER_SCHEMA, type LedgerRecord } from '../../src/core/ledger/record';

export const calendar = fixedOffsetCalendar(60);
const MODELS = [['openai', 'gpt-6.1-terra'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-5-5'], ['anthropic', 'claude-haiku-5-5'], ['openai', 'local-llama']];

/** A realistic record: one of five models, a few thousand input tokens, some cached, now and then stopped or unpriced. */
export function record(i: number, time: number): LedgerRecord {
  const [provider, model] = MODELS[i % MODELS.length];
  const input = 500 + ((i * 7919) % 6000);
  const output = 50 + ((i * 104729) % 900);
  return {
    schema: LEDGER_SCHEMA, time: new Date(time).toISOString(), workspace: `project-${i % 7}`, conversationId: `t${(i >> 3).toString(36)}`,
    turnId: `t${i.toString(36)}`, provider, model, inputTokens: input, cacheReadTokens: i % 3 ? 0 : input >> 1, cacheWriteTokens: 0,
    outputTokens: output, reasoningTokens: 0, estimated: i % 11 === 0, cost: model === 'local-llama' ? 'unknown' : (input * 2 + output * 10) / 1e6,
    ttftMs: 200 + (i % 700), durationMs: 1500 + (i % 9000), tokensPerSecond: 20 + (i % 80), finish: i % 11 === 0 ? 'stopped' : 'done',
  };
}

export const ms = (t0: number) => performance.now() - t0;
export const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);
export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
export const median = (xs: number[]) => quantile(xs, 0.5);

/** Runs `fn` `runs` times one after another; returns the label, the median time and the last result. */
export const timed = async <T>(what: string, fn: () => T | Promise<T>, runs = 5): Promise<[string, number, T]> => {
  let result!: T;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    times.push(ms(t));
  }
  return [what, quantile(times, 0.5), result];
};
