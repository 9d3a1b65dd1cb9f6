import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { packRanks, parseRankTable } from '../../src/core/bpe/rankTable';
import type { TokenCounter } from '../../src/core/tokenCounter';
import { zipEntries, type ZipEntry } from './zipReader';

const ROOT = path.join(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  repository: { url: string };
};
/** The Marketplace's and VS Code's limit is far higher; this is ours, so growth is a decision (issue 12). */
const MAX_BYTES = 1_500_000;
/** What the installed extension loads: the bundles esbuild.js writes, and the licences of the code in them. */
const DIST = ['extension.js', 'chat-host.js', 'providers/openai.js', 'providers/anthropic.js', 'tokenizer.js', 'context.js', 'webview.js', 'report.js', 'report-host.js', 'THIRD-PARTY-NOTICES.txt'];

interface Packager {
  packageVsix(opts: { out: string; stage: string; quiet: boolean }): { vsix: string; bytes: number };
}

describe('the .vsix (npm run package)', function () {
  // Production build and vsce: about 3 s on an idle machine, more when it is shared.
  this.timeout(120_000);
  let tmp: string;
  let bytes: number;
  let entries: ZipEntry[];
  const entry = (name: string): ZipEntry => {
    const e = entries.find((x) => x.name === name);
    assert.ok(e, `${name} is in the package`);
    return e;
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-pkg-'));
    const { packageVsix } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'package.mjs')).href)) as Packager;
    const built = packageVsix({ out: path.join(tmp, 'x.vsix'), stage: path.join(tmp, 'stage'), quiet: true });
    bytes = built.bytes;
    entries = zipEntries(fs.readFileSync(built.vsix));
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('holds exactly the production bundles, the notices, media/, package.json, README and LICENSE', () => {
    const media = fs.readdirSync(path.join(ROOT, 'media'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    const expected = [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/package.json',
      'extension/readme.md',
      ...DIST.map((f) => `extension/dist/${f}`),
      ...media.map((f) => `extension/${f}`),
    ].sort();
    const names = entries.map((e) => e.name).sort();
    // Named first, so a failure says what leaked rather than only that the lists differ.
    for (const n of names) assert.doesNotMatch(n, /\.map$|(^|\/)(src|test|node_modules|out|docs|scripts)\//, `${n} leaked into the package`);
    assert.deepEqual(names, expected);
  });

  it(`is smaller than ${MAX_BYTES / 1e6} MB`, () => {
    assert.ok(bytes < MAX_BYTES, `the .vsix is ${bytes} bytes`);
  });

  it('carries production bundles: minified, without source-map references', () => {
    for (const f of DIST.filter((d) => d.endsWith('.js'))) {
      const js = entry(`extension/dist/${f}`).read().toString('utf8');
      assert.doesNotMatch(js, /sourceMappingURL/, `${f} points at a source map the package does not have`);
      // Minified: no line of a development bundle's length budget; esbuild's dev output has thousands of short lines.
      const lines = js.split('\n').length;
      assert.ok(lines < js.length / 500, `${f}: ${lines} lines for ${js.length} characters is not minified`);
    }
  });

  it("the packaged README's images and links point at files of the repository on GitHub", () => {
    const readme = entry('extension/readme.md').read().toString('utf8');
    const base = PKG.repository.url.replace(/\.git$/, '');
    const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !t.startsWith('#'));
    assert.ok(targets.some((t) => t.endsWith('docs/panel.png')), 'the README shows the panel');
    for (const t of targets) {
      assert.match(t, /^https:\/\//, `${t} is relative: it cannot resolve in the Extensions view`);
      const own = t.match(new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:raw|blob)/HEAD/(.+)$`));
      if (own) assert.ok(fs.existsSync(path.join(ROOT, decodeURI(own[1]).split('#')[0])), `${t} names no file of this repository`);
    }
  });

  it('THIRD-PARTY-NOTICES.txt carries the licence of every package bundled', () => {
    const notices = entry('extension/dist/THIRD-PARTY-NOTICES.txt').read().toString('utf8');
    const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    for (const dep of deps) {
      const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')) as { version: string };
      assert.ok(notices.includes(`\n${dep} ${version} (`), `${dep} ${version} has no section`);
    }
    // Licence texts, not only names: a phrase of each kind of licence bundled.
    for (const phrase of ['Permission is hereby granted, free of charge', 'Apache License', 'Redistribution and use in source and binary forms']) {
      assert.ok(notices.includes(phrase), `no "${phrase}"`);
    }
  });

  it('the packaged tokenizer embeds exactly gpt-tokenizer\'s o200k vocabulary, as a Brotli-compressed byte table', () => {
    // scripts/compressedRanksPlugin.js: the only long base64 literal of the bundle, and no vocabulary as strings.
    const js = entry('extension/dist/tokenizer.js').read().toString('utf8');
    const literals = [...js.matchAll(/"([A-Za-z0-9+/]{100000,}={0,2})"/g)];
    assert.equal(literals.length, 1, 'one embedded vocabulary');
    const table = parseRankTable(zlib.brotliDecompressSync(Buffer.from(literals[0][1], 'base64')));
    const expected = packRanks(o200kRanks);
    assert.equal(table.offsets.length, o200kRanks.length + 1);
    assert.deepEqual(table.offsets, expected.offsets);
    assert.ok(Buffer.from(table.bytes).equals(Buffer.from(expected.bytes)), 'the same bytes, rank for rank');
    assert.ok(!js.includes('"ification"'), 'no vocabulary string literals');
    assert.ok(js.length < 1_300_000, `tokenizer.js is ${js.length} bytes`);
  });

  it('the packaged tokenizer counts like gpt-tokenizer, on text in many scripts and on its own vocabulary', () => {
    const file = path.join(tmp, 'tokenizer.js');
    fs.writeFileSync(file, entry('extension/dist/tokenizer.js').read());
    // Loaded the way the extension loads it: a CommonJS require of the bundle.
    const { o200kCounter } = createRequire(__filename)(file) as { o200kCounter: TokenCounter };
    const texts = [
      fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'),
      'Größenordnung — naïve café; Привет, мир; Γειά σου; שלום; مرحبا; नमस्ते; 你好，世界; こんにちは; 안녕하세요; ภาษาไทย',
      'emoji 🙂👍🏽🇩🇪 and ZWJ 👩‍💻, control \u0000\u0007, replacement \uFFFD, lone surrogate halves are not text',
      // A sample of the vocabulary's own strings, run together and spaced apart.
      ...['', ' '].map((sep) => o200kRanks.filter((t, i): t is string => typeof t === 'string' && i % 211 === 0).join(sep)),
    ];
    // Special tokens read as text, as the extension counts them (the README names one).
    for (const t of texts) assert.equal(o200kCounter.count(t), countTokens(t, { disallowedSpecial: new Set() }), t.slice(0, 40));
  });
});
