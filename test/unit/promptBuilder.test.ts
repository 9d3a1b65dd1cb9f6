import * as assert from 'node:assert/strict';
import { findEnclosingBlock } from '../../src/core/enclosingBlock';
import { buildExplainPrompt, buildFollowUpPrompt, fenceFor } from '../../src/core/promptBuilder';

describe('prompt building', () => {
  it('puts language, file, lines and the code in a fenced block', () => {
    const p = buildExplainPrompt({ code: 'const x = 1;\n', language: 'typescript', fileName: 'src/a.ts', startLine: 3, endLine: 3 });
    assert.equal(p.content, 'Explain this code.\n\nThe typescript code from `src/a.ts` (line 3):\n\n```typescript\nconst x = 1;\n```');
    assert.equal(p.text, 'Explain this code.');
    assert.equal(p.code, 'const x = 1;');
    assert.equal(p.language, 'typescript');
  });

  it('uses a fence longer than any backtick run in the code', () => {
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('a ``` b'), '````');
    const p = buildExplainPrompt({ code: '```\ninner\n```', language: 'markdown', startLine: 1, endLine: 3 });
    assert.ok(p.content.includes('````markdown\n```\ninner\n```\n````'));
  });

  it('refuses to build an empty prompt', () => {
    assert.throws(() => buildExplainPrompt({ code: '  \n\t ' }), /no code to explain/);
    assert.throws(() => buildFollowUpPrompt('   '), /empty/);
  });

  it('omits plaintext as a language and keeps follow-ups verbatim (trimmed)', () => {
    const p = buildExplainPrompt({ code: 'hello', language: 'plaintext' });
    assert.ok(p.content.startsWith('Explain this code.\n\nThe code:\n\n```\nhello'));
    assert.deepEqual(buildFollowUpPrompt('  why? '), { text: 'why?', content: 'why?' });
  });
});

describe('enclosing block (no selection)', () => {
  const ts = [
    'import x from "y";',        // 0
    '',                           // 1
    'function add(a, b) {',       // 2
    '  const s = a + b;',         // 3
    '  return s;',                // 4
    '}',                          // 5
    '',                           // 6
    'const z = 1;',               // 7
  ];
  it('finds the function around a line inside it, closing brace included', () => {
    assert.deepEqual(findEnclosingBlock(ts, 3), { start: 2, end: 5 });
    assert.deepEqual(findEnclosingBlock(ts, 4), { start: 2, end: 5 });
  });
  it('on a header line takes the whole block', () => {
    assert.deepEqual(findEnclosingBlock(ts, 2), { start: 2, end: 5 });
  });
  it('a top-level statement is its own block', () => {
    assert.deepEqual(findEnclosingBlock(ts, 7), { start: 7, end: 7 });
  });
  it('handles Python indentation blocks', () => {
    const py = ['def f(x):', '    if x:', '        return 1', '    return 2', '', 'print(f(1))'];
    assert.deepEqual(findEnclosingBlock(py, 2), { start: 1, end: 2 });
    assert.deepEqual(findEnclosingBlock(py, 3), { start: 0, end: 3 });
  });
  it('returns nothing for an empty document', () => {
    assert.equal(findEnclosingBlock(['', '   ', ''], 1), undefined);
    assert.equal(findEnclosingBlock([], 0), undefined);
  });
});
