import * as assert from 'node:assert/strict';
import { REFINE_REQUESTS } from '../../src/webview/refineActions';
import { panelPerTest, type PanelPage } from './harness';
import { delta, end, start } from './fixtures';

describe('Shorter / Simpler / More detail under a finished answer', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  it('a finished answer offers them; each asks its follow-up as a question', async () => {
    await panel.send(start('t1'), delta('t1', 'It adds one.'), end('t1'));
    const refine = panel.turn('t1').locator('[data-role=refine] button');
    assert.deepEqual(await refine.allTextContents(), ['Shorter', 'Simpler', 'More detail']);
    for (const label of ['Shorter', 'Simpler', 'More detail']) await panel.turn('t1').locator(`[data-refine="${label}"]`).click();
    const asks = (await panel.sent()).filter((m) => m.type === 'ask');
    assert.deepEqual(asks, REFINE_REQUESTS.map((r) => ({ type: 'ask', text: r.text })));
  });

  it('a stopped or streaming answer does not, and only the latest answer shows them', async () => {
    await panel.send(start('t1'), delta('t1', 'Partly'));
    assert.equal(await panel.turn('t1').locator('[data-role=refine]').count(), 0, 'streaming');
    await panel.send(end('t1', 'cancelled'));
    assert.equal(await panel.turn('t1').locator('[data-role=refine]').count(), 0, 'stopped');
    await panel.send(start('t2'), delta('t2', 'Whole.'), end('t2'), start('t3'), delta('t3', 'Shorter.'), end('t3'));
    assert.equal(await panel.turn('t2').locator('[data-role=refine]').isVisible(), false, 'an earlier answer hides them');
    assert.equal(await panel.turn('t3').locator('[data-role=refine]').isVisible(), true);
  });
});
