import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fixedOffsetCalendar } from '../src/core/ledger/calendar';
import { nodeLedgerFs, nodeSnapshotStore } from '../src/core/ledger/nodeLedgerFs';
import { LEDGER_SCHEMA, serializeRecord, type LedgerRecord } from '../src/core/ledger/record';
import { ledgerFileName } from '../src/core/ledger/store';
import { LedgerCache } from '../src/core/ledger/ledgerCache';
import { catchUpSnapshots } from '../src/core/ledger/snapshotUpkeep';
import { decodeSnapshot } from '../src/core/ledger/ledgerSnapshot';
import { buildColumnReport, DayIndex } from '../src/core/ledger/columnReport';
import { DEFAULT_FILTER } from '../src/core/ledger/reportModel';
const calendar = fixedOffsetCalendar(60);
const MODELS = [['openai', 'gpt-6.1-terra'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-5-5'], ['anthropic', 'claude-haiku-5-5'], ['openai', 'local-llama']];
function record(i: number, time: number): LedgerRecord {
  const [provider, model] = MODELS[i % MODELS.length];
  const input = 500 + ((i * 7919) % 6000); const output = 50 + ((i * 104729) % 900);
  return { schema: LEDGER_SCHEMA, time: new Date(time).toISOString(), workspace: `project-${i % 7}`, conversationId: `t${(i >> 3).toString(36)}`,
    turnId: `t${i.toString(36)}`, provider, model, inputTokens: input, cacheReadTokens: i % 3 ? 0 : input >> 1, cacheWriteTokens: 0,
    outputTokens: output, reasoningTokens: 0, estimated: i % 11 === 0, cost: model === 'local-llama' ? 'unknown' : (input * 2 + output * 10) / 1e6,
    ttftMs: 200 + (i % 700), durationMs: 1500 + (i % 9000), tokensPerSecond: 20 + (i % 80), finish: i % 11 === 0 ? 'stopped' : 'done' };
}
async function child(root: string, now: number) {
  const snapDir = path.join(root, 'snaps');
  const T: Record<string, number> = {};
  let t0 = performance.now();
  const bufs = []; for (const f of fs.readdirSync(snapDir).sort()) bufs.push(fs.readFileSync(path.join(snapDir, f)));
  T.read = performance.now() - t0; t0 = performance.now();
  const segs = bufs.map((b) => decodeSnapshot(b)!.cols);
  T.decode = performance.now() - t0; t0 = performance.now();
  const days = new DayIndex(calendar); for (const s of segs) days.of(s);
  T.days = performance.now() - t0; t0 = performance.now();
  const data = buildColumnReport(segs, DEFAULT_FILTER, now, days);
  T.report = performance.now() - t0; t0 = performance.now();
  JSON.stringify({ type: 'report', data });
  T.json = performance.now() - t0; t0 = performance.now();
  const c = new LedgerCache(root, nodeLedgerFs, () => {}, nodeSnapshotStore(snapDir));
  const segs2 = await c.segments(); const d2 = new DayIndex(calendar);
  JSON.stringify(buildColumnReport(segs2, DEFAULT_FILTER, now, d2));
  T.againWhole = performance.now() - t0;
  console.log(JSON.stringify(Object.fromEntries(Object.entries(T).map(([k, v]) => [k, +v.toFixed(1)]))));
}
async function main() {
  if (process.argv[2] === 'child') return child(process.argv[3], Number(process.argv[4]));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'se-prof-'));
  const now = Date.now(); const span = 120 * 86_400_000; const N = 100_000;
  const byFile = new Map<string, string[]>();
  for (let i = 0; i < N; i++) { const time = now - span + Math.floor((i / N) * span); const name = ledgerFileName(time); (byFile.get(name) ?? byFile.set(name, []).get(name)!).push(serializeRecord(record(i, time))); }
  for (const [name, lines] of byFile) fs.writeFileSync(path.join(root, name), lines.join(''));
  let t = performance.now(); await catchUpSnapshots(root, nodeLedgerFs, nodeSnapshotStore(path.join(root, 'snaps'))); console.log('migration', performance.now() - t);
  for (let i = 0; i < 4; i++) console.log(execFileSync(process.execPath, ['--import', 'tsx', __filename, 'child', root, String(now)], { encoding: 'utf8' }).trim());
  fs.rmSync(root, { recursive: true, force: true });
}
void main();
