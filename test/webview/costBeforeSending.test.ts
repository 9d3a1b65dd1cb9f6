import * as assert from 'node:assert/strict';
import type { HostMessage, WebviewMessage } from '../../src/core/protocol';
import { panelPerTest, type PanelPage } from './harness';
import { delta, end, start } from './fixtures';

type Draft = Extract<WebviewMessage, { type: 'draft' }>;
const ESTIMATE = { inputTokens: 2340, maxCostUsd: 0.0251, costBasis: 'priced' as const };

describe('cost before sending, and setting a price (dist/webview.js)', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  const drafts = async () => (await panel.sent()).filter((m): m is Draft => m.type === 'draft');
  const line = () => panel.$eval<string>('[data-role=ask-estimate]', '(e) => e.textContent');
  /** Waits until the panel has posted a draft of exactly `text` (after its debounce) and returns it. */
  async function draftOf(text: string): Promise<Draft> {
    await panel.until(`window.__sent.some((m) => m.type === 'draft' && m.text === ${JSON.stringify(text)})`, `a draft of "${text}"`);
    return (await drafts()).filter((d) => d.text === text).at(-1)!;
  }

  it('the line under the box follows the typing: the draft goes to the host after a pause, its answer shows, a stale answer is dropped, an empty box shows nothing', async () => {
    const input = panel.page.locator('[data-role=ask-input]');
    await input.click();
    await panel.page.keyboard.type('Why a Map');
    const first = await draftOf('Why a Map');
    assert.ok((await drafts()).every((d) => d.seq <= first.seq), 'the full text is the newest draft');
    await panel.send({ type: 'draft-estimate', seq: first.seq, estimate: ESTIMATE });
    assert.equal(await line(), '≈ 2,340 tokens in · at most $0.03');

    await panel.page.keyboard.type('?');
    const second = await draftOf('Why a Map?');
    assert.ok(second.seq > first.seq);
    // The answer to the older draft arrives late: it must not replace the newer one's.
    await panel.send({ type: 'draft-estimate', seq: second.seq, estimate: { ...ESTIMATE, inputTokens: 2341 } });
    await panel.send({ type: 'draft-estimate', seq: first.seq, estimate: { ...ESTIMATE, inputTokens: 9999 } });
    assert.equal(await line(), '≈ 2,341 tokens in · at most $0.03');
    assert.equal(await input.getAttribute('aria-describedby'), 'ask-estimate', 'screen readers hear the figures with the box');

    await input.fill('');
    assert.equal(await line(), '', 'an empty box has no estimate');
    await panel.send({ type: 'draft-estimate', seq: second.seq, estimate: ESTIMATE });
    assert.equal(await line(), '', 'and a late answer does not bring it back');
  });

  it('a draft typed while an answer streams: "estimate after this answer" (not the older figures) until the host counts it; a stale note is dropped', async () => {
    const input = panel.page.locator('[data-role=ask-input]');
    await input.fill('Why a Map');
    const first = await draftOf('Why a Map');
    await panel.send({ type: 'draft-estimate', seq: first.seq, estimate: ESTIMATE });
    await panel.send(start('t1'), delta('t1', 'It maps '));
    await input.fill('Why a Map here');
    const second = await draftOf('Why a Map here');
    await panel.send({ type: 'draft-estimate-pending', seq: first.seq });
    assert.equal(await line(), '≈ 2,340 tokens in · at most $0.03', 'a note for an older draft is dropped');
    await panel.send({ type: 'draft-estimate-pending', seq: second.seq });
    assert.equal(await line(), 'estimate after this answer', 'the figures of "Why a Map" are not shown for "Why a Map here"');

    // The answer ends: the box asks again (it would now be sent with this answer), and the figures replace the note.
    await panel.send(end('t1'));
    await panel.until(`window.__sent.filter((m) => m.type === 'draft').at(-1).seq > ${second.seq}`, 'a new draft after the answer');
    const third = (await drafts()).at(-1)!;
    await panel.send({ type: 'draft-estimate', seq: third.seq, estimate: { ...ESTIMATE, inputTokens: 2400 } });
    assert.equal(await line(), '≈ 2,400 tokens in · at most $0.03');

    await input.fill('');
    await panel.send({ type: 'draft-estimate-pending', seq: third.seq + 1 });
    assert.equal(await line(), '', 'an empty box shows no note');
  });

  it('unpriced, local and plan models: "price unknown", then the tokens alone', async () => {
    const input = panel.page.locator('[data-role=ask-input]');
    await input.fill('Hello');
    const d = await draftOf('Hello');
    await panel.send({ type: 'draft-estimate', seq: d.seq, estimate: { inputTokens: 12, maxCostUsd: null, costBasis: 'priced' } });
    assert.equal(await line(), '≈ 12 tokens in · price unknown');
    await panel.send({ type: 'draft-estimate', seq: d.seq, estimate: { inputTokens: 12, maxCostUsd: 0, costBasis: 'local' } });
    assert.equal(await line(), '≈ 12 tokens in');
  });

  it('the draft is estimated again when what it would be sent with changes (an answer ended, another model)', async () => {
    await panel.page.locator('[data-role=ask-input]').fill('And then?');
    const before = await draftOf('And then?');
    await panel.send(start('t1'), end('t1'));
    await panel.until(`window.__sent.filter((m) => m.type === 'draft').at(-1).seq > ${before.seq}`, 'a new draft after the answer');
    const afterEnd = (await drafts()).at(-1)!;
    await panel.send({ type: 'model', provider: 'anthropic', model: 'claude-sonnet-4' });
    await panel.until(`window.__sent.filter((m) => m.type === 'draft').at(-1).seq > ${afterEnd.seq}`, 'a new draft after the model changed');
  });

  it('a sent question shows its figures: from turn-start, or from a turn-estimate arriving after the answer began', async () => {
    const q = (id: string) => panel.turn(id).locator('[data-role=question-estimate]').textContent();
    await panel.send(start('t1', { prompt: { text: 'Explain this code.', code: 'x++', estimate: { inputTokens: 812, maxCostUsd: 0.0062, costBasis: 'priced' } } } as Partial<Extract<HostMessage, { type: 'turn-start' }>>));
    assert.equal(await q('t1'), '≈ 812 tokens in · at most $0.0062');
    await panel.send(start('t2'), { type: 'delta', turnId: 't2', text: 'It ' });
    assert.equal(await q('t2'), '');
    await panel.send({ type: 'turn-estimate', turnId: 't2', estimate: ESTIMATE });
    assert.equal(await q('t2'), '≈ 2,340 tokens in · at most $0.03');
  });

  it('an unpriced answer offers "price unknown — set a price", which asks the host for that model’s row; priced, local and plan answers do not', async () => {
    const ended = (turnId: string, extra: Record<string, unknown>) => ({ ...(end(turnId) as object), ...extra }) as HostMessage;
    await panel.send(start('t1', { provider: 'openai', model: 'my-finetune' }), ended('t1', { costUsd: null }));
    const button = panel.turn('t1').locator('[data-role=set-price]');
    assert.equal(await button.textContent(), 'price unknown — set a price');
    await button.click();
    assert.deepEqual((await panel.sent()).filter((m) => m.type === 'set-price'), [{ type: 'set-price', provider: 'openai', model: 'my-finetune' }]);

    await panel.send(start('t2'), end('t2'), start('t3', { model: 'llama3.2' }), ended('t3', { costUsd: 0, costBasis: 'local' }),
      start('t4', { provider: 'vscode-lm', model: 'copilot/gpt-4o' }), ended('t4', { costUsd: 0, costBasis: 'included' }));
    for (const id of ['t2', 't3', 't4']) assert.equal(await panel.turn(id).locator('[data-role=set-price]').count(), 0, id);
  });

  it('a question the budget modal kept from going out comes back into the box, but never over a new one', async () => {
    const input = panel.page.locator('[data-role=ask-input]');
    await input.fill('Is this thread-safe?');
    await input.press('Enter');
    assert.equal(await input.inputValue(), '', 'sent: the box is cleared');
    assert.ok((await panel.sent()).some((m) => m.type === 'ask' && m.text === 'Is this thread-safe?'));
    await panel.send({ type: 'restore-question', text: 'Is this thread-safe?' });
    assert.equal(await input.inputValue(), 'Is this thread-safe?');
    await draftOf('Is this thread-safe?'); // and its estimate is asked for again

    await input.fill('Something new');
    await panel.send({ type: 'restore-question', text: 'Is this thread-safe?' });
    assert.equal(await input.inputValue(), 'Something new');
  });

  it('the stats line shows the cached tokens and what caching saved', async () => {
    await panel.send(start('t1', { provider: 'anthropic', model: 'claude-sonnet-4' }), {
      type: 'turn-end', turnId: 't1', finishReason: 'stop', usage: { inputTokens: 1814, outputTokens: 38, estimated: false, cacheReadTokens: 1800 },
      costUsd: 0.001152, savedUsd: 0.00486, metrics: { ttftMs: 412, totalMs: 1650, tokensPerSecond: 38.7 },
    });
    assert.equal(await panel.turn('t1').locator('[data-role=turn-stats]').textContent(), '1814 in (1800 cached) / 38 out tokens · TTFT 412 ms · 38.7 tok/s · $0.0012 · saved $0.0049');
    assert.match((await panel.turn('t1').locator('[data-role=turn-stats-spoken]').textContent())!, /1800 input tokens read from the cache, caching saved 0\.49 cents/);
  });
});
