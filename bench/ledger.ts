/**
 * npm run bench:ledger — what the persistent cost ledger costs: appending one record (open with O_APPEND, one write,
 * close: what every request pays), and reading and aggregating 100,000 records (what Show Cost Report pays), plus
 * the status bar's refresh after each request (today's spend, read from this month's file). Figures are printed,
 * not asserted. Flags: --records 100000 --appends 2000.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixedOffsetCalendar } from '../src/core/ledger/calendar';
import { toCsv } from '../src/core/ledger/csv';
import { costReportMarkdown } from '../src/core/ledger/markdown';
import { nodeLedgerFs } from '../src/core/ledger/nodeLedgerFs';
import { dailyCostByModel, periodTotals, perModel } from '../src/core/ledger/queries';
import { LEDGER_SCHEMA, serializeRecord, type LedgerRecord } from '../src/core/ledger/record';
import { ledgerFileName, LedgerStore } from '../src/core/ledger/store';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('records', 100_000);
const APPENDS = arg('appends', 2_000);
const calendar = fixedOffsetCalendar(60);
const MODELS = [['openai', 'gpt-6.1-terra'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-5-5'], ['anthropic', 'claude-haiku-5-5'], ['openai', 'local-llama']];

/** A realistic record: one of five models, a few thousand input tokens, some cached, now and then stopped or unpriced. */
function record(i: number, time: number): LedgerRecord {
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

const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'se-bench-ledger-'));
  try {
    // 1. Appends, one at a time as the extension does them.
    const appendDir = path.join(root, 'append');
    const store = new LedgerStore(appendDir, nodeLedgerFs);
    const now = Date.now();
    await store.append(record(0, now)); // creates the directory; not timed
    const each: number[] = [];
    const t0 = performance.now();
    for (let i = 1; i <= APPENDS; i++) {
      const t = performance.now();
      await store.append(record(i, now));
      each.push(performance.now() - t);
    }
    const appendTotal = ms(t0);
    const lineBytes = fs.statSync(path.join(appendDir, ledgerFileName(now))).size / (APPENDS + 1);
    const serialize = (() => {
      const t = performance.now();
      for (let i = 0; i < APPENDS; i++) serializeRecord(record(i, now));
      return ms(t) / APPENDS;
    })();

    // 2. 100,000 records over the last ~4 months (written directly, in month files, as appends would have).
    const readDir = path.join(root, 'read');
    fs.mkdirSync(readDir);
    const span = 120 * 86_400_000;
    const byFile = new Map<string, string[]>();
    for (let i = 0; i < RECORDS; i++) {
      const time = now - span + Math.floor((i / RECORDS) * span);
      const name = ledgerFileName(time);
      (byFile.get(name) ?? byFile.set(name, []).get(name)!).push(serializeRecord(record(i, time)));
    }
    for (const [name, lines] of byFile) fs.writeFileSync(path.join(readDir, name), lines.join(''));
    const bytes = [...byFile.keys()].reduce((n, f) => n + fs.statSync(path.join(readDir, f)).size, 0);
    const reader = new LedgerStore(readDir, nodeLedgerFs);

    const timed = async <T>(what: string, fn: () => T | Promise<T>, runs = 5): Promise<[string, number, T]> => {
      let result!: T;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        result = await fn();
        times.push(ms(t));
      }
      return [what, quantile(times, 0.5), result];
    };
    const [, readMs, read] = await timed('read', () => reader.read());
    const records = read.records;
    const rows = [
      ['read + parse + validate all', readMs],
      (await timed('periods', () => periodTotals(records, now, calendar))).slice(0, 2),
      (await timed('per model', () => perModel(records))).slice(0, 2),
      (await timed('30 days by model', () => dailyCostByModel(records, now, calendar))).slice(0, 2),
      (await timed('report', () => costReportMarkdown(records, now, calendar))).slice(0, 2),
      (await timed('csv', () => toCsv(records))).slice(0, 2),
      (await timed('status bar', async () => periodTotals((await reader.read({ from: now - 26 * 3_600_000 })).records, now, calendar).today)).slice(0, 2),
    ] as Array<[string, number]>;
    const monthRecords = byFile.get(ledgerFileName(now))?.length ?? 0;

    console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.loadavg()[0].toFixed(1)} load), ${os.platform()}`);
    console.log('');
    console.log(`Append (open O_APPEND, one write, close), ${APPENDS} records one after another, ${lineBytes.toFixed(0)} bytes a line:`);
    console.log(`  mean ${fmt(appendTotal / APPENDS * 1000, 0)} µs   median ${fmt(quantile(each, 0.5) * 1000, 0)} µs   p99 ${fmt(quantile(each, 0.99) * 1000, 0)} µs   (serialising: ${fmt(serialize * 1000, 1)} µs)`);
    console.log('');
    console.log(`${records.length.toLocaleString('en-US')} records in ${byFile.size} month files, ${(bytes / 1e6).toFixed(1)} MB (median of 5 runs):`);
    for (const [what, t] of rows) console.log(`  ${what.padEnd(30)} ${fmt(t)} ms`);
    console.log(`  (status bar: today's spend after a request, reading this month's file of ${monthRecords.toLocaleString('en-US')} records)`);
    if (read.skipped) console.log(`  ${read.skipped} lines skipped!`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

void main();
