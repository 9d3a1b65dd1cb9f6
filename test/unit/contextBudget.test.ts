import * as assert from 'node:assert/strict';
import { cutMarker, cutToTokens, dedupPieces, fitToBudget, orderPieces } from '../../src/core/context/budget';
import { settleWithin, type Timers } from '../../src/core/context/deadline';
import { renderContextSection } from '../../src/core/context/renderContext';
import { selectContext } from '../../src/core/context/selectContext';
import type { ContextPiece } from '../../src/core/context/types';
import { buildExplainPrompt } from '../../src/core/promptBuilder';
import { approximateCounter } from '../../src/core/tokenCounter';

const piece = (p: Partial<ContextPiece>): ContextPiece => ({
  kind: 'definition', title: 'f', fileName: 'a.ts', startLine: 1, endLine: 1, text: 'x', distance: 0, ...p,
});
/** One token per word: budgets in tests read as word counts. */
const words = { count: (t: string) => t.split(/\s+/).filter(Boolean).length };

describe('context: ordering and dedup', () => {
  it('puts problems first, then the enclosing symbols, imports, and definitions nearest first', () => {
    const far = piece({ title: 'far', distance: 2_000_005 });
    const near = piece({ title: 'near', distance: 3 });
    const folder = piece({ title: 'folder', distance: 1_000_001 });
    const diag = piece({ kind: 'diagnostic', title: 'Error', distance: 9 });
    const imports = piece({ kind: 'imports', title: 'imports' });
    const inside = piece({ kind: 'enclosing', title: 'C' });
    assert.deepEqual(orderPieces([far, imports, near, inside, folder, diag]).map((p) => p.title), ['Error', 'C', 'imports', 'near', 'folder', 'far']);
  });

  it('is stable for equal distances (order of first use)', () => {
    const list = ['a', 'b', 'c'].map((title) => piece({ title, distance: 7 }));
    assert.deepEqual(orderPieces(list).map((p) => p.title), ['a', 'b', 'c']);
  });

  it('drops a repeated span and a definition inside one already kept; a class replaces its method found first', () => {
    const method = piece({ title: 'evict', startLine: 5, endLine: 9 });
    const cls = piece({ title: 'Cache', startLine: 2, endLine: 20 });
    const again = piece({ title: 'evict2', startLine: 5, endLine: 9 });
    const other = piece({ title: 'other', fileName: 'b.ts', startLine: 5, endLine: 9 });
    const got = dedupPieces([method, other, cls, again]).map((p) => p.title);
    assert.deepEqual(got, ['Cache', 'other']);
    assert.deepEqual(dedupPieces([cls, method]).map((p) => p.title), ['Cache']);
  });
});

