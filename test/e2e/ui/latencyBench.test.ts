import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * `npm run bench:latency` works: its smoke run (one OpenAI answer of 20 tokens at 40 tokens/s, through the real
 * extension in code-server, the floor extension in its own code-server, and the plain-text floor) starts, measures and
 * prints its table. No figure is asserted (timings are the benchmark's business, not the tests'): only that every
 * token was matched to a frame that showed it.
 */

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('bench:latency --smoke', function () {
  this.timeout(240_000);

  it('streams one answer through the panel, the vscode floor and the floor and prints a row for each, every token shown', () => {
    const tsx = path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = spawnSync(process.execPath, [tsx, path.join(REPO, 'bench', 'latency', 'main.ts'), '--smoke'], { cwd: REPO, encoding: 'utf8', timeout: 230_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, out);
    assert.match(out, /provider\s+rate\s+page\s+tokens\s+p50\s+p90\s+p99\s+max\s+first token/, out);
    for (const page of ['panel', 'vscode-floor', 'floor']) {
      // each token matched (a token never shown would print "(n never shown)"), figures printed as numbers.
      const row = new RegExp(`^openai\\s+40 tok/s\\s+${page}\\s+\\d+\\s+(\\d+\\.\\d)\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\s`, 'm');
      assert.match(out, row, `no complete ${page} row in:\n${out}`);
    }
    assert.doesNotMatch(out, /never shown/, out);
  });

  it('--vscode-floor-paced: the floor extension posting through the panel\'s pacing shows every token too', () => {
    const tsx = path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = spawnSync(process.execPath, [tsx, path.join(REPO, 'bench', 'latency', 'main.ts'), '--smoke', '--no-floor', '--vscode-floor-paced'], { cwd: REPO, encoding: 'utf8', timeout: 230_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, out);
    assert.match(out, /^openai\s+40 tok\/s\s+vscode-floor, paced\s+\d+\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\s/m, `no complete paced row in:\n${out}`);
    assert.doesNotMatch(out, /never shown/, out);
  });
});
