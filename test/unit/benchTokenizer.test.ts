import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');

describe('npm run bench:tokenizer', function () {
  // A production build into a temporary folder and two fresh processes.
  this.timeout(120_000);

  it('--smoke starts, measures both tokenizers side by side and prints its table (figures are not asserted)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'bench', 'tokenizer.ts'), '--smoke'], { cwd: ROOT, maxBuffer: 1 << 22 });
    assert.match(stdout, /ours\s+gpt-tokenizer\s+ours \/ theirs/);
    for (const row of ['load + first count, ms', 'full GC pause with it loaded, ms', 'a 50,000-letter piece with no space, ms']) {
      assert.match(stdout, new RegExp(`${row.replace(/[+,]/g, '\\$&')}\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+`), `no "${row}" row in:\n${stdout}`);
    }
    assert.ok(!stdout.includes('Saved '), 'a smoke run saves nothing');
  });
});
