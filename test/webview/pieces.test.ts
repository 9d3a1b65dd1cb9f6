/**
 * The panel renders the open tail, and the blocks it completes, from cached pieces (src/webview/markdown/
 * pieceRenderer.ts). That must be the same DOM as rendering the markdown whole, for any markdown: checked here on
 * generated answers, their prefixes cut anywhere, the renderer's own samples and the XSS payloads, in Chromium.
 */
import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AnswerGenerator } from '../../bench/answerGenerator';
import { launchChromium, ORIGIN, servePanel } from './harness';
import { PAYLOADS } from './payloads';
import { PY_BLOCK, TS_BLOCK } from './fixtures';

const ROOT = path.join(__dirname, '..', '..');

describe('markdown rendered from cached pieces is the markdown rendered whole (headless Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let script: string;

  before(async () => {
    script = path.join(os.tmpdir(), `stream-explain-pieces-${process.pid}.js`);
    await esbuild.build({ entryPoints: [path.join(__dirname, 'piecesEntry.ts')], bundle: true, outfile: script, platform: 'browser', format: 'iife', logLevel: 'error' });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.addInitScript({ content: 'window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });' });
    await servePanel(page, { script: path.relative(ROOT, script) });
    await page.goto(`${ORIGIN}/`);
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(script, { force: true });
  });

  /** Renders each source both ways (pieces twice: cold, then from the cache) and returns the ones that differ. */
  async function differences(sources: string[], open = false): Promise<string[]> {
    return page.evaluate(`(${JSON.stringify(sources)}).filter((s) => {
      const whole = window.__render.whole(s);
      return window.__render.pieces(s, ${open}) !== whole || window.__render.pieces(s, ${open}) !== whole;
    })`) as Promise<string[]>;
  }

  it('whole generated answers (prose, lists with code, tables, quotes, headings)', async () => {
    const answers = [1, 2, 3, 4].map((seed) => new AnswerGenerator(seed).answer(4000));
    assert.deepEqual(await differences(answers), []);
  });

  it('prefixes of an answer cut at 300 places, mid-word, mid-fence and mid-list included', async () => {
    const text = new AnswerGenerator(9).answer(6000);
    const cuts = Array.from({ length: 300 }, (_, i) => Math.round(((i + 1) * text.length) / 301));
    assert.deepEqual(await differences(cuts.map((c) => text.slice(0, c))), []);
  });

  it('open tails ending at a line end render their code the same as complete ones', async () => {
    const text = new AnswerGenerator(5).answer(3000);
    const lineEnds = [...text.matchAll(/\n/g)].map((m) => m.index + 1).filter((_, i) => i % 3 === 0);
    assert.deepEqual(await differences(lineEnds.map((c) => text.slice(0, c)), true), []);
  });

  it('the open tail morphed frame by frame from lazy pieces (stubs) ends each frame as the pieces rendered at once', async () => {
    // Prefixes in order, as a stream delivers them, then some out of order (a reset or a mended preview going back).
    const text = new AnswerGenerator(11).answer(5000);
    const cuts = Array.from({ length: 400 }, (_, i) => Math.round(((i + 1) * text.length) / 401));
    const sources = [...cuts, ...cuts.slice(0, 40).reverse()].map((c) => text.slice(0, c));
    assert.deepEqual(await page.evaluate(`window.__render.morphed(${JSON.stringify(sources)})`), []);
  });

  it('the streaming renderer, frame by frame, shows what a fresh render of the same text shows; added words are appended, not re-sanitised: fewer than one frame in five takes the full path', async () => {
    // Token-sized deltas (1–6 characters), one per frame: most frames only add words to the last paragraph or item,
    // which are appended to its text node (tailAppend.ts) instead of rendering and sanitising its HTML again.
    const text = new AnswerGenerator(3).answer(4000);
    let seed = 5;
    const deltas: string[] = [];
    for (let i = 0; i < text.length;) {
      seed = (seed * 16807) % 2147483647;
      const n = 1 + (seed % 6);
      deltas.push(text.slice(i, i + n));
      i += n;
    }
    const { differ, sanitised, fullFrames, parsedFrames } = await page.evaluate(`window.__render.incremental(${JSON.stringify(deltas)})`) as { differ: number[]; sanitised: number; fullFrames: number; parsedFrames: number };
    assert.deepEqual(differ.map((i) => deltas.slice(0, i + 1).join('').slice(-40)), []);
    // The README says about one frame in eight takes the full path (161 of 1,351 here; 176 before plain words skipped the parse).
    assert.ok(fullFrames < deltas.length / 5, `${fullFrames} of ${deltas.length} frames took the full path`);
    assert.ok(sanitised < deltas.length / 3, `${sanitised} HTML documents sanitised for ${deltas.length} frames`);
    // And most frames parse nothing: plain words added to a line shown as it is go straight to its text node
    // (plainAppend.ts; 306 of 1,351 frames parsed here when it was written, every frame before).
    assert.ok(parsedFrames < deltas.length / 3, `${parsedFrames} of ${deltas.length} frames parsed markdown`);
  });

  it('plain words appended without parsing: streamed a character at a time, markdown where the next characters could change what came before is rendered as a fresh render shows it', async () => {
    // Each sample is a case the unparsed path must leave to the parser (or handle exactly): bare URLs growing and
    // ending, e-mail addresses, entities, intraword emphasis, closing heading marks, table cells, reference
    // definitions and link titles, trailing and repeated spaces, letters outside the BMP, CJK, marks after code.
    const samples = [
      'See https://example.com/a.b and http://x.y/z, or (see http://x.com). Also www.example.com and //host.com/p.',
      'Mail me at someone@example.com or mailto:a@b.co today.',
      'Entities: &copy; &amp &#123; &#x41; and &nbsp;done, AT&T.',
      'Names like snake_case_name and _under_score_ and foo__bar__ stay as they are.',
      '# A heading #\n\n## Another ##  \n\nText after.',
      '| col a | col b |\n|---|---|\n| one | two words |\n| three | four |extra cell\nafter',
      '[ref]: https://example.com "Title here"\n\nSee [ref] and [other][ref] done.',
      'A [link](https://example.com "with a title") and [half](b "t") text, then [a](b c) d.',
      'Trailing spaces   \nand  double  spaces   inside,   then more.',
      'Math letters 𝑥 and 𝔸 with CJK 漢字かな and emoji 🎉 mixed in.',
      'Code `npm test` then words, `a` b, ``c`` d, and **bold**text, *em*more, ~~gone~~left.',
      '- item one, with words\n- item two (nested:\n  - deep item here\n- 2024. Year\n1) other list',
      '> quoted text grows\n> - quoted item words\n\n> ! bang? yes. "quotes" and \'single\' ones - dash.',
      'Escapes \\*not em\\* and a\\b, <b>raw</b> tag, a < b > c, <http://auto.link> end.',
      'Setext\n===\nMore\n---\nLine 1.\n2. not a list\n  four spaces then\n\n    indented code here',
    ];
    const failures: string[] = [];
    let parsed = 0;
    let frames = 0;
    for (const sample of samples) {
      const deltas = [...sample];
      const r = await page.evaluate(`window.__render.incremental(${JSON.stringify(deltas)})`) as { differ: number[]; parsedFrames: number };
      failures.push(...r.differ.map((i) => deltas.slice(0, i + 1).join('')));
      parsed += r.parsedFrames;
      frames += deltas.length;
    }
    assert.deepEqual(failures, []);
    // Not vacuous: many of these characters took the unparsed path.
    assert.ok(parsed < frames * 0.8, `${parsed} of ${frames} frames parsed markdown`);
  });

  it('memory stays bounded on a long answer: the render caches keep the pieces that stopped changing, not every version of the one that grows', async () => {
    // A fresh page: the caches hold nothing from the other tests.
    await page.reload();
    const words = Array.from({ length: 9 }, (_, i) => `word${i}`);
    const items = Array.from({ length: 30 }, (_, i) => `- item ${i}: ${words.join(' ')}`);
    const sources: string[] = [];
    items.forEach((item, i) => {
      for (let w = 1; w <= words.length; w++) sources.push([...items.slice(0, i), item.split(' ').slice(0, 2 + w).join(' ')].join('\n'));
    });
    type Sizes = Record<'prose' | 'seenPieces', { kept: number; recent: number }>;
    const sizes = await page.evaluate(`window.__render.streamed(${JSON.stringify(sources)})`) as Sizes;
    // 270 frames, 270 versions of the last item: only the 29 finished items and the list's shell stay. The numbers are
    // the behaviour: a cache that kept every version would hold ~270 entries here, and grow with every frame of a long
    // answer for as long as the panel lives; "recent" is the current and previous frame's pieces only.
    for (const cache of ['prose', 'seenPieces'] as const) {
      assert.ok(sizes[cache].kept >= 29 && sizes[cache].kept <= 35, `${cache}: ${sizes[cache].kept} kept`);
      assert.ok(sizes[cache].recent <= 4, `${cache}: ${sizes[cache].recent} recent`);
    }
  });

  it('lists that turn loose, nested lists, code in items, block quotes, and the XSS payloads', async () => {
    const samples = [
      '1. a\n2. b\n\n3. c\n',
      '- a\n  - b\n    - c\n- d\n',
      `1. Code:\n\n${TS_BLOCK.replace(/^/gm, '   ')}\n2. More:\n${PY_BLOCK.replace(/^/gm, '   ')}\n`,
      '> quote\n> - in a list\n>\n> ```js\n> x\n> ```\n',
      '| a | b |\n|:-|-:|\n| `c` | **d** |\n',
      '* [link](https://example.com) and ![img](https://example.com/i.png)\n* <b>raw</b>\n',
      ...PAYLOADS,
    ];
    assert.deepEqual(await differences(samples), []);
  });
});
