import * as assert from 'node:assert/strict';
import { panelPerTest, type PanelPage } from './harness';
import { start } from './fixtures';

/** Lines of the question's code the reader can see: a line counts when its first character is inside the box. */
const VISIBLE_LINES = `(() => {
  const pre = document.querySelector('[data-role=question] pre');
  const box = pre.getBoundingClientRect();
  const bottom = box.bottom - parseFloat(getComputedStyle(pre).paddingBottom);
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  let visible = 0, atLineStart = true;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      if (node.data[i] === '\\n') { atLineStart = true; continue; }
      if (!atLineStart) continue;
      atLineStart = false;
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      if (range.getBoundingClientRect().bottom <= bottom + 0.5) visible++;
    }
  }
  return visible;
})()`;

const code = (lines: number) => Array.from({ length: lines }, (_, i) => `const line${i + 1} = ${i + 1};`).join('\n');

describe('the question: its code is collapsed to the first 6 lines only when it has more than 8', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  it('8 lines are shown whole, with no toggle', async () => {
    await panel.send(start('t1', { prompt: { text: 'Explain this code.', code: code(8), language: 'typescript', fileName: 'a.ts' } }));
    assert.equal(await panel.eval<number>(VISIBLE_LINES), 8);
    assert.equal(await panel.turn('t1').locator('[data-role=toggle-code]').count(), 0);
  });

  it('9 lines show their first 6, and "Show all 9 lines" opens and closes the rest', async () => {
    await panel.send(start('t1', { prompt: { text: 'Explain this code.', code: code(9), language: 'typescript', fileName: 'a.ts' } }));
    const toggle = panel.turn('t1').locator('[data-role=toggle-code]');
    assert.equal(await panel.eval<number>(VISIBLE_LINES), 6);
    assert.equal(await toggle.textContent(), 'Show all 9 lines');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await panel.eval<number>(VISIBLE_LINES), 9);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await toggle.click();
    assert.equal(await panel.eval<number>(VISIBLE_LINES), 6);
  });
});
