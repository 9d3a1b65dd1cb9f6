// Packs the test-only companion (this folder) into a .vsix for code-server's --install-extension, from a temporary
// copy so nothing is written into the repository. Returns the .vsix path; the caller removes `dir` when done.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @returns {{ vsix: string, dir: string }} */
export function packCompanion() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-companion-'));
  const src = path.join(dir, 'src');
  fs.cpSync(here, src, { recursive: true, filter: (p) => path.basename(p) !== 'pack.mjs' });
  const vsix = path.join(dir, 'stream-explain-test-model.vsix');
  const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], {
    cwd: src, encoding: 'utf8', timeout: 120_000,
  });
  if (r.status !== 0 || !fs.existsSync(vsix)) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`packing the companion failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return { vsix, dir };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(packCompanion().vsix);
