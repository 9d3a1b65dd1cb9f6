import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { contentSecurityPolicy, makeNonce, renderWebviewHtml } from '../../src/extension/webviewHtml';

describe('webview HTML and its Content Security Policy', () => {
  const r = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/panel.css', nonce: 'abcDEF123' };

  it('allows nothing by default, scripts only by nonce, no eval, no inline script or style', () => {
    const csp = contentSecurityPolicy(r);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'nonce-abcDEF123'"]);
    assert.deepEqual(directives.get('style-src'), [r.cspSource]);
    assert.deepEqual(directives.get('img-src'), [r.cspSource], 'remote images are never fetched');
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*|https?:\/\/(?!file\+)/);
  });

  it('has an empty body apart from the one nonce-carrying script', () => {
    const html = renderWebviewHtml(r);
    const body = html.slice(html.indexOf('<body>') + 6, html.indexOf('</body>')).trim();
    assert.equal(body, '<script nonce="abcDEF123" src="https://x/dist/webview.js"></script>');
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes('http-equiv="Content-Security-Policy"'));
    assert.doesNotMatch(html, /style="/);
  });

  it('makes a fresh 32-character alphanumeric nonce each time', () => {
    const a = makeNonce((n) => crypto.randomBytes(n));
    const b = makeNonce((n) => crypto.randomBytes(n));
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(a, b);
  });
});
