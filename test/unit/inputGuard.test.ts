import * as assert from 'node:assert/strict';
import { guardCode, InputRejected, looksBinary, looksMinified } from '../../src/core/inputGuard';
import { redactSecrets } from '../../src/core/redact';
import { o200kCounter } from '../../src/core/tokenizer';

describe('input checks before anything is sent', () => {
  it('refuses empty and whitespace-only selections', () => {
    for (const code of ['', '   ', '\n\t\n']) assert.throws(() => guardCode(code, 1000, o200kCounter), InputRejected);
  });

  it('refuses binary-looking text', () => {
    assert.equal(looksBinary('PK\u0003\u0004\u0000\u0000binary'), true);
    assert.equal(looksBinary('\u0001\u0002\u0003\u0004abc'), true);
    assert.equal(looksBinary('const x = "héllo";\n\tretürn x;'), false);
    assert.throws(() => guardCode('\u0000\u0001ELF', 1000, o200kCounter), /binary/);
  });

  it('notes minified code but still explains it', () => {
    const minified = 'var a=1;'.repeat(400);
    assert.equal(looksMinified(minified), true);
    assert.equal(looksMinified('a\nb\nc'), false);
    const g = guardCode(minified, 100_000, o200kCounter);
    assert.equal(g.code, minified);
    assert.match(g.note!, /minified/);
  });

  it('keeps code within the budget untouched', () => {
    assert.deepEqual(guardCode('const x = 1;\nconst y = 2;', 1000, o200kCounter), { code: 'const x = 1;\nconst y = 2;' });
  });

  it('cuts an over-budget selection at a line boundary and says exactly what was left out', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `const value${i} = compute(${i}, "some text to make the line longer");`);
    const code = lines.join('\n');
    const g = guardCode(code, 1000, o200kCounter);
    const kept = g.code.split('\n');
    assert.ok(o200kCounter.count(g.code) <= 1000);
    assert.ok(o200kCounter.count(lines.slice(0, kept.length + 1).join('\n')) > 1000, 'kept as many lines as fit');
    assert.deepEqual(kept, lines.slice(0, kept.length));
    assert.match(g.note!, new RegExp(`only its first ${kept.length} lines were sent; the last ${400 - kept.length} lines were left out`));
  });

  it('refuses when not even the first line fits', () => {
    assert.throws(() => guardCode('x'.repeat(50_000), 100, o200kCounter), /too large/);
  });
});

describe('secret redaction in logs', () => {
  it('removes the keys in use and anything shaped like a provider key', () => {
    const line = `Incorrect API key provided: sk-VKMIs*****wjh3; used my-custom-key-123; header Bearer abcdef123456 and ${['sk', 'ant', 'api03', 'XYZxyz_123'].join('-')}`;
    const out = redactSecrets(line, ['my-custom-key-123']);
    assert.doesNotMatch(out, /VKMIs|my-custom-key-123|abcdef123456|api03/);
    assert.match(out, /\[redacted key\]/);
  });
});
