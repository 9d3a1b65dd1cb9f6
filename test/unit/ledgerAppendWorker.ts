// A second process appending to the ledger, for ledgerStore.test.ts: `node --import tsx ledgerAppendWorker.ts DIR NAME COUNT`.
// Prints "ready", waits for a line on stdin (so every worker starts at once), appends COUNT records, exits.
import { nodeLedgerFs } from '../../src/core/ledger/nodeLedgerFs';
import { LedgerStore } from '../../src/core/ledger/store';
import { workerRecord } from './ledgerFixtures';

const [dir, name, countArg] = process.argv.slice(2);
const count = Number(countArg);
const store = new LedgerStore(dir, nodeLedgerFs);

process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  for (let i = 0; i < count; i++) await store.append(workerRecord(name, i));
  process.exit(0);
});
