import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { localCalendar } from '../../../src/core/ledger/calendar';
import { nodeLedgerFs } from '../../../src/core/ledger/nodeLedgerFs';
import { periodTotals } from '../../../src/core/ledger/queries';
import { SNAPSHOT_FOLDER, LedgerCache, snapshotName } from '../../../src/core/ledger/ledgerCache';
import { readSnapshotCoverage } from '../../../src/core/ledger/ledgerSnapshot';
import { nodeSnapshotStore } from '../../../src/core/ledger/nodeLedgerFs';
import { ledgerFileName, LedgerStore } from '../../../src/core/ledger/store';
import { UPKEEP_AFTER_CHANGE_MS } from '../../../src/core/ledger/upkeepSchedule';
import { formatCost } from '../../../src/core/format';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { ManualClock } from '../../unit/manualClock';
import { EXTENSION_ID, nextTurn, selectLines, waitFor, useLocalProviders } from './helpers';

describe('The persistent cost ledger inside VS Code', () => {
  let server: ProviderServer;
  let api: StreamExplainApi;

  before(async () => {
    server = await startProviderServer();
    api = await useLocalProviders(server);
  });

  after(async () => {
    await api?.engine.cancel();
    await server?.close();
  });

  it('an answer\'s record lands in the ledger file under globalStorage and reads back from disk; the status bar shows today\'s spend', async () => {
    const answer = 'The ledger keeps this answer\'s cost.';
    server.enqueue({ kind: 'script', text: answer, tokensPerSecond: 200, ttftMs: 20 });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    const end = await turn.end();
    assert.equal(end.type, 'turn-end');
    await api.ledger.flushed();

    const dir = api.ledger.store.dir;
    assert.ok(dir.split(path.sep).includes('globalStorage') && path.basename(dir) === EXTENSION_ID, `${dir} is this extension's globalStorage`);
    const files = fs.readdirSync(dir).filter((f) => /^ledger-\d{4}-\d{2}\.jsonl$/.test(f));
    assert.ok(files.length >= 1, 'a month file exists');
    // A store of its own, nothing shared with the extension's: what is on disk is what a reloaded window reads.
    const { records, skipped } = await new LedgerStore(dir, nodeLedgerFs).read();
    assert.equal(skipped, 0);
    const mine = records.filter((r) => r.turnId === turn.turnId);
    assert.equal(mine.length, 1, 'one record for the request');
    const r = mine[0];
    assert.equal(r.workspace, vscode.workspace.name ?? '(no workspace)');
    assert.deepEqual([r.provider, r.model, r.finish, r.estimated], ['openai', 'gpt-4o-mini', 'done', false]);
    assert.ok(end.type === 'turn-end');
    assert.deepEqual([r.inputTokens, r.outputTokens, r.cost], [end.usage.inputTokens, end.usage.outputTokens, end.costUsd]);

    const raw = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    for (const secret of ['e2e-openai-key', 'e2e-anthropic-key', 'tryTake', answer]) assert.ok(!raw.includes(secret), `${secret} is not in the ledger`);

    const today = periodTotals(records, Date.now(), localCalendar).today;
    const shown = await waitFor(() => api.statusBar.costShown, 'the status bar cost item');
    assert.equal(shown, `$(pulse) ${formatCost(today.costUsd)}${today.unknownPrice.requests ? '+' : ''}`);
  });

  it('after a request, the background upkeep brings this month\'s snapshot up to its file: the schedule, the report\'s bundle loaded on first use, in the real host', async function () {
    this.timeout(UPKEEP_AFTER_CHANGE_MS + 60_000);
    server.enqueue({ kind: 'script', text: 'Kept in the snapshot.', tokensPerSecond: 200, ttftMs: 20 });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    assert.equal((await turn.end()).type, 'turn-end');
    await api.ledger.flushed();

    const dir = api.ledger.store.dir;
    const month = ledgerFileName(Date.now());
    const size = fs.statSync(path.join(dir, month)).size;
    const snapshots = nodeSnapshotStore(path.join(dir, SNAPSHOT_FOLDER));
    const snapshot = path.join(snapshots.dir, snapshotName(month));
    // The schedule runs UPKEEP_AFTER_CHANGE_MS after the request landed (later if an answer streams then).
    const deadline = Date.now() + UPKEEP_AFTER_CHANGE_MS + 45_000;
    while ((await readSnapshotCoverage(snapshots, snapshot)) !== size) {
      if (Date.now() > deadline) assert.fail(`the snapshot of ${month} never covered its ${size} bytes (covers ${await readSnapshotCoverage(snapshots, snapshot)})`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // A new window's cache takes it as current (no rewrite) and finds this request's row in it.
    const cache = new LedgerCache(dir, nodeLedgerFs, () => {}, snapshots, 1);
    const cols = await cache.month(month);
    assert.equal(cache.writesStarted, 0, 'the snapshot was current: nothing to write');
    const { records } = await new LedgerStore(dir, nodeLedgerFs).read();
    assert.equal(cols?.length, records.filter((r) => ledgerFileName(r.time) === month).length, 'one row per record of the month');
    assert.ok(records.some((r) => r.turnId === turn.turnId));
  });

  it('at local midnight the status bar\'s "today" starts again at zero with no request: the running ledger\'s day watch, on a manual clock', async () => {
    server.enqueue({ kind: 'script', text: 'Counted today.', tokensPerSecond: 200, ttftMs: 20 });
    await selectLines('rateLimiter.ts', 10, 18);
    const before = api.chatView.sent.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    assert.equal((await (await nextTurn(api, before)).end()).type, 'turn-end');
    await api.ledger.flushed();

    // Two seconds before tonight's local midnight, on the host's own zone (the one the extension counts days in).
    const midnight = new Date();
    midnight.setHours(24, 0, 0, 0);
    const clock = new ManualClock(midnight.getTime() - 2_000);
    try {
      api.ledger.useClock(clock);
      await api.ledger.flushed();
      const { records } = await new LedgerStore(api.ledger.store.dir, nodeLedgerFs).read();
      const today = periodTotals(records, clock.now(), localCalendar).today;
      assert.ok(today.requests >= 1, 'this request is today\'s');
      const shown = `$(pulse) ${formatCost(today.costUsd)}${today.unknownPrice.requests ? '+' : ''}`;
      assert.equal(api.statusBar.costShown, shown, 'at 23:59:58 the item shows today\'s spend');
      // The watch waits until just after midnight (its 1 s margin): at 23:59:59, and at midnight itself, nothing yet.
      assert.deepEqual(clock.pending(), [3_000]);
      clock.advance(1_000);
      await api.ledger.flushed();
      assert.equal(api.statusBar.costShown, shown, 'still today');
      clock.advance(2_000);
      assert.equal(clock.fired, 1, 'the midnight timer fired');
      await api.ledger.flushed();
      assert.equal(api.statusBar.costShown, undefined, 'a new day with no request yet: the cost item is hidden');
      assert.equal(clock.pending().length, 1, 'armed again for the next midnight');
    } finally {
      api.ledger.useClock();
      await api.ledger.flushed();
    }
    assert.ok(api.statusBar.costShown, 'back on the real clock, today\'s spend shows again');
    assert.equal(clock.pending().length, 0, 'the manual clock\'s watch was stopped');
  });
});
