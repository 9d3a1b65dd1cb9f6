import * as assert from 'node:assert/strict';
import { importsUsing, signatureOf } from '../../src/core/context/fileStructure';
import { globToRegExp, matchesAnyGlob } from '../../src/core/context/glob';
import { identifiersIn } from '../../src/core/context/identifiers';
import { redactContextSecrets } from '../../src/core/context/redactSecrets';

describe('context: redaction', () => {
  const redact = (t: string) => redactContextSecrets(t).text;

  it('removes provider and cloud key shapes, and private key blocks', () => {
    // Key shapes are assembled at run time, so no key-shaped literal is in the tree.
    const k = (...parts: string[]) => parts.join('');
    const r = redactContextSecrets([
      `const a = "${k('sk-', 'proj-', 'FAKE0123456789abcdefghijklmnop')}";`,
      `ANTHROPIC=${k('sk-', 'ant-', 'api03-', 'FAKEFAKEFAKEFAKEFAKE')}`,
      `aws ${k('AKIA', 'FAKEFAKEFAKE1234')} gh ${k('ghp', '_FAKE0123456789abcdefghijklmnopqrstuv')}`,
      '-----BEGIN RSA PRIVATE KEY-----\nMIIFAKE\n-----END RSA PRIVATE KEY-----',
    ].join('\n'));
    assert.doesNotMatch(r.text, /FAKE/);
    assert.equal(r.count, 5);
  });

  it('redacts .env-style and code assignments of secret-named literals', () => {
    assert.equal(redact('DB_PASSWORD=hunter22\nPORT=8080'), 'DB_PASSWORD=[redacted]\nPORT=8080');
    assert.equal(redact('API_TOKEN=plainword'), 'API_TOKEN=[redacted]');
    assert.equal(redact("const apiKey = 'abc123xyz';"), "const apiKey = '[redacted]';");
    assert.equal(redact('{"client_secret": "s3cr3t-value"}'), '{"client_secret": "[redacted]"}');
    assert.equal(redact('password: `letmein`'), 'password: `[redacted]`');
  });

  it('leaves code that only names a secret alone', () => {
    for (const code of [
      'const token = nextToken();', 'password: string;', 'const apiKey = this.config.apiKey;', 'token = lexer',
      'const secret = process.env.SECRET;', 'if (authHeader === undefined) return;',
    ]) assert.equal(redact(code), code, code);
  });
});

describe('context: exclude globs', () => {
  const defaults = ['**/.env*', '**/*.pem', '**/*secret*'];
  it('match at any depth, relative or absolute', () => {
    for (const p of ['.env', 'app/.env.local', '/home/u/ws/certs/server.pem', 'src/secrets.ts', 'mySecret/../x_secret_y.json']) {
      assert.ok(matchesAnyGlob([p], defaults), p);
    }
    for (const p of ['src/env.ts', 'src/Secrets.ts', 'pem.ts', 'src/cache.ts']) assert.ok(!matchesAnyGlob([p], defaults), p);
  });
  it('support *, ?, ** and {a,b} like VS Code settings', () => {
    assert.ok(globToRegExp('src/*.{ts,js}').test('src/a.js'));
    assert.ok(!globToRegExp('src/*.{ts,js}').test('src/deep/a.js'));
    assert.ok(globToRegExp('src/**/gen?.ts').test('src/a/b/gen1.ts'));
    assert.ok(globToRegExp('**/vendor/**').test('lib/vendor/x/y.c'));
    assert.ok(!globToRegExp('*.ts').test('a.tsx'));
    assert.ok(!globToRegExp('a.b').test('axb'), 'dots are literal');
  });
});

describe('context: reading code', () => {
  it('finds each name a selection uses once, skipping keywords, strings and comments', () => {
    const code = "const n = evict(store, 'policy text', policy); // evictAll later\nreturn store.size + n; /* cache */";
    assert.deepEqual(identifiersIn(code).map((u) => u.name), ['evict', 'store', 'policy', 'size']);
    assert.equal(identifiersIn(code)[0].offset, code.indexOf('evict'));
    assert.equal(identifiersIn('a1 b2 c3 d4', 2).length, 2);
    const tpl = 'log(`swept ${count} for ${host.name}`)';
    assert.deepEqual(identifiersIn(tpl).map((u) => [u.name, tpl.slice(u.offset, u.offset + u.name.length)]), [['log', 'log'], ['count', 'count'], ['host', 'host'], ['name', 'name']]);
  });

  it('a TypeScript private name (#x) is a name, not a comment: the rest of its line is read; in Python # still comments', () => {
    const ts = 'if (this.#head > compactionThreshold) this.#compact();';
    assert.deepEqual(identifiersIn(ts, 40, 'typescript').map((u) => u.name), ['head', 'compactionThreshold', 'compact']);
    assert.equal(identifiersIn(ts, 40, 'typescript')[2].offset, ts.indexOf('compact()'));
    const py = 'value = want_bytes(value)  # see base64_encode';
    assert.deepEqual(identifiersIn(py, 40, 'python').map((u) => u.name), ['value', 'want_bytes']);
    assert.deepEqual(identifiersIn(py).map((u) => u.name), ['value', 'want_bytes'], 'an unknown language keeps # comments');
  });

  it('keeps only the imports that bring in a used name, multi-line ones whole', () => {
    const lines = [
      "import { evict, type Entry } from './cache';",
      "import * as path from 'node:path';",
      'import {',
      '  DEFAULT_POLICY,',
      '  other,',
      "} from './policy';",
      "import lru from './cache';",
      'from collections import OrderedDict',
      'const x = 1;',
    ];
    const got = importsUsing(lines, ['evict', 'DEFAULT_POLICY', 'OrderedDict']);
    assert.deepEqual(got.map((s) => [s.start, s.end]), [[0, 0], [2, 5], [7, 7]]);
    assert.deepEqual(importsUsing(lines, ['cache']), [], 'a module path is not a use of the name');
  });

  it('cuts a symbol to its signature', () => {
    assert.equal(signatureOf(['export class A<T>', '  extends B {', '  x = 1;', '}']), 'export class A<T>\n  extends B {');
    assert.equal(signatureOf(['def f(a,', '      b):', '    return a']), 'def f(a,\n      b):');
    assert.equal(signatureOf(['weird']), 'weird');
  });
});
