/**
 * The block splitter and the tail preview are pure: tested in plain Node (no browser), against markdown-it itself.
 * The key property: rendering the blocks the splitter emits, one by one, gives exactly what rendering the whole
 * answer at once gives — for any way the answer is cut into deltas.
 */
import * as assert from 'node:assert/strict';
import { AnswerGenerator, rng } from '../../bench/answerGenerator';
import { BlockSplitter, type SplitEvent } from '../../src/webview/markdown/blockSplitter';
import { md } from '../../src/webview/markdown/markdownParser';
import { mendInline, tailPreview } from '../../src/webview/markdown/tailPreview';

/** Renders split events the way the panel assembles them (a fence as the same fenced block, re-serialised). */
function renderEvents(events: SplitEvent[]): string {
  let html = '';
  let fence: { info: string; lines: string[] } | null = null;
  for (const e of events) {
    if (e.type === 'block') html += md.render(e.source);
    else if (e.type === 'fence-open') fence = { info: e.info, lines: [] };
    else if (e.type === 'fence-line') fence!.lines.push(e.text);
    else {
      const body = fence!.lines.map((l) => l + '\n').join('');
      const ticks = '`'.repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      html += md.render(`${ticks}${fence!.info}\n${body}${ticks}\n`);
      fence = null;
    }
  }
  return html;
}

function split(text: string, cuts: (text: string) => string[]): SplitEvent[] {
  const s = new BlockSplitter();
  const events: SplitEvent[] = [];
  for (const piece of cuts(text)) events.push(...s.push(piece));
  events.push(...s.finish());
  return events;
}

const whole = (t: string) => [t];
const chars = (t: string) => [...t];
const randomCuts = (seed: number) => (t: string) => {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < t.length;) {
    const n = 1 + Math.floor(r() * 12);
    out.push(t.slice(i, i + n));
    i += n;
  }
  return out;
};

const CASES: Record<string, string> = {
  'paragraphs and headings': '# Title\nIntro line one\nline two.\n\n## Part\nText *after* heading.\n\nLast.',
  'setext heading and rule': 'Title\n=====\n\nPara\n---\n\n***\n\nEnd',
  'tight list then paragraph': '- a\n- b\n- c\n\nAfter the list.',
  'loose list stays one list': '1. one\n\n2. two\n\n3. three\n\nDone.',
  'list with nested fence holding blank lines': '1. Run:\n   ```sh\n   npm i\n\n   npm test\n   ```\n2. Then:\n\n   more text\n\nAfter.',
  'list item interrupted by heading': '- a\n- b\n# H\ntext',
  'paragraph interrupted by fence': 'Look:\n```ts\nconst a = 1;\n```\nAfter.',
  'indented fence outside lists': 'Para\n  ```py\n  x = 1\n  ```\nend',
  'tilde fence with backticks inside': '~~~md\n```js\ninner\n```\n~~~\n\nok',
  'unclosed fence runs to the end': 'Start\n\n```python\ndef f():\n    return 1\n',
  'table then text': '| a | b |\n|---|--:|\n| 1 | 2 |\n\nText',
  'block quotes split by blank line': '> one\n> two\n\n> three\n\nplain',
  'indented code with blank lines': 'Para\n\n    code 1\n\n    code 2\n\nafter',
  'raw html stays text': '<div onclick="x">hi</div>\n\n<script>alert(1)</script>',
  'crlf line endings': 'a\r\nb\r\n\r\n- c\r\n- d\r\n',
  'thematic break made of stars after list': '- a\n- b\n\n* * *\n\ntext',
  'fence closing line without final newline': 'x\n\n```js\nlet a;\n```',
};

