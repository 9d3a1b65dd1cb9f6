// Builds the installable .vsix: production bundles, then `vsce package --no-dependencies` (offline: the bundles
// carry every dependency, so npm is never asked for a dependency tree).
//
//   node scripts/package.mjs [--out=FILE]    default: stream-explain-<version>.vsix in the repository root
//
// It packs a staging copy (out/vsix/) rather than the working tree, so the development build in dist/ (with its
// source maps) is left alone and no stale file in dist/ can slip into the package. The staging copy holds exactly
// what .vscodeignore lets through of the working tree, and .vscodeignore itself decides again inside it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What vsce needs besides the production dist/: the rest is filtered by .vscodeignore as usual. */
const COPIED = ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'media'];

function run(cmd, args, cwd, quiet) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'] });
  if (r.status !== 0) {
    const output = quiet ? `\n${r.stdout}${r.stderr}` : '';
    throw new Error(`${[cmd, ...args].join(' ')} failed (${r.status ?? r.signal ?? r.error})${output}`);
  }
}

/**
 * Build and pack; returns the .vsix path and its size in bytes. `stage` is the scratch folder (emptied first): tests
 * give their own, so two packagings never share one. `quiet` keeps the tools' output unless they fail.
 */
export function packageVsix({ out, stage = path.join(root, 'out', 'vsix'), quiet = false } = {}) {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.resolve(root, out ?? `${name}-${version}.vsix`);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  for (const f of COPIED) fs.cpSync(path.join(root, f), path.join(stage, f), { recursive: true });
  run(process.execPath, [path.join(root, 'esbuild.js'), '--production', `--outdir=${path.join(stage, 'dist')}`], root, quiet);
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], stage, quiet);
  return { vsix, bytes: fs.statSync(vsix).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const { vsix, bytes } = packageVsix({ out });
  console.log(`${path.relative(process.cwd(), vsix)}: ${(bytes / 1024).toFixed(0)} KiB`);
}
