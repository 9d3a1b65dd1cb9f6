import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');

interface Contributes {
  commands: Array<{ command: string }>;
  views: Record<string, Array<{ id: string }>>;
}

/**
 * dist/extension.js (npm test builds it first) activated in a fresh Node process against bench:host's stand-in
 * vscode module, which records what is registered. VS Code runs the command that activated the extension as soon as
 * activate() returns, so every contributed command must be registered by then, although the chat host that
 * implements them is loaded later.
 */
describe('the activation shell', function () {
  this.timeout(60_000);

  let out: { registered: string[]; activation: { files: string[] } };
  before(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bench', 'host', 'activationProbe.cjs')], {
      env: { ...process.env, PROBE_OPTIONS: JSON.stringify({ dist: path.join(ROOT, 'dist'), activationOnly: true }) },
    });
    out = JSON.parse(stdout.trim());
  });

  it('registers every command package.json contributes, the chat view and the code action and lens providers', () => {
    const contributes = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: Contributes }).contributes;
    const commands = out.registered.filter((r) => r.startsWith('command:')).map((r) => r.slice('command:'.length)).sort();
    assert.deepEqual(commands, contributes.commands.map((c) => c.command).sort());
    const views = Object.values(contributes.views).flat().map((v) => `view:${v.id}`);
    for (const v of views) assert.ok(out.registered.includes(v), `${v} is not registered at activation`);
    assert.equal(out.registered.filter((r) => r.startsWith('codeActions:')).length, 2);
    assert.equal(out.registered.filter((r) => r.startsWith('codeLens:')).length, 1);
  });

  it('loads only dist/extension.js: the chat host waits for its first use', () => {
    assert.deepEqual(out.activation.files, ['extension.js']);
  });
});
