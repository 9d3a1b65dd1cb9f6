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

describe('the question of an explain turn: context chips and Show prompt', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));
  const sent = {
    system: 'You are Stream Explain.',
    user: 'Explain this code.\n\n```ts\nevict(s);\n```\n\nDefinition of `evict`:\n<img src=x onerror="window.__pwned=1">',
    chips: [
      { kind: 'definition' as const, label: '2 definitions', tokens: 310 },
      { kind: 'diagnostic' as const, label: '1 error', tokens: 22 },
      { kind: 'imports' as const, label: 'imports', tokens: 14 },
    ],
  };

  it('shows one chip per kind with its tokens, and the exact messages (as text) behind Show prompt', async () => {
    await panel.send(start('t1', { prompt: { text: 'Explain this code.', code: 'evict(s);', language: 'typescript', fileName: 'a.ts', sent } }));
    const turn = panel.turn('t1');
    assert.deepEqual(await turn.locator('[data-role=context-chips] li').allTextContents(), ['2 definitions 310 tok', '1 error 22 tok', 'imports 14 tok']);
    const toggle = turn.locator('[data-role=show-prompt]');
    const prompt = turn.locator('[data-role=sent-prompt]');
    assert.equal(await prompt.isVisible(), false);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await prompt.isVisible(), true);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await turn.locator('[data-role=sent-system] pre').textContent(), sent.system);
    assert.equal(await turn.locator('[data-role=sent-user] pre').textContent(), sent.user);
    assert.equal(await turn.locator('[data-role=sent-user] img').count(), 0, 'model-bound text is shown as text');
    assert.equal(await panel.eval('window.__pwned === undefined'), true);
    await toggle.click();
    assert.equal(await prompt.isVisible(), false);
  });

  it('says "selection only" when no context was sent, and drops a turn whose chips do not validate', async () => {
    await panel.send(start('t1', { prompt: { text: 'Explain this code.', code: 'x;', sent: { ...sent, chips: [] } } }));
    assert.deepEqual(await panel.turn('t1').locator('[data-role=context-chips] li').allTextContents(), ['selection only']);
    await panel.send(start('t2', { prompt: { text: 'Explain this code.', code: 'x;', sent: { ...sent, chips: [{ kind: 'script', label: 'x', tokens: 1 }] } } } as never));
    await panel.send(start('t3', { prompt: { text: 'Explain this code.', code: 'x;' } }));
    assert.equal(await panel.turn('t3').count(), 1);
    assert.equal(await panel.turn('t2').count(), 0, 'an unknown chip kind fails validation');
    assert.equal(await panel.turn('t3').locator('[data-role=show-prompt]').count(), 0, 'a follow-up question has no Show prompt');
  });
});
