import * as fs from 'node:fs';
import * as path from 'node:path';

/** test/fixtures, found from wherever this file runs (ts source, or a bundle under dist/ or out/). */
export function fixturesDir(): string {
  const env = process.env.STREAM_EXPLAIN_FIXTURES;
  if (env) return env;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures');
    if (fs.existsSync(path.join(candidate, 'transcripts'))) return candidate;
    const here = path.join(dir, 'fixtures');
    if (fs.existsSync(path.join(here, 'transcripts'))) return here;
    dir = path.dirname(dir);
  }
  throw new Error(`test/fixtures not found above ${__dirname}; set STREAM_EXPLAIN_FIXTURES`);
}

export function transcriptPath(name: string): string {
  const file = name.endsWith('.sse') ? name : `${name}.sse`;
  return path.isAbsolute(file) ? file : path.join(fixturesDir(), 'transcripts', file);
}

export function listTranscripts(): string[] {
  return fs.readdirSync(path.join(fixturesDir(), 'transcripts')).filter((f) => f.endsWith('.sse')).sort();
}

export interface HttpErrorFixture {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function loadHttpError(name: string): HttpErrorFixture {
  const file = name.endsWith('.json') ? name : `${name}.json`;
  const raw = JSON.parse(fs.readFileSync(path.join(fixturesDir(), 'http-errors', file), 'utf8')) as HttpErrorFixture;
  return { status: raw.status, headers: raw.headers, body: raw.body };
}
