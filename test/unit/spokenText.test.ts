/** What a screen reader hears of a streaming answer (src/webview/a11y/spokenText.ts): whole units, never mid-word. */
import * as assert from 'node:assert/strict';
import { plainInline, SpokenStream, spokenText } from '../../src/webview/a11y/spokenText';

/** Streams `text` in pieces of `size` characters; returns every unit spoken, in order, with the piece that freed it. */
function stream(text: string, size: number): { units: string[]; at: number[] } {
  const s = new SpokenStream();
  const units: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < text.length; i += size) {
    for (const u of s.push(text.slice(i, i + size))) { units.push(u); at.push(i + size); }
  }
  for (const u of s.end()) { units.push(u); at.push(text.length); }
  return { units, at };
}

const ANSWER = [
  '## What it does',
  '',
  'The method refills the bucket first. Then it takes `cost` tokens, if **enough** are left!',
  'Otherwise it returns false (e.g. when empty).',
  '',
  '- It uses [Date.now()](https://example.com/now) for time.',
  '- It never blocks.',
  '',
  '```ts',
  'const a = 1;',
  'const b = 2;',
  '```',
  '',
  '| Field | Meaning |',
  '|---|---|',
  '| tokens | what is left |',
  '',
  'That is all.',
].join('\n');

const UNITS = [
  'What it does',
  'The method refills the bucket first.',
  'Then it takes cost tokens, if enough are left!',
  'Otherwise it returns false (e.g. when empty).',
  'It uses Date.now() for time.',
  'It never blocks.',
  'code block, 2 lines, ts',
  'Field, Meaning',
  'tokens, what is left',
  'That is all.',
];

describe('spoken text of a streaming answer', () => {
  it('speaks whole sentences, headings, items, rows and a code block summary, whatever the delta size', () => {
    for (const size of [1, 2, 3, 7, 16, 1000]) assert.deepEqual(stream(ANSWER, size).units, UNITS, `deltas of ${size}`);
  });

  it('speaks a sentence as soon as the space after it arrives, not at the end of its paragraph', () => {
    const text = 'The method refills the bucket first. Then it takes tokens';
    const { units, at } = stream(text, 1);
    assert.deepEqual(units, ['The method refills the bucket first.', 'Then it takes tokens']);
    assert.equal(at[0], text.indexOf(' Then') + 1, 'freed by the space after the period');
    assert.equal(at[1], text.length, 'the unfinished sentence waits for the end');
  });

  it('a code block is summarised when its fence closes, with its line count and language, never its code', () => {
    const { units } = stream('Look:\n\n```python\nx = 1. y = 2. z\nprint(x)\nprint(y)\n```\nDone.', 1);
    assert.deepEqual(units, ['Look:', 'code block, 3 lines, python', 'Done.']);
    assert.deepEqual(stream('```\none line\n```\n', 1).units, ['code block, 1 line']);
  });

  it('an unclosed code block at the end is still summarised', () => {
    assert.deepEqual(stream('Here:\n```js\nf();\ng();', 2).units, ['Here:', 'code block, 2 lines, js']);
  });

  it('a line is not spoken before its kind is known (a fence, a heading, a numbered item)', () => {
    const s = new SpokenStream();
    assert.deepEqual(s.push('Intro. '), ['Intro.']);
    assert.deepEqual(s.push('\n``'), []);
    assert.deepEqual(s.push('`ts\nconst x. y = 1;\n'), [], 'inside a fence nothing is spoken');
    assert.deepEqual(s.push('```\n1'), ['code block, 1 line, ts']);
    assert.deepEqual(s.push('. First item. Sec'), ['First item.']);
    assert.deepEqual(s.end(), ['Sec']);
  });

  it('never splits inside inline code or a link text, nor after an abbreviation', () => {
    assert.deepEqual(stream('Call `a. b` now. See [the. docs](u) too. Use it, i.e. always. End', 1).units,
      ['Call a. b now.', 'See the. docs too.', 'Use it, i.e. always.', 'End']);
  });

  it('plain inline text: no emphasis marks, backticks or URLs', () => {
    assert.equal(plainInline('**bold** and *it* and _u_ and `code` and [link](https://x.y) and snake_case_name'), 'bold and it and u and code and link and snake_case_name');
  });

  it('the whole answer spoken at once equals the streamed units joined', () => {
    assert.equal(spokenText(ANSWER), UNITS.join(' '));
  });
});
