/**
 * Builds the floor extension for one bench:latency run into a temp folder (loaded with extensionDevelopmentPath): its
 * manifest and icon, the host bundled with esbuild (the SDKs inside, vscode external), the page's script, and the
 * panel's stylesheet so its text is laid out as the panel's. Nothing of it is in the extension's package.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const HERE = __dirname;
const ROOT = path.join(HERE, '..', '..', '..');

export interface BuiltFloor {
  dir: string;
  dispose(): void;
}

export async function buildVscodeFloor(): Promise<BuiltFloor> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-vscode-floor-'));
  const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.mkdirSync(path.join(dir, 'media'));
    fs.copyFileSync(path.join(HERE, 'package.json'), path.join(dir, 'package.json'));
    fs.copyFileSync(path.join(HERE, 'icon.svg'), path.join(dir, 'media', 'icon.svg'));
    fs.copyFileSync(path.join(ROOT, 'media', 'panel.css'), path.join(dir, 'media', 'panel.css'));
    const common = { bundle: true, logLevel: 'error' as const, absWorkingDir: ROOT };
    await Promise.all([
      esbuild.build({
        ...common, entryPoints: [path.join(HERE, 'extension.ts')], outfile: path.join(dir, 'dist', 'extension.js'),
        platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
      }),
      esbuild.build({
        ...common, entryPoints: [path.join(HERE, 'page.ts')], outfile: path.join(dir, 'media', 'page.js'),
        platform: 'browser', format: 'iife', target: 'chrome120',
      }),
    ]);
    return { dir, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}