describe('context: budget', () => {
  it('cuts a definition at a line boundary: signature kept, the rest counted in a marker', () => {
    const text = 'function evict(store, policy) {\n  a b c d\n  e f g h\n  i j k l\n}';
    assert.equal(cutToTokens(text, 100, words), text, 'fits whole');
    const cut = cutToTokens(text, 14, words)!;
    assert.equal(cut, `function evict(store, policy) {\n  a b c d\n${cutMarker(3)}`);
    assert.ok(words.count(cut) <= 14);
    assert.equal(cutToTokens(text, 3, words), undefined, 'not even the signature fits');
  });

  it('takes pieces in order within the budget, cuts the one that overflows, lets smaller later ones in', () => {
    const big = piece({ title: 'big', text: Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n') });
    const small = piece({ title: 'small', text: 'one two' });
    const huge = piece({ kind: 'imports', title: 'huge', text: 'w '.repeat(500) });
    const small2 = { ...small, title: 'small2' };
    const { pieces, dropped } = fitToBudget([small, huge, small2, big], 60, words, () => 2);
    assert.deepEqual(pieces.map((p) => p.title), ['small', 'small2', 'big']);
    assert.equal(dropped, 1, 'imports are never cut, only dropped');
    assert.match(pieces[2].text, /^line 0\nline 1\n[\s\S]*more lines not sent\)$/);
    const used = pieces.reduce((n, p) => n + words.count(p.text) + 2, 0);
    assert.ok(used <= 60, `${used} tokens used of 60`);
  });

  it('the rendered section never exceeds maxTokens, at any budget', () => {
    const found = Array.from({ length: 12 }, (_, i) => piece({ title: `f${i}`, fileName: `m${i}.ts`, distance: i, text: `function f${i}() {\n${'  doSomething();\n'.repeat(i * 3)}}` }));
    for (const max of [0, 20, 50, 120, 300, 1000, 5000]) {
      const got = selectContext(found, { maxTokens: max, language: 'typescript', counter: approximateCounter });
      const rendered = approximateCounter.count(renderContextSection(got.pieces, 'typescript'));
      assert.equal(got.tokens, rendered);
      assert.ok(rendered <= max, `${rendered} tokens for a budget of ${max}`);
    }
    assert.equal(selectContext(found, { maxTokens: 5000, language: 'ts', counter: approximateCounter }).pieces.length, 12);
  });

  it('a zero budget sends nothing', () => {
    const got = selectContext([piece({})], { maxTokens: 0, language: 'ts', counter: approximateCounter });
    assert.deepEqual(got.pieces, []);
    assert.equal(got.tokens, 0);
  });
});

describe('context: deadline', () => {
  /** Timers the test fires by hand. */
  function manualTimers() {
    const pending = new Map<number, () => void>();
    let next = 0;
    const timers: Timers = {
      setTimeout: (fn) => (pending.set(++next, fn), next),
      clearTimeout: (h) => void pending.delete(h as number),
    };
    return { timers, fire: () => [...pending.values()].forEach((f) => f()), pending };
  }

  it('returns at the bound when the work never settles, and as soon as it settles otherwise', async () => {
    const t = manualTimers();
    const hung = settleWithin(new Promise(() => undefined), 1000, undefined, t.timers);
    assert.equal(t.pending.size, 1);
    t.fire();
    assert.equal(await hung, 'timeout');
    const t2 = manualTimers();
    assert.equal(await settleWithin(Promise.reject(new Error('server crashed')), 1000, undefined, t2.timers), 'done');
    assert.equal(t2.pending.size, 0, 'the timer is cleared');
  });

  it('a cancelled request stops waiting at once', async () => {
    const t = manualTimers();
    const ac = new AbortController();
    const waiting = settleWithin(new Promise(() => undefined), 1000, ac.signal, t.timers);
    ac.abort();
    assert.equal(await waiting, 'cancelled');
    assert.equal(t.pending.size, 0);
  });
});

describe('context: in the prompt', () => {
  it('follows the code in the user message, and the turn carries the exact messages and chips', () => {
    const context = selectContext([
      piece({ title: 'evict', fileName: 'src/cache.ts', startLine: 12, endLine: 14, text: 'export function evict() {\n  return 1;\n}' }),
      piece({ kind: 'diagnostic', title: 'Error', fileName: 'src/a.ts', startLine: 3, endLine: 3, text: "Type 'string' is not assignable to type 'number'. (ts 2322)" }),
      piece({ kind: 'imports', title: 'imports', fileName: 'src/a.ts', text: "import { evict } from './cache';" }),
    ], { maxTokens: 4000, language: 'typescript', counter: approximateCounter });
    const p = buildExplainPrompt({ code: 'evict();', language: 'typescript', fileName: 'src/a.ts', startLine: 3, endLine: 3, context });
    assert.equal(p.content, [
      'Explain this code.\n\nThe typescript code from `src/a.ts` (line 3):\n\n```typescript\nevict();\n```',
      'Context from the workspace, for reference (explain the code above, not this):',
      "Error in the selection (`src/a.ts`, line 3): Type 'string' is not assignable to type 'number'. (ts 2322)",
      "Imports of `src/a.ts` used by the selection:\n```typescript\nimport { evict } from './cache';\n```",
      'Definition of `evict` (`src/cache.ts`, lines 12–14):\n```typescript\nexport function evict() {\n  return 1;\n}\n```',
    ].join('\n\n'));
    assert.equal(p.sent?.user, p.content);
    assert.deepEqual(p.sent?.chips.map((c) => c.label), ['1 definition', '1 error', 'imports']);
    assert.ok(p.sent!.chips.every((c) => c.tokens > 0));
  });
});
