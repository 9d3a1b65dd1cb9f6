// Bundles the in-host end-to-end suite into out/e2e/suite (CommonJS; vscode and mocha resolved at run time).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suite = path.join(root, 'test', 'e2e', 'suite');
const outdir = path.join(root, 'out', 'e2e', 'suite');

export async function buildE2E() {
  fs.rmSync(outdir, { recursive: true, force: true });
  const entries = fs.readdirSync(suite).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(suite, f));
  await esbuild.build({
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildE2E();