describe('block splitter (pure, against markdown-it)', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`renders blocks exactly like the whole answer: ${name}`, () => {
      const expected = md.render(text);
      for (const cuts of [whole, chars, randomCuts(7)]) assert.equal(renderEvents(split(text, cuts)), expected, cuts.name);
    });
  }

  it('renders generated realistic answers exactly like the whole answer, however the deltas are cut', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const text = new AnswerGenerator(seed).answer(3000);
      const expected = md.render(text);
      assert.equal(renderEvents(split(text, randomCuts(seed))), expected, `seed ${seed}`);
      if (seed <= 5) assert.equal(renderEvents(split(text, chars)), expected, `seed ${seed}, 1-char deltas`);
    }
  });

  it('completes a paragraph at its blank line, before anything else arrives', () => {
    const s = new BlockSplitter();
    assert.deepEqual(s.push('First paragraph.\n'), []);
    assert.equal(s.openBlock, 'First paragraph.\n');
    assert.deepEqual(s.push('\n'), [{ type: 'block', source: 'First paragraph.\n\n' }]);
    assert.equal(s.openBlock, '');
  });

  it('keeps a list open across blank lines until an unindented line that is not an item', () => {
    const s = new BlockSplitter();
    assert.deepEqual(s.push('- a\n\n- b\n\n'), []);
    assert.deepEqual(s.push('  still b\n\n'), []);
    assert.deepEqual(s.push('Next'), []);
    assert.deepEqual(s.push('\n'), [{ type: 'block', source: '- a\n\n- b\n\n  still b\n\n' }]);
  });

  it('streams a top-level fence as open, one event per complete line, close', () => {
    const s = new BlockSplitter();
    assert.deepEqual(s.push('Intro\n```ts title'), []);
    assert.deepEqual(s.push('\nconst a'), [{ type: 'block', source: 'Intro\n' }, { type: 'fence-open', info: 'ts title' }]);
    assert.equal(s.inFence, true);
    assert.equal(s.partialCodeLine, 'const a');
    assert.deepEqual(s.push(' = 1;\n``'), [{ type: 'fence-line', text: 'const a = 1;' }]);
    assert.equal(s.partialCodeLine, '', 'a line that may be the closing fence is not shown as code');
    assert.deepEqual(s.push('`\n'), [{ type: 'fence-close' }]);
    assert.equal(s.inFence, false);
  });

  it('removes the opening fence indentation from code lines', () => {
    assert.deepEqual(split('  ```\n    x\n  y\n  ```\n', whole).filter((e) => e.type === 'fence-line'), [
      { type: 'fence-line', text: '  x' }, { type: 'fence-line', text: 'y' },
    ]);
  });
});

describe('tail preview (what the open block shows while it streams)', () => {
  it('holds back an incomplete line made only of markers, or opening a fence', () => {
    assert.equal(tailPreview('Para\n-'), 'Para\n');
    assert.equal(tailPreview('Para\n--'), 'Para\n');
    assert.equal(tailPreview('| a |\n|--'), '| a |\n');
    assert.equal(tailPreview('- one\n- '), '- one\n');
    assert.equal(tailPreview('- one\n```py'), '- one\n');
    assert.equal(tailPreview('## '), '');
    assert.equal(tailPreview('- one\n- tw'), '- one\n- tw');
  });

  it('closes open emphasis, strikethrough and inline code, and drops bare openers', () => {
    assert.equal(mendInline('This is **bold'), 'This is **bold**');
    assert.equal(mendInline('This is **bold '), 'This is **bold**');
    assert.equal(mendInline('This is **'), 'This is ');
    assert.equal(mendInline('an *em'), 'an *em*');
    assert.equal(mendInline('**bold *both'), '**bold *both***');
    assert.equal(mendInline('~~gone'), '~~gone~~');
    assert.equal(mendInline('call `fetch(url'), 'call `fetch(url`');
    assert.equal(mendInline('call `'), 'call');
    assert.equal(mendInline('`a ** b` is **x'), '`a ** b` is **x**', 'markers inside code spans do not count');
    assert.equal(mendInline('a * b * c'), 'a * b * c', 'spaced asterisks are not emphasis');
    assert.equal(mendInline('**done** and *done*'), '**done** and *done*');
  });

  it('shows a link whose destination is still arriving as its text', () => {
    assert.equal(mendInline('See [the docs](https://developer.mozil'), 'See the docs');
    assert.equal(mendInline('See [the do'), 'See the do');
    assert.equal(mendInline('See [the docs]'), 'See [the docs]');
    assert.equal(mendInline('See [a](https://a.b) and'), 'See [a](https://a.b) and');
    assert.equal(mendInline('index a[i'), 'index a[i');
  });

  it('mends only the last paragraph', () => {
    assert.equal(tailPreview('- a **b\n\nnext *c'), '- a **b\n\nnext *c*');
  });

  it('leaves the code of a list item\'s open fence alone, and mends only after a fence closes', () => {
    assert.equal(tailPreview('1. Run:\n   ```js\n   let y = "a `b'), '1. Run:\n   ```js\n   let y = "a `b');
    assert.equal(tailPreview('- x:\n  ~~~\n  **not bold\n  ~~~\n  then *c'), '- x:\n  ~~~\n  **not bold\n  ~~~\n  then *c*');
  });
});
