/**
 * Activation and first request, in fresh processes (activationProbe.cjs): the production bundles, as the .vsix ships
 * them, built into a scratch directory (or the --dist given), loaded in plain Node against the stand-in vscode module.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { StampedServer } from './serverClient';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

export interface Loaded {
  files: string[];
  bytes: number;
}

export interface ProbeResult {
  requireMs: number;
  activateMs: number;
  activation: Loaded;
  registrations: number;
  hostLoadMs: number;
  beforeRequest: Loaded;
  firstRequestMs: number;
  /** The first request, cold: ask → the panel got its first text (what the user waits for). */
  firstTextMs: number;
  warmFirstTextMs: number[];
  afterFirstRequest: Loaded;
  warmRequestMs: number[];
  heapBeforeRequest: Memory;
  heapAfterFirstRequests: Memory;
  answers?: number;
  heapAfterAnswers?: Memory;
  conversationChars?: number;
}

export interface Memory {
  heapUsed: number;
  rss: number;
  external: number;
}

/** The production bundles (minified, no source maps), built as the packaging script builds them. */
export async function productionDist(): Promise<{ dist: string; dispose: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-bench-dist-'));
  await run(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production', `--outdir=${dir}`], { cwd: ROOT });
  return { dist: dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function probe(server: StampedServer, o: { dist: string; answerTokens: number; warm: number; answers: number }): Promise<ProbeResult> {
  const options = {
    dist: o.dist, openaiBaseUrl: server.openaiBaseUrl, warm: o.warm, answers: o.answers,
    // A short answer as fast as the server writes it: the request's own cost, not the model's pace.
    model: 'script:tokens=50', answerModel: `script:tokens=${o.answerTokens}`,
  };
  const { stdout } = await run(process.execPath, ['--expose-gc', path.join(__dirname, 'activationProbe.cjs')], {
    env: { ...process.env, PROBE_OPTIONS: JSON.stringify(options) }, maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ProbeResult;
}
