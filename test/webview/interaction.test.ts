/**
 * What the reader does while an answer streams: scroll (auto-scroll follows only at the bottom), copy and insert
 * code, keep typing in the question box, expand the question's code.
 */
import * as assert from 'node:assert/strict';
import { panelPerTest, type PanelPage } from './harness';
import { delta, deltas, end, start } from './fixtures';

const para = (i: number) => `Paragraph ${i}: the bucket refills at a fixed rate and spends tokens when asked.\n\n`;
const paras = (from: number, n: number) => Array.from({ length: n }, (_, i) => para(from + i)).join('');

describe('reading and acting while the answer streams (headless Chromium)', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p), { viewport: { width: 480, height: 420 } });

  const scroll = () => panel.eval<{ top: number; distance: number }>(
    '(() => { const s = document.scrollingElement; return { top: s.scrollTop, distance: s.scrollHeight - s.scrollTop - s.clientHeight }; })()');
  const jump = () => panel.page.locator('[data-role=jump-latest]');

  it('follows the stream at the bottom; scrolling up detaches; "Jump to latest" re-attaches', async () => {
    await panel.send(start('t1'));
    await panel.stream(deltas('t1', paras(0, 20), 12));
    assert.ok((await scroll()).distance <= 1, 'at the bottom while following');
    assert.equal(await jump().isVisible(), false);

    await panel.page.mouse.move(240, 200);
    await panel.page.mouse.wheel(0, -400);
    await panel.frame();
    const detachedAt = (await scroll()).top;
    await panel.stream(deltas('t1', paras(20, 10), 12));
    const after = await scroll();
    assert.equal(after.top, detachedAt, 'nothing moved under the reader');
    assert.ok(after.distance > 100, 'the new text is below');
    assert.equal(await jump().isVisible(), true, 'Jump to latest is offered');

    await jump().click();
    await panel.frame();
    assert.ok((await scroll()).distance <= 1, 'back at the bottom');
    assert.equal(await jump().isVisible(), false);
    await panel.stream(deltas('t1', paras(30, 5), 12));
    assert.ok((await scroll()).distance <= 1, 'following again');
  });

  it('while following, a panel made shorter keeps the newest text in view; a detached reader stays where they were', async () => {
    const size = panel.page.viewportSize()!;
    await panel.send(start('t1'));
    await panel.stream(deltas('t1', paras(0, 20), 12));
    const half = Math.round(size.height / 2);
    await panel.page.setViewportSize({ width: size.width, height: half });
    // (The page learns of the new size in a later frame than setViewportSize resolves in.)
    const s = 'document.scrollingElement';
    await panel.until(`${s}.clientHeight === ${half} && ${s}.scrollHeight - ${s}.scrollTop - ${s}.clientHeight <= 1`, 'the bottom in view after the resize');
    await panel.page.mouse.move(200, 100);
    await panel.page.mouse.wheel(0, -300);
    await panel.frame();
    const top = (await scroll()).top;
    await panel.page.setViewportSize(size);
    await panel.until(`${s}.clientHeight === ${size.height}`, 'the page at its first size again');
    await panel.frame();
    assert.equal((await scroll()).top, top, 'a detached reader is not moved by a resize');
    assert.equal(await jump().isVisible(), true);
  });

  it('when the answer ends, the stats line is in view (blocks settle their size after the last frame)', async () => {
    await panel.send(start('t1'));
    await panel.stream(deltas('t1', paras(0, 12) + '```ts\n' + 'const x = 1;\n'.repeat(30) + '```\n\nThe end.', 40));
    await panel.send(end('t1'));
    await panel.frame();
    assert.ok((await scroll()).distance <= 1, 'at the bottom');
    assert.equal(await panel.turn('t1').locator('[data-role=turn-stats]').isVisible(), true);
    const box = (await panel.turn('t1').locator('[data-role=turn-stats]').boundingBox())!;
    const composer = (await panel.page.locator('[data-role=composer]').boundingBox())!;
    assert.ok(box.y + box.height <= composer.y, 'not hidden under the question box');
  });

  it('a scrollbar drag up detaches too, and scrolling back to the bottom re-attaches', async () => {
    await panel.send(start('t1'));
    await panel.stream(deltas('t1', paras(0, 20), 20));
    // A scroll the panel did not make (as a scrollbar drag or find-in-page does).
    await panel.eval('document.scrollingElement.scrollTop -= 300');
    await panel.frame();
    const top = (await scroll()).top;
    await panel.stream(deltas('t1', paras(20, 5), 20));
    assert.equal((await scroll()).top, top, 'detached');
    await panel.eval('document.scrollingElement.scrollTop = document.scrollingElement.scrollHeight');
    await panel.frame();
    await panel.stream(deltas('t1', paras(25, 5), 20));
    assert.ok((await scroll()).distance <= 1, 'at the bottom again: following');
    assert.equal(await jump().isVisible(), false);
  });

  it('the question box stays usable while an answer streams, and keeps its focus', async () => {
    await panel.send(start('t1'));
    const input = panel.page.locator('[data-role=ask-input]');
    await input.click();
    await input.pressSequentially('Why a ');
    await panel.stream(deltas('t1', paras(0, 10), 15));
    assert.equal(await panel.eval('document.activeElement?.getAttribute("data-role")'), 'ask-input', 'streaming did not steal the focus');
    await input.pressSequentially('token bucket?');
    await input.press('Enter');
    assert.deepEqual((await panel.sent()).filter((m) => m.type === 'ask'), [{ type: 'ask', text: 'Why a token bucket?' }]);
    assert.equal(await panel.turn('t1').getAttribute('data-state'), 'streaming');
  });

  it('focus-input only focuses the box: what is typed stays, and a stray text (the old hand-back, now restore-question) is dropped', async () => {
    const input = panel.page.locator('[data-role=ask-input]');
    await panel.page.locator('body').click();
    await panel.send({ type: 'focus-input', text: 'Is this thread-safe?' } as Record<string, unknown>);
    assert.equal(await input.inputValue(), '', 'an invalid message changed the box');
    assert.notEqual(await panel.eval('document.activeElement?.getAttribute("data-role")'), 'ask-input', 'an invalid message was acted on');
    await input.fill('Something else');
    await panel.page.locator('body').click();
    await panel.send({ type: 'focus-input' });
    assert.equal(await panel.eval('document.activeElement?.getAttribute("data-role")'), 'ask-input');
    assert.equal(await input.inputValue(), 'Something else');
  });

  it('Copy copies the code (Clipboard API) and says so; it falls back to execCommand when the API is refused', async () => {
    const code = 'const a = 1;\nconsole.log(`a is ${a}`);';
    await panel.send(start('t1'), delta('t1', `Try:\n\n\`\`\`ts\n${code}\n\`\`\`\n`), end('t1'));
    await panel.eval('navigator.clipboard.writeText = async (t) => { window.__clip = t; }');
    const copy = panel.answer('t1').locator('[data-role=copy-code]');
    await copy.click();
    assert.equal(await panel.eval('window.__clip'), code);
    assert.equal(await copy.getAttribute('data-label'), 'Copied');
    assert.equal(await copy.getAttribute('aria-label'), 'Copied');

    await panel.eval(`(() => {
      navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
      document.addEventListener('copy', () => { window.__fallback = document.activeElement && document.activeElement.value; });
    })()`);
    await copy.click();
    assert.equal(await panel.eval('window.__fallback'), code);
    assert.equal(await panel.page.locator('.clipboard-helper').count(), 0, 'the helper textarea is gone');
  });

  it('"Insert at cursor" sends the code and its language to the host; it works mid-stream too', async () => {
    await panel.send(start('t1'), delta('t1', 'Use:\n\n```python\nprint("hi")\nx = 2\n'));
    await panel.answer('t1').locator('[data-role=insert-code]').click();
    assert.deepEqual((await panel.sent()).at(-1), { type: 'insert-code', code: 'print("hi")\nx = 2', language: 'python' });
    await panel.send(delta('t1', '```\n\n```\nplain\n```\n'), end('t1'));
    await panel.answer('t1').locator('[data-role=insert-code]').nth(1).click();
    assert.deepEqual((await panel.sent()).at(-1), { type: 'insert-code', code: 'plain' });
  });

  it("collapses the question's code after its first lines, and expands it on request", async () => {
    const code = Array.from({ length: 30 }, (_, i) => `line_${i} = ${i}`).join('\n');
    await panel.send(start('t1', { prompt: { text: 'Explain this code.', code, language: 'python', fileName: 'a.py' } }));
    const pre = panel.turn('t1').locator('[data-role=question] pre');
    const toggle = panel.turn('t1').locator('[data-role=toggle-code]');
    assert.equal(await pre.locator('code').textContent(), code, 'all of it is there, for copying');
    const collapsed = (await pre.boundingBox())!.height;
    assert.equal(await toggle.textContent(), 'Show all 30 lines');
    await toggle.click();
    const expanded = (await pre.boundingBox())!.height;
    assert.ok(expanded > collapsed * 2, `${collapsed}px collapsed, ${expanded}px expanded`);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await toggle.click();
    assert.equal((await pre.boundingBox())!.height, collapsed);
    assert.ok((await pre.locator('.hljs-number').count()) > 0, 'highlighted as the editor language');
  });

  it('a short question code is shown whole, with no toggle', async () => {
    await panel.send(start('t1'));
    assert.equal(await panel.turn('t1').locator('[data-role=toggle-code]').count(), 0);
  });
});
