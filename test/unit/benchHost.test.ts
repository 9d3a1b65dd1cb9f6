import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');

// npm test builds dist/ before the unit tests: the smoke run's activation probe loads dist/extension.js from there.
describe('npm run bench:host', function () {
  // Two SDKs, a child server and a fresh probe process: a few seconds idle, more on the shared machine.
  this.timeout(120_000);

  it('--smoke starts, runs every part on both SDKs and prints its tables (figures are not asserted)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'bench', 'host.ts'), '--smoke'], { cwd: ROOT, maxBuffer: 1 << 22 });
    for (const heading of ['Provider write → panel message', 'Host CPU per token', 'Stop → socket closed at the server', 'Activation and first request', 'Targets:']) {
      assert.ok(stdout.includes(heading), `no "${heading}" in:\n${stdout}`);
    }
    // A row per wire and reader: the runs happened, side by side.
    for (const wire of ['openai', 'anthropic']) {
      // Both configurations of the engine: without the window (ours) and with the shipped flow window (flow).
      for (const reader of ['ours', 'flow']) assert.match(stdout, new RegExp(`1,000/s\\s+${wire}\\s+${reader}\\s+\\d+\\s+\\d`), `no ${reader} latency row for ${wire}`);
    }
    assert.match(stdout, /ours, no window \(≤ 4 ms gap\): ≤ 1\.5× bare at every rate/);
    assert.match(stdout, /ours, flow window \(by delivery\): ≤ 1\.5× bare at every rate/);
    assert.match(stdout, /openai\s+bare\s+1\s/);
    // The activation probe really loaded the shell and then the chat host.
    assert.match(stdout, /code loaded by activation\s+[\d.]+ KB\s+\(extension\.js\)/);
    assert.match(stdout, /code loaded before 1st request\s+[\d.]+ KB\s+\(extension\.js, chat-host\.js\)/);
  });
});
