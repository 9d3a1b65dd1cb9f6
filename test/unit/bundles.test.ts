import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const dist = path.join(__dirname, '..', '..', 'dist');
const read = (f: string) => fs.readFileSync(path.join(dist, f), 'utf8');

// npm test builds before running these.
describe('build output', () => {
  it('builds the extension, the lazily loaded SDK and tokenizer bundles, and the webview', () => {
    for (const f of ['extension.js', 'providers/openai.js', 'providers/anthropic.js', 'tokenizer.js', 'context.js', 'webview.js', 'report-host.js', 'report.js']) {
      assert.ok(fs.existsSync(path.join(dist, f)), `dist/${f}`);
    }
  });

  it('dist/extension.js contains no SDK or tokenizer code: they load on the first request', () => {
    const ext = read('extension.js');
    assert.doesNotMatch(ext, /Anthropic\/JS|X-Stainless|GptEncoding|bytePairEncode/i);
    assert.match(ext, /providers\/openai\.js/);
    assert.match(ext, /providers\/anthropic\.js/);
    // The SDKs really are in their own bundles.
    assert.match(read('providers/openai.js'), /X-Stainless-Lang/);
    assert.match(read('providers/anthropic.js'), /Anthropic\/JS/);
  });

  it('the cost report\'s host side is its own bundle, required only when the report is opened', () => {
    const ext = read('extension.js');
    assert.match(ext, /report-host\.js/);
    assert.doesNotMatch(ext, /Clear the cost history|RECENT_LIMIT|buildReport/);
    assert.match(read('report-host.js'), /Clear the cost history/);
  });

  it('the shipped (production) dist/extension.js, all that activation loads, is under 80 KB (no SDK, no tokenizer)', () => {
    // The same options as esbuild.js --production, into a scratch directory so the test build in dist/ is untouched.
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-bundle-'));
    try {
      buildSync({
        entryPoints: { extension: path.join(__dirname, '..', '..', 'src', 'extension', 'extension.ts') },
        outdir, bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
        legalComments: 'linked', logLevel: 'silent',
      });
      const size = fs.statSync(path.join(outdir, 'extension.js')).size;
      // 74 KB after the picker, ledger, budgets, a11y, context commands, vscode-lm and Azure landed; issue 13 asks for 50 KB, which needs a lazily loaded host.
      assert.ok(size < 80_000, `production extension.js is ${size} bytes`);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('requires only vscode and Node built-ins at load time', () => {
    const ext = read('extension.js');
    const requires = [...ext.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    for (const r of requires) assert.ok(r === 'vscode' || r.startsWith('node:') || /^(path|crypto|fs|os|util|events)$/.test(r), `unexpected require(${r})`);
  });

  it('the webview bundle is self-contained browser code that never evaluates strings as code', () => {
    const wv = read('webview.js');
    // The CSP forbids eval too; this keeps a dependency from quietly needing it.
    assert.doesNotMatch(wv, /\beval\(|new Function\(/);
  });
});
