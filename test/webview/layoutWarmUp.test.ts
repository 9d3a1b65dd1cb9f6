import * as assert from 'node:assert/strict';
import { panelPerTest, type PanelPage } from './harness';
import { end, start } from './fixtures';

/**
 * The page's idle callbacks are held until the test runs them (so "idle" happens when the test says), and every
 * element added to or removed from the body is recorded with what it was when added: its attributes, its style, and
 * whether its subtree had an inline code span.
 */
const INIT = `
window.__idle = [];
window.requestIdleCallback = (cb) => window.__idle.push(cb);
window.__runIdle = () => {
  const due = window.__idle.splice(0);
  for (const cb of due) cb({ didTimeout: false, timeRemaining: () => 50 });
  return due.length;
};
window.__bodyChanges = [];
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target !== document.body) continue;
    for (const n of r.addedNodes) if (n.nodeType === 1) window.__bodyChanges.push({ kind: 'added', ariaHidden: n.getAttribute('aria-hidden'), inert: n.hasAttribute('inert'),
      style: n.getAttribute('style'), inlineCode: !!n.querySelector('.answer p code'), connected: n.isConnected });
    for (const n of r.removedNodes) if (n.nodeType === 1) window.__bodyChanges.push({ kind: 'removed' });
  }
}).observe(document, { childList: true, subtree: true });`;

/** layoutWarmUp.ts's LAYOUT_WARM_UP_MARK (that module needs a DOM, so it is not imported here). */
const LAYOUT_WARM_UP_MARK = 'stream-explain:layout-warm-up';
const marks = (panel: PanelPage) => panel.eval<Array<{ height: number }>>(`performance.getEntriesByName(${JSON.stringify(LAYOUT_WARM_UP_MARK)}).map((m) => m.detail)`);
const bodyChildren = (panel: PanelPage) => panel.eval<string[]>(`[...document.body.children].map((e) => e.tagName + '.' + e.className)`);

describe('the panel lays a sample answer out while idle, before the first answer (layoutWarmUp.ts)', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p), { initScript: INIT });

  it('lays it out at the first idle moment, hidden from sight and from screen readers, and leaves no trace', async () => {
    const before = await bodyChildren(panel);
    const liveText = () => panel.$$eval<string[]>('[aria-live]', '(es) => es.map((e) => e.textContent)');
    const spoken = await liveText();
    await panel.eval('window.__bodyChanges = []');
    assert.deepEqual(await marks(panel), [], 'nothing before the panel is idle');
    // The first idle callbacks: the layout warm-up is the first one queued.
    for (let i = 0; i < 5 && !(await marks(panel)).length; i++) await panel.eval('window.__runIdle()');
    const done = await marks(panel);
    assert.equal(done.length, 1, 'laid out once');
    assert.ok(done[0].height > 50, `the sample was laid out (height ${done[0].height} px)`);
    const changes = await panel.eval<Array<Record<string, unknown>>>('window.__bodyChanges');
    assert.deepEqual(changes.map((c) => c.kind), ['added', 'removed'], 'one box added to the body and removed');
    const added = changes[0];
    assert.equal(added.ariaHidden, 'true');
    assert.equal(added.inert, true);
    assert.match(String(added.style), /visibility: hidden/);
    assert.match(String(added.style), /position: fixed/);
    assert.equal(added.inlineCode, true, 'the sample holds what the first answer would lay out first: inline code');
    assert.equal(added.connected, false, 'removed in the task that added it: never drawn');
    assert.deepEqual(await bodyChildren(panel), before);
    assert.deepEqual(await liveText(), spoken, 'nothing announced');
    assert.deepEqual(await panel.sent(), [{ type: 'ready' }], 'nothing sent to the host');
    // Later idle callbacks (the renderer's code warm-up) never lay it out again.
    for (let i = 0; i < 60 && (await panel.eval<number>('window.__runIdle()')) > 0; i++) { /* drain */ }
    assert.equal((await marks(panel)).length, 1);
  });

  it('does not run once a turn is on screen: the answer has paid for its layout, and must not wait', async () => {
    await panel.send(start('t1'), { type: 'delta', turnId: 't1', text: 'Some `code` here.' });
    const turn = await panel.$eval<string>('[data-turn-id=t1]', '(e) => e.outerHTML');
    await panel.eval('window.__bodyChanges = []');
    for (let i = 0; i < 60 && (await panel.eval<number>('window.__runIdle()')) > 0; i++) { /* drain */ }
    assert.deepEqual(await marks(panel), []);
    assert.deepEqual(await panel.eval('window.__bodyChanges'), []);
    assert.equal(await panel.$eval<string>('[data-turn-id=t1]', '(e) => e.outerHTML'), turn);
    await panel.send(end('t1'));
  });
});
