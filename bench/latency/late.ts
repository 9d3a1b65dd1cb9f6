/**
 * Prints the late-token stages (lateStages.ts) of saved bench:latency result files, and each page against the paced
 * floor when the run had one, so earlier runs can be read the same way: npx tsx bench/latency/late.ts
 * bench/results/latency-….json ...
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResultFile } from '../results';
import type { RunResult } from './main';
import { printAgainstFloor, printLateStages } from './table';

for (const file of process.argv.slice(2)) {
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ResultFile> & { runs?: RunResult[] };
  console.log(`\n${path.basename(file)}${saved.args?.length ? ` (${saved.args.join(' ')})` : ''}:`);
  if (!saved.runs?.length) console.log('  no runs in this file');
  else {
    printLateStages(saved.runs);
    printAgainstFloor(saved.runs);
  }
}
