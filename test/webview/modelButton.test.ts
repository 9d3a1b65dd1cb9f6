import * as assert from 'node:assert/strict';
import { panelPerTest, type PanelPage } from './harness';
import { start } from './fixtures';

describe('the panel’s model button (headless Chromium, dist/webview.js)', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));
  const button = () => panel.page.locator('[data-role=model-picker]');

  it('sits at the top, in place of the old New chat button, and shows the model the host names', async () => {
    assert.equal(await button().count(), 1);
    assert.equal(await panel.page.locator('[data-role=new-chat]').count(), 0, 'New chat lives in the view’s title bar');
    await panel.send({ type: 'model', provider: 'anthropic', model: 'claude-sonnet-4-20250514' });
    assert.equal(await button().textContent(), 'Anthropic · claude-sonnet-4-20250514');
    await panel.send({ type: 'model', provider: 'openai', model: 'gpt-4o-mini' });
    assert.equal(await button().textContent(), 'OpenAI · gpt-4o-mini', 'follows every change');
    const box = await button().boundingBox();
    const list = await panel.page.locator('[data-role=turns]').boundingBox();
    assert.ok(box && list && box.y < list.y, 'above the conversation');
  });

  it('a click asks the host for the picker', async () => {
    await button().click();
    assert.deepEqual((await panel.sent()).slice(1), [{ type: 'select-model' }]);
  });

  it('the label is text: a model id full of markup never becomes elements', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await panel.send({ type: 'model', provider: 'openai', model: evil });
    assert.equal(await button().textContent(), `OpenAI · ${evil}`);
    assert.equal(await button().locator('*').count(), 0, 'no child elements');
    assert.equal(await panel.eval('window.__pwned'), undefined);
  });

  it('a clear (new chat) leaves the model shown; an invalid model message is dropped', async () => {
    await panel.send({ type: 'model', provider: 'openai', model: 'gpt-4o' });
    await panel.send(start('t1'));
    await panel.send({ type: 'clear' });
    assert.equal(await button().textContent(), 'OpenAI · gpt-4o');
    await panel.send({ type: 'model', provider: 'gemini', model: 'x' } as Record<string, unknown>);
    assert.equal(await button().textContent(), 'OpenAI · gpt-4o');
  });

  it('each turn keeps showing the model that answered it after the model changes', async () => {
    await panel.send(start('t1'));
    await panel.send({ type: 'model', provider: 'anthropic', model: 'claude-opus-5' });
    assert.equal(await panel.turn('t1').locator('.answer-head').textContent(), 'Answer from gpt-4o-mini (openai)');
    assert.equal(await button().textContent(), 'Anthropic · claude-opus-5');
  });
});
