/**
 * The incremental markdown renderer in real headless Chromium, through the real panel (dist/webview.js) under the
 * real webview CSP, driven by protocol messages.
 */
import * as assert from 'node:assert/strict';
import { panelPerTest, type PanelPage } from './harness';
import { AnswerGenerator } from '../../bench/answerGenerator';
import { delta, deltas, end, PY_BLOCK, start, TS_BLOCK } from './fixtures';

const ANSWER_MD = [
  '## How it works',
  '',
  'The bucket *refills* at a **fixed rate**, see `refill()` and ~~not~~ the [MDN docs](https://developer.mozilla.org/).',
  '',
  '1. Compute `elapsed`.',
  '2. Add tokens:',
  '   - capped at `capacity`',
  '',
  '| Field | Meaning | Unit |',
  '|:--|:-:|--:|',
  '| `tokens` | what is left | 1 |',
  '',
  '> Note: time is wall-clock.',
  '',
  '---',
  '',
  TS_BLOCK,
  '',
  'Done.',
].join('\n');

describe('the markdown renderer in headless Chromium', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  it('renders GFM: headings, emphasis, inline code, strikethrough, links, lists, tables, quotes, rules, fenced code', async () => {
    await panel.send(start('t1'), delta('t1', ANSWER_MD), end('t1'));
    const a = panel.answer('t1');
    assert.equal(await a.locator('h2').textContent(), 'How it works');
    assert.equal(await a.locator('p em').first().textContent(), 'refills');
    assert.equal(await a.locator('p strong').first().textContent(), 'fixed rate');
    assert.equal(await a.locator('p > code').first().textContent(), 'refill()');
    assert.equal(await a.locator('p s').textContent(), 'not');
    assert.equal(await a.locator('a').first().getAttribute('href'), 'https://developer.mozilla.org/');
    assert.equal(await a.locator('ol > li').count(), 2);
    assert.equal(await a.locator('ol > li ul > li').textContent(), 'capped at capacity');
    assert.deepEqual(await panel.$$eval('[data-turn-id=t1] th', '(ths) => ths.map((t) => t.className)'), ['align-left', 'align-center', 'align-right']);
    assert.equal(await a.locator('td code').textContent(), 'tokens');
    assert.match((await a.locator('blockquote').textContent())!, /time is wall-clock/);
    assert.equal(await a.locator('hr').count(), 1);
    const code = a.locator('[data-role=code-block]');
    assert.equal(await code.locator('[data-role=code-lang]').getAttribute('data-label'), 'TypeScript');
    assert.ok((await code.locator('.hljs-keyword').count()) > 3, 'the code is highlighted');
    assert.equal(await code.locator('pre code').textContent(), TS_BLOCK.split('\n').slice(1, -1).join('\n') + '\n');
    assert.equal(await a.locator('p').last().textContent(), 'Done.');
  });

  it('completed blocks keep their DOM nodes, untouched, while later tokens arrive', async () => {
    await panel.send(start('t1'));
    await panel.stream(deltas('t1', '# Title\n\nFirst paragraph, complete.\n\n- item one\n- item two\n\nNext para', 4));
    // Keep references to the completed blocks, and watch them for any change.
    await panel.eval(`(() => {
      const blocks = [...document.querySelectorAll('[data-turn-id=t1] [data-role=answer] > .md-chunk > .md-block')];
      window.__kept = blocks;
      window.__keptHtml = blocks.map((b) => b.outerHTML);
      window.__mutations = 0;
      const mo = new MutationObserver((records) => { window.__mutations += records.length; });
      for (const b of blocks) mo.observe(b, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    assert.equal(await panel.eval('window.__kept.length'), 2, 'heading and first paragraph are complete; the list may still grow');
    await panel.stream(deltas('t1', 'graph goes on.\n\n```ts\nconst x = 1;\n```\n\nAnd more text after it.', 3));
    await panel.send(end('t1'));
    assert.equal(await panel.eval(`(() => {
      const now = [...document.querySelectorAll('[data-turn-id=t1] [data-role=answer] > .md-chunk > .md-block')];
      return window.__kept.every((b, i) => b.isConnected && now[i] === b && b.outerHTML === window.__keptHtml[i]);
    })()`), true, 'the same nodes, with the same content');
    assert.equal(await panel.eval('window.__mutations'), 0, 'no mutation inside a completed block');
    assert.equal(await panel.answer('t1').locator('h1').textContent(), 'Title');
  });

  it('a long answer stays cheap to lay out: blocks scrolled out of view are skipped by rendering, in groups, none ever moved', async () => {
    await panel.send(start('t1'));
    await panel.eval(`(() => {
      window.__moved = 0;
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.removedNodes) if (n.matches && n.matches('.md-block, .code-block')) window.__moved++;
      }).observe(document.querySelector('[data-turn-id=t1] [data-role=answer]'), { subtree: true, childList: true });
    })()`);
    const paragraphs = Array.from({ length: 70 }, (_, i) => (i % 10 === 9 ? `\`\`\`js\nlet n = ${i};\n\`\`\`` : `Paragraph ${i}.`));
    await panel.stream(deltas('t1', paragraphs.join('\n\n'), 7));
    await panel.send(end('t1'));
    const chunks = await panel.eval<number[]>(`[...document.querySelectorAll('[data-turn-id=t1] [data-role=answer] > *')]
      .map((c) => c.matches('.md-chunk') ? c.children.length : -1)`);
    // What the user gets: every block, in order, and off-screen ones cost no rendering work (content-visibility)
    // while the end of the answer, where the reader is, is rendered.
    assert.deepEqual(await panel.eval(`[...document.querySelectorAll('[data-turn-id=t1] [data-role=answer] p, [data-turn-id=t1] [data-role=answer] pre code')]
      .map((e) => e.textContent.trim())`), paragraphs.map((p) => p.replace(/^```js\n|\n```$/g, '')));
    assert.equal(await panel.eval('window.__moved'), 0, 'no completed block was ever taken out');
    const rendered = await panel.eval<boolean[]>(`[...document.querySelectorAll('[data-turn-id=t1] [data-role=answer] p')]
      .map((p) => p.checkVisibility({ contentVisibilityAuto: true }))`);
    assert.equal(rendered[0], false, 'the first paragraph, far above the view, is skipped by rendering');
    assert.equal(rendered.at(-1), true, 'the last one, in view, is rendered');
    // Skipping a block at a time still made every frame's layout walk past every block: they are grouped (32 to a
    // group) so a whole group off screen is skipped as one, and a frame's work stops growing with the answer's length.
    assert.deepEqual(chunks, [32, 32, 6], 'groups of 32 blocks, the answer holds nothing else');
  });

  it('re-renders the tail at most once per animation frame, however many deltas arrive', async () => {
    await panel.send(start('t1'));
    const words = Array.from({ length: 300 }, (_, i) => `w${i} `);
    await panel.eval(`(() => {
      window.__batches = 0; window.__frames = 0; window.__counting = true;
      const tick = () => { if (window.__counting) { window.__frames++; window.__rawRaf(tick); } };
      window.__rawRaf(tick);
      new MutationObserver(() => { window.__batches++; })
        .observe(document.querySelector('[data-turn-id=t1] [data-role=answer]'), { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    await panel.stream(words.map((w) => delta('t1', w)));
    const { batches, frames } = await panel.eval<{ batches: number; frames: number }>('(() => { window.__counting = false; return { batches: window.__batches, frames: window.__frames }; })()');
    assert.ok(batches <= frames + 1, `${batches} DOM updates for 300 deltas over ${frames} frames`);
    assert.ok(batches < 300 / 2, `${batches} DOM updates for 300 deltas: not once per delta`);
    assert.equal((await panel.answer('t1').textContent())!.trim(), words.join('').trim());
  });

  it('a code block streamed in 1-character deltas ends identical to the same block rendered at once', async () => {
    const text = `Intro.\n\n${TS_BLOCK}\n\n${PY_BLOCK}\n\n\`\`\`mermaid\ngraph TD;\n  A-->B;\n\`\`\`\n\nEnd.`;
    await panel.send(start('once'), delta('once', text), end('once'));
    await panel.send(start('chars'));
    await panel.stream(deltas('chars', text), { everyFrame: true });
    await panel.send(end('chars'));
    const blocks = (id: string) => panel.$$eval<string[]>(`[data-turn-id=${id}] [data-role=code-block]`, '(bs) => bs.map((b) => b.outerHTML)');
    const once = await blocks('once');
    assert.equal(once.length, 3);
    assert.deepEqual(await blocks('chars'), once);
    assert.equal(await panel.answer('chars').innerHTML(), await panel.answer('once').innerHTML(), 'the whole answer too');
    // And both equal the block restored from history (rendered in one go when the panel is re-opened).
    await panel.send({ type: 'history', turns: [{ turnId: 'h', prompt: { text: 'q' }, provider: 'openai', model: 'm', state: 'done', text }] });
    assert.deepEqual(await blocks('h'), once);
  });

  it('a long generated answer ends with the same DOM streamed in random pieces, sent at once, or restored from history', async () => {
    const text = new AnswerGenerator(11).answer(12_000);
    let seed = 7;
    const pieces: string[] = [];
    for (let i = 0; i < text.length;) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const n = 1 + (seed % 40);
      pieces.push(text.slice(i, i + n));
      i += n;
    }
    const html = (id: string) => panel.answer(id).innerHTML();
    await panel.send(start('streamed'));
    await panel.stream(pieces.map((p) => delta('streamed', p)));
    await panel.send(end('streamed'), start('once'), delta('once', text), end('once'));
    const expected = await html('streamed');
    assert.ok((await panel.answer('streamed').locator('[data-role=code-block]').count()) > 3);
    assert.equal(await html('once'), expected, 'sent at once');
    await panel.send({ type: 'history', turns: [
      { turnId: 'h1', prompt: { text: 'q' }, provider: 'openai', model: 'm', state: 'done', text },
      { turnId: 'h2', prompt: { text: 'q' }, provider: 'openai', model: 'm', state: 'cancelled', text },
    ] });
    for (const id of ['h1', 'h2']) assert.equal(await html(id), expected, `restored: ${id}`);
  });

  it('an open code fence grows by appending highlighted lines: earlier lines are never re-highlighted', async () => {
    await panel.send(start('t1'), delta('t1', 'Code:\n\n```ts\n'));
    await panel.eval(`(() => {
      window.__removed = 0;
      window.__code = document.querySelector('[data-turn-id=t1] [data-role=code-block] pre code');
      new MutationObserver((rs) => { for (const r of rs) for (const n of r.removedNodes) if (n.nodeType === 1 && n.classList.contains('code-seg')) window.__removed++; })
        .observe(window.__code, { childList: true, subtree: true });
    })()`);
    const lines = Array.from({ length: 30 }, (_, i) => `const v${i} = compute(${i}, "s"); // note ${i}\n`).join('');
    await panel.stream(deltas('t1', lines, 5), { everyFrame: true });
    assert.equal(await panel.eval('window.__removed'), 0, 'no highlighted line was removed or redone');
    assert.equal(await panel.eval('window.__code.querySelectorAll(".code-seg").length'), 30, 'one highlighted segment per line');
    assert.equal(await panel.eval('window.__code === document.querySelector("[data-turn-id=t1] [data-role=code-block] pre code")'), true);
  });

  it('code block buttons appear once and are never re-created while the block streams', async () => {
    await panel.send(start('t1'), delta('t1', 'See:\n\n```py\n'));
    await panel.eval(`(() => {
      const block = document.querySelector('[data-turn-id=t1] [data-role=code-block]');
      window.__head = block.querySelector('.code-head');
      window.__copy = block.querySelector('[data-role=copy-code]');
      window.__headChanges = 0;
      new MutationObserver((rs) => { window.__headChanges += rs.length; })
        .observe(window.__head, { childList: true, subtree: true, attributes: true, characterData: true });
    })()`);
    await panel.stream(deltas('t1', Array.from({ length: 20 }, (_, i) => `x_${i} = ${i}\n`).join('') + '```\n\nAfter.', 2));
    await panel.send(end('t1'));
    assert.equal(await panel.eval('window.__copy === document.querySelector("[data-turn-id=t1] [data-role=copy-code]") && window.__copy.isConnected'), true);
    assert.equal(await panel.eval('window.__headChanges'), 0);
    assert.equal(await panel.answer('t1').locator('[data-role=copy-code]').count(), 1);
  });

  it('code blocks inside list items get the header too, and keep it while the list streams', async () => {
    await panel.send(start('t1'));
    await panel.stream(deltas('t1', '1. Install:\n   ```bash\n   npm i zod\n', 4));
    const before = await panel.eval('document.querySelector("[data-turn-id=t1] [data-role=copy-code]")?.isConnected === true');
    assert.equal(before, true);
    await panel.eval('window.__btn = document.querySelector("[data-turn-id=t1] [data-role=copy-code]")');
    await panel.stream(deltas('t1', '   npm test\n   ```\n2. Run it.\n', 4));
    assert.equal(await panel.eval('window.__btn === document.querySelector("[data-turn-id=t1] [data-role=copy-code]")'), true, 'the tail morph kept the button');
    await panel.send(end('t1'));
    assert.equal(await panel.answer('t1').locator('li [data-role=code-block] [data-role=code-lang]').getAttribute('data-label'), 'Bash');
  });

  it('a long open list, rendered item by item from cached pieces, is the same DOM as the list rendered whole', async () => {
    // Tight, then loose (a blank line makes every item's text a paragraph), with nested code and a sub-list.
    const steps = [
      '1. First `a`.\n2. Second **b**.\n',
      '3. Third, with code:\n\n   ```ts\n   const x: number = 1; // one\n   ```\n',
      '4. Fourth [link](https://example.com/x).\n   - sub one\n   - sub two\n',
      '5. Fifth.\n\n   ```py\n   def f(x):\n       return x * 2\n   ```\n',
    ];
    const visible = (id: string, sel: string) => panel.eval<string>(`(() => {
      const n = document.querySelector('[data-turn-id=${id}] ${sel}').cloneNode(true);
      n.querySelectorAll('[data-role=cursor]').forEach((c) => c.remove());
      return n.innerHTML;
    })()`);
    await panel.send(start('s'));
    let text = '';
    for (const [i, step] of steps.entries()) {
      text += step;
      await panel.stream(deltas('s', step, 3), { everyFrame: true });
      await panel.send(start(`w${i}`), delta(`w${i}`, text), end(`w${i}`));
      assert.equal(await visible('s', '[data-role=tail]'), await visible(`w${i}`, '.md-block'), `after step ${i + 1}`);
    }
    // Mid-line in a nested fence: the line being typed is plain text, the text is all there.
    await panel.stream(deltas('s', '6. Sixth:\n   ```js\n   let y = "ha', 3), { everyFrame: true });
    assert.match(await panel.eval<string>('document.querySelector("[data-turn-id=s] [data-role=tail]").textContent'), /let y = "ha$/);
  });

  it('incomplete markdown in the tail renders sensibly while it streams', async () => {
    await panel.send(start('t1'), delta('t1', 'This is **importa'));
    const a = panel.answer('t1');
    assert.equal(await a.locator('strong').textContent(), 'importa', 'an unclosed ** shows as bold, not as asterisks');
    await panel.send(delta('t1', 'nt**. See [the docs](https://developer.mozi'));
    assert.equal(await a.locator('a').count(), 0, 'no link to a half URL');
    assert.match((await a.textContent())!, /See the docs$/);
    await panel.send(delta('t1', 'lla.org/) and `fetch(ur'));
    assert.equal(await a.locator('a').getAttribute('href'), 'https://developer.mozilla.org/');
    assert.equal(await a.locator('code').last().textContent(), 'fetch(ur');
    await panel.send(delta('t1', 'l)`.\n\n- '));
    assert.equal(await a.locator('li').count(), 0, 'a bare list marker is held back');
    await panel.send(delta('t1', 'first\n\n```ts\nconst a'));
    assert.equal(await a.locator('[data-role=code-block] pre code').textContent(), 'const a', 'an open fence shows as code at once');
    assert.equal(await panel.$eval('[data-turn-id=t1] [data-role=answer]', '(e) => e.innerHTML.includes("&lt;") || e.textContent.includes("**")'), false, 'no raw markup or escaped tags visible');
    await panel.send(end('t1', 'cancelled'));
    assert.equal(await a.locator('[data-role=code-block] pre code').textContent(), 'const a\n', 'the partial code is kept');
    assert.equal(await panel.turn('t1').locator('[data-role=turn-marker]').textContent(), 'Stopped');
  });

  it('shows a blinking cursor where the text ends while streaming, and none when done', async () => {
    await panel.send(start('t1'));
    const cursor = panel.turn('t1').locator('[data-role=cursor]');
    assert.equal(await cursor.count(), 1, 'a cursor before the first token');
    await panel.send(delta('t1', 'Hello **there'));
    const cursorSel = '[data-turn-id=t1] [data-role=cursor]';
    assert.equal(await panel.$eval(cursorSel, '(c) => c.parentElement.tagName'), 'STRONG', 'right after the (bold) text being written');
    assert.match(await panel.$eval<string>(cursorSel, '(c) => getComputedStyle(c, "::after").content'), /▍/);
    await panel.send(delta('t1', '**\n\n```js\nlet x'));
    assert.equal(await panel.$eval(cursorSel, '(c) => c.parentElement.tagName'), 'CODE', 'inside the open code block');
    await panel.send(end('t1'));
    assert.equal(await panel.page.locator('[data-role=cursor]').count(), 0);
  });

  it('the cursor is steady while text flows and blinks by its colour once none has come for a second (a blink all through the stream cost a style recalc and paint every frame; an opacity blink was a compositor layer)', async () => {
    await panel.send(start('t1'), delta('t1', 'Hello'));
    const cursorAnimations = `document.getAnimations()
      .filter((a) => a.effect && a.effect.pseudoElement === '::after' && a.effect.target.matches('[data-role=cursor]'))
      .map((a) => a.effect.getKeyframes().flatMap((k) => Object.keys(k).filter((p) => !['offset', 'easing', 'composite', 'computedOffset'].includes(p))))`;
    assert.deepEqual(await panel.eval<string[][]>(cursorAnimations), [], 'no animation while text is arriving');
    await panel.until(`document.querySelector('[data-turn-id=t1] [data-role=answer]').dataset.idle === 'true'`, 'the answer marked idle');
    const animated = await panel.eval<string[][]>(cursorAnimations);
    assert.equal(animated.length, 1, 'idle: the cursor blinks');
    assert.ok(animated[0].includes('color'), `it animates its colour: ${animated[0].join(', ')}`);
    assert.ok(!animated[0].includes('opacity'), `and not its opacity: ${animated[0].join(', ')}`);
    await panel.send(delta('t1', ' again'));
    assert.deepEqual(await panel.eval<string[][]>(cursorAnimations), [], 'text again: steady again');
    assert.equal(await panel.$eval('[data-turn-id=t1] [data-role=answer]', '(a) => a.dataset.idle'), undefined);
    await panel.send(end('t1'));
    await panel.page.waitForTimeout(1200);
    assert.equal(await panel.$eval('[data-turn-id=t1] [data-role=answer]', '(a) => a.dataset.idle'), undefined, 'an ended answer is never marked idle');
  });

  it('leaves the cursor in place while the text it follows grows (its blink is not restarted every frame)', async () => {
    await panel.send(start('t1'), delta('t1', 'Hello'));
    await panel.eval(`(() => {
      const cursor = document.querySelector('[data-turn-id=t1] [data-role=cursor]');
      window.__cursorMoves = 0;
      new MutationObserver((records) => { for (const r of records) if ([...r.removedNodes].includes(cursor)) window.__cursorMoves++; })
        .observe(document.querySelector('[data-turn-id=t1] [data-role=answer]'), { subtree: true, childList: true });
    })()`);
    await panel.stream(deltas('t1', ' there, this paragraph keeps growing word by word for a while.', 2));
    assert.equal(await panel.eval('window.__cursorMoves'), 0, 'same paragraph: the cursor never taken out');
    await panel.stream(deltas('t1', ' Now **bold', 2));
    const cursorSel = '[data-turn-id=t1] [data-role=cursor]';
    assert.equal(await panel.$eval(cursorSel, '(c) => c.parentElement.tagName'), 'STRONG', 'it follows the text into new markup');
    assert.equal(await panel.$eval(cursorSel, '(c) => c.nextSibling'), null, 'and stays at its end');
    await panel.stream(deltas('t1', '** done.\n\nNext paragraph', 3));
    assert.equal(await panel.$eval(cursorSel, '(c) => c.parentElement.textContent'), 'Next paragraph');
  });

  it('an interrupted turn whose text differs from what streamed is re-rendered from the host text', async () => {
    await panel.send(start('t1'), delta('t1', 'Partial *answ'));
    await panel.send({ type: 'turn-error', turnId: 't1', partialText: 'Different **text** kept.', error: { kind: 'network', message: 'The connection dropped.', retryable: true } });
    const a = panel.answer('t1');
    assert.equal(await a.textContent(), 'Different text kept.');
    assert.equal(await a.locator('strong').textContent(), 'text');
    assert.match((await panel.turn('t1').locator('[data-role=turn-marker]').textContent())!, /^Interrupted/);
    assert.equal(await panel.turn('t1').locator('[data-role=retry]').count(), 1);
  });
});
