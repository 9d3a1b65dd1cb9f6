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
    for (const f of ['extension.js', 'chat-host.js', 'providers/openai.js', 'providers/anthropic.js', 'tokenizer.js', 'context.js', 'webview.js', 'report-host.js', 'report.js']) {
      assert.ok(fs.existsSync(path.join(dist, f)), `dist/${f}`);
    }
  });

  it('neither dist/extension.js nor the chat host contains SDK or tokenizer code: they load on the first request', () => {
    for (const f of ['extension.js', 'chat-host.js']) assert.doesNotMatch(read(f), /Anthropic\/JS|X-Stainless|GptEncoding|bytePairEncode/i, f);
    const host = read('chat-host.js');
    assert.match(host, /providers\/openai\.js/);
    assert.match(host, /providers\/anthropic\.js/);
    // The SDKs really are in their own bundles.
    assert.match(read('providers/openai.js'), /X-Stainless-Lang/);
    assert.match(read('providers/anthropic.js'), /Anthropic\/JS/);
  });

  it('the cost report\'s host side is its own bundle, required only when the report is opened', () => {
    const host = read('chat-host.js');
    assert.match(host, /report-host\.js/);
    for (const f of ['extension.js', 'chat-host.js']) assert.doesNotMatch(read(f), /Clear the cost history|RECENT_LIMIT|buildReport/, f);
    assert.match(read('report-host.js'), /Clear the cost history/);
  });

  it('the chat host (engine, panel bridge, ledger, picker) is its own bundle, required on first use', () => {
    const ext = read('extension.js');
    assert.match(ext, /chat-host\.js/);
    // Code that only the host runs: the engine's turn handling, the panel bridge's validators, the ledger store.
    assert.doesNotMatch(ext, /class ChatEngine|parseWebviewMessage|Refused to post an invalid message|ledgerFileName/);
    assert.match(read('chat-host.js'), /Refused to post an invalid message/);
  });

  it('the shipped (production) dist/extension.js, all that activation loads, is under 50 KB (no host, no SDK, no tokenizer)', () => {
    // The same options as esbuild.js --production, into a scratch directory so the test build in dist/ is untouched.
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-bundle-'));
    try {
      buildSync({
        entryPoints: { extension: path.join(__dirname, '..', '..', 'src', 'extension', 'extension.ts') },
        outdir, bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
        legalComments: 'linked', logLevel: 'silent',
      });
      const size = fs.statSync(path.join(outdir, 'extension.js')).size;
      // Issue 13's activation target. 74 KB when the whole host was in it; about 6 KB since the host is chat-host.js.
      assert.ok(size < 50_000, `production extension.js is ${size} bytes`);
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
