/**
 * The panel without a mouse and through a screen reader's structure: labelled turn regions with headings, names and
 * aria-controls, the stats sentence; Escape stops, Alt+Up/Down move between answers, the focus is never taken while
 * the user types, Enter on a code block's Copy works; the visual rules (reduced motion, 200 % zoom).
 */
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, panelPerTest, PanelPage } from './harness';
import { delta, end, start, TS_BLOCK } from './fixtures';

describe('keyboard and structure (headless Chromium)', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));
  const focused = () => panel.eval<string>(`(() => { const a = document.activeElement; return (a.closest('[data-turn-id]')?.dataset.turnId ?? '') + ':' + (a.dataset.role ?? a.tagName); })()`);

  it('each turn is a region named by its question, with "Question" and "Answer from MODEL" headings; the stats read as words', async () => {
    await panel.send(start('t1'), delta('t1', 'It adds one.'), end('t1'));
    const turn = panel.turn('t1');
    assert.equal(await turn.evaluate((e) => e.tagName + ' ' + e.getAttribute('aria-label')), 'SECTION Question: Explain this code.');
    assert.deepEqual(await turn.locator('h2').allTextContents(), ['Question', 'Answer from gpt-4o-mini (openai)']);
    assert.equal(await turn.locator('[data-role=turn-stats]').getAttribute('aria-hidden'), 'true');
    assert.equal(await turn.locator('[data-role=turn-stats-spoken]').textContent(),
      '120 input and 48 output tokens, first token after 0.4 seconds, 38.7 tokens per second, cost 0.12 cents');
  });

  it('collapsible parts say whether they are open and what they control', async () => {
    const code = Array.from({ length: 12 }, (_, i) => `x${i}();`).join('\n');
    await panel.send(start('t1', { prompt: { text: 'Explain.', code } }), end('t1'), start('t2', { replaces: 't1' }));
    for (const role of ['toggle-attempt', 'toggle-code']) { // the earlier attempt first: its code is inside it
      const toggle = panel.page.locator(`[data-turn-id=t1] [data-role=${role}]`);
      const controls = await toggle.getAttribute('aria-controls');
      assert.ok(controls && (await panel.page.locator(`#${controls}`).count()) === 1, `${role} controls #${controls}`);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      await toggle.focus();
      await panel.page.keyboard.press('Enter');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true', `${role} opens with Enter`);
    }
  });

  it('Escape stops the streaming answer, from the question box too; with nothing streaming it sends nothing', async () => {
    await panel.send(start('t1'), delta('t1', 'Some'));
    await panel.page.locator('[data-role=ask-input]').focus();
    await panel.page.keyboard.press('Escape');
    assert.deepEqual((await panel.sent()).at(-1), { type: 'cancel', turnId: 't1' });
    await panel.send(end('t1', 'cancelled'));
    const count = (await panel.sent()).length;
    await panel.page.keyboard.press('Escape');
    assert.equal((await panel.sent()).length, count);
  });

  it('Alt+Up / Alt+Down walk the answers from the question box and back to it', async () => {
    await panel.send(start('t1'), end('t1'), start('t2'), end('t2'), start('t3'), delta('t3', 'x'));
    await panel.page.locator('[data-role=ask-input]').focus();
    const walk: string[] = [];
    for (const key of ['Alt+ArrowUp', 'Alt+ArrowUp', 'Alt+ArrowUp', 'Alt+ArrowUp', 'Alt+ArrowDown', 'Alt+ArrowDown', 'Alt+ArrowDown']) {
      await panel.page.keyboard.press(key);
      walk.push(await focused());
    }
    assert.deepEqual(walk, ['t3:answer-heading', 't2:answer-heading', 't1:answer-heading', 't1:answer-heading', 't2:answer-heading', 't3:answer-heading', ':ask-input']);
  });

  it('the focus stays in the question box while an answer streams and ends; Focus Question Box puts it there', async () => {
    await panel.send(start('t1'));
    await panel.page.locator('[data-role=ask-input]').focus();
    await panel.page.keyboard.type('Why');
    await panel.send(delta('t1', 'It adds.\n\n' + TS_BLOCK), end('t1'), start('t2'));
    await panel.page.keyboard.type(' not?');
    assert.equal(await focused(), ':ask-input');
    assert.equal(await panel.page.locator('[data-role=ask-input]').inputValue(), 'Why not?');
    await panel.page.locator('[data-turn-id=t1] [data-role=answer-heading]').focus();
    await panel.send({ type: 'focus-input' });
    assert.equal(await focused(), ':ask-input');
  });

  it('Tab reaches a code block\'s Copy, and Enter on it copies', async () => {
    await panel.send(start('t1'), delta('t1', 'Code:\n\n' + TS_BLOCK), end('t1'));
    await panel.page.locator('[data-turn-id=t1] [data-role=answer-heading]').focus();
    let role = '';
    for (let i = 0; i < 10 && role !== 't1:copy-code'; i++) {
      await panel.page.keyboard.press('Tab');
      role = await focused();
    }
    assert.equal(role, 't1:copy-code');
    await panel.page.keyboard.press('Enter');
    await panel.until(`document.querySelector('[data-role=copy-code]').getAttribute('aria-label') !== 'Copy'`, 'the copy feedback');
    assert.match((await panel.page.locator('[data-role=copy-code]').getAttribute('aria-label'))!, /^Cop(ied|y failed)$/);
  });
});

describe('visual: reduced motion and 200 % zoom (headless Chromium)', () => {
  let browser: Browser;
  before(async () => { browser = await launchChromium(); });
  after(async () => { await browser?.close(); });

  it('with prefers-reduced-motion the streaming cursor does not blink', async () => {
    const panel = await PanelPage.open(browser);
    await panel.send(start('t1'), delta('t1', 'Hello'));
    await panel.until(`document.querySelector('[data-role=answer]').dataset.idle === 'true'`, 'the answer idle (when the cursor blinks)');
    const animation = () => panel.$eval<string>('.stream-cursor', "(e) => getComputedStyle(e, '::after').animationName");
    assert.equal(await animation(), 'blink');
    await panel.page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await animation(), 'none');
    await panel.close();
  });

  it('at 200 % zoom (half the CSS width) prose wraps: the page never scrolls sideways, wide code scrolls in its block', async () => {
    // 200 % zoom of a 480 px wide panel: 240 CSS pixels at device scale 2.
    const panel = await PanelPage.open(browser, { viewport: { width: 240, height: 720 }, deviceScaleFactor: 2 });
    const prose = 'A long paragraph with a_very_long_identifier_that_does_not_break_by_itself_anywhere and a link https://example.com/a/very/long/path/that/goes/on/and/on. ';
    await panel.send(start('t1'), delta('t1', `${prose.repeat(3)}\n\n| Column one | Column two | Column three |\n|---|---|---|\n| a | b | c |\n\n${TS_BLOCK}\n`), end('t1'));
    const page = await panel.eval<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    assert.ok(page.scroll <= page.client, `page ${page.scroll} px wide in ${page.client} px`);
    const pre = await panel.$eval<{ scroll: number; client: number }>('[data-role=code-block] pre', '(e) => ({ scroll: e.scrollWidth, client: e.clientWidth })');
    assert.ok(pre.scroll > pre.client, 'the code block scrolls on its own');
    await panel.close();
  });
});
