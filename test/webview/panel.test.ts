import * as assert from 'node:assert/strict';
import type { HostMessage } from '../../src/core/protocol';
import { panelPerTest, type PanelPage } from './harness';
import { end, start } from './fixtures';

describe('the panel in headless Chromium (dist/webview.js)', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  it('builds its own DOM in an empty body and says ready', async () => {
    assert.deepEqual(await panel.sent(), [{ type: 'ready' }]);
    assert.equal(await panel.page.locator('[data-role=empty]').isVisible(), true);
    assert.equal(await panel.page.locator('[data-role=ask-input]').count(), 1);
  });

  it('shows the question with its code, then the answer growing delta by delta, then the stats line', async () => {
    await panel.send(start('t1'));
    const turn = panel.turn('t1');
    assert.equal(await turn.getAttribute('data-state'), 'streaming');
    assert.equal(await turn.locator('[data-role=question] pre code').textContent(), 'const a = 1;\nconst b = a + 1;');
    assert.match((await turn.locator('.code-label').textContent())!, /src\/a\.ts · typescript/);
    const lengths: number[] = [];
    for (const piece of ['It ', 'adds ', 'one ', 'to a.']) {
      await panel.send({ type: 'delta', turnId: 't1', text: piece });
      lengths.push((await turn.locator('[data-role=answer]').textContent())!.length);
    }
    // Markdown: a paragraph's trailing space is not shown until more text follows it.
    assert.deepEqual(lengths, [2, 7, 11, 17]);
    assert.equal(await turn.locator('[data-role=stop]').count(), 1, 'Stop button while streaming');
    await panel.send(end('t1'));
    assert.equal(await turn.getAttribute('data-state'), 'done');
    assert.equal(await turn.locator('[data-role=answer]').textContent(), 'It adds one to a.');
    assert.equal(await turn.locator('[data-role=turn-stats]').textContent(), '120 in / 48 out tokens · TTFT 412 ms · 38.7 tok/s · $0.0012');
    assert.equal(await turn.locator('[data-role=stop]').count(), 0);
  });

  it('raw HTML in model output is shown as text: markup in deltas never becomes elements or runs', async () => {
    await panel.send(start('t1'));
    const evil = ['<img src=x onerror="window.__pwned=1">', '<scr', 'ipt>window.__pwned=2</script>', '<a href="javascript:alert(1)">x</a>'];
    for (const text of evil) await panel.send({ type: 'delta', turnId: 't1', text });
    await panel.send(end('t1'));
    const answer = panel.answer('t1');
    assert.equal(await answer.textContent(), evil.join(''));
    // The same elements as a plain sentence gets: the markup added none of its own (no img, script, a, handlers).
    await panel.send(start('plain'), { type: 'delta', turnId: 'plain', text: 'Just a plain sentence.' }, end('plain'));
    const elements = (turnId: string) => panel.eval(`[...document.querySelectorAll('[data-turn-id=${turnId}] [data-role=answer] *')].map((e) => [e.tagName, [...e.attributes].map((a) => a.name).sort().join(' ')].join(' '))`);
    assert.deepEqual(await elements('t1'), await elements('plain'), 'rendered as plain text is');
    assert.equal(await panel.page.evaluate('window.__pwned'), undefined);
  });

  it('a stopped turn keeps its text, is marked Stopped, and offers Retry', async () => {
    await panel.send(start('t1'), { type: 'delta', turnId: 't1', text: 'Partial answ' }, end('t1', 'cancelled'));
    const turn = panel.turn('t1');
    assert.equal(await turn.getAttribute('data-state'), 'cancelled');
    assert.equal(await turn.locator('[data-role=answer]').textContent(), 'Partial answ');
    assert.equal(await turn.locator('[data-role=turn-marker]').textContent(), 'Stopped');
    assert.match((await turn.locator('[data-role=turn-stats]').textContent())!, /\(est\.\)/);
    await turn.locator('[data-role=retry]').click();
    assert.deepEqual((await panel.sent()).at(-1), { type: 'retry', turnId: 't1' });
  });

  it('says under the question what the host changed about it (a long selection cut)', async () => {
    const note = 'The selection was too long (about 9000 tokens; the limit is 4000), so only its first 120 lines were sent; the last 80 lines were left out.';
    await panel.send(start('t1', { prompt: { text: 'Explain this code.', code: 'x = 1', language: 'python', note } }), start('t2'));
    assert.equal(await panel.turn('t1').locator('[data-role=question] [data-role=question-note]').textContent(), note);
    assert.equal(await panel.turn('t2').locator('[data-role=question-note]').count(), 0);
  });

  it('while a retry waits, the status counts the seconds down; the first token clears it', async () => {
    await panel.send(start('t1'), { type: 'turn-status', turnId: 't1', text: 'The provider is overloaded.', retry: { inMs: 2400, attempt: 2, maxAttempts: 3 } });
    const status = panel.turn('t1').locator('[data-role=turn-status]');
    assert.equal(await status.textContent(), 'The provider is overloaded. Retrying in 3 s (2/3)…');
    const shows = (text: string) => `document.querySelector('[data-turn-id=t1] [data-role=turn-status]').textContent.endsWith(${JSON.stringify(text)})`;
    await panel.until(shows('Retrying in 2 s (2/3)…'), 'the countdown to reach 2 s');
    await panel.until(shows('Retrying now (2/3)…'), 'the countdown to end');
    await panel.send({ type: 'delta', turnId: 't1', text: 'Here' });
    assert.equal(await status.textContent(), '');
    assert.equal(await panel.turn('t1').locator('[data-role=answer]').textContent(), 'Here');
  });

  it('Retry replaces the interrupted answer: the new one streams, the old one folds into a line that opens it', async () => {
    await panel.send(start('t1'), { type: 'delta', turnId: 't1', text: 'Half an answ' });
    await panel.send({ type: 'turn-error', turnId: 't1', partialText: 'Half an answ', error: { kind: 'network', message: 'The connection was reset.', retryable: true } });
    const old = panel.turn('t1');
    await old.locator('[data-role=retry]').click();
    assert.deepEqual((await panel.sent()).at(-1), { type: 'retry', turnId: 't1' });
    await panel.send(start('t2', { replaces: 't1' }), { type: 'delta', turnId: 't2', text: 'A whole answer.' }, end('t2'));
    const toggle = old.locator('[data-role=toggle-attempt]');
    assert.equal(await toggle.textContent(), 'Earlier attempt (interrupted) · show');
    assert.equal(await old.locator('[data-role=answer]').isVisible(), false, 'folded');
    assert.equal(await old.locator('[data-role=question]').isVisible(), false);
    assert.equal(await panel.turn('t2').locator('[data-role=answer]').textContent(), 'A whole answer.');
    await toggle.click();
    assert.equal(await old.locator('[data-role=answer]').isVisible(), true, 'opened again, text kept');
    assert.equal(await old.locator('[data-role=answer]').textContent(), 'Half an answ');
    assert.equal(await old.locator('[data-role=retry]').isVisible(), false, 'no Retry on an attempt already retried');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    // Restored after a reload: still folded.
    await panel.send({ type: 'history', turns: [
      { turnId: 'h1', prompt: { text: 'q' }, provider: 'openai', model: 'm', state: 'cancelled', text: 'old', superseded: true },
      { turnId: 'h2', prompt: { text: 'q' }, provider: 'openai', model: 'm', state: 'done', text: 'new' },
    ] });
    assert.equal(await panel.turn('h1').locator('[data-role=toggle-attempt]').textContent(), 'Earlier attempt (stopped) · show');
    assert.equal(await panel.turn('h1').locator('[data-role=answer]').isVisible(), false);
    assert.equal(await panel.turn('h2').locator('[data-role=toggle-attempt]').count(), 0);
  });

  it('an interrupted turn keeps the partial text with the reason and the action button', async () => {
    await panel.send(start('t1'), { type: 'delta', turnId: 't1', text: 'Olá' });
    await panel.send({ type: 'turn-error', turnId: 't1', partialText: 'Olá!', error: { kind: 'auth', message: 'The OpenAI key was rejected.', retryable: false, action: 'set-api-key' } });
    const turn = panel.turn('t1');
    assert.equal(await turn.getAttribute('data-state'), 'error');
    assert.equal(await turn.locator('[data-role=answer]').textContent(), 'Olá!');
    assert.equal(await turn.locator('[data-role=turn-marker]').textContent(), 'InterruptedThe OpenAI key was rejected.');
    assert.equal(await turn.locator('[data-role=marker-text]').textContent(), 'The OpenAI key was rejected.');
    await turn.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepEqual((await panel.sent()).at(-1), { type: 'run-action', action: 'set-api-key' });
  });

  it('a turn that stopped early offers Continue; on turn-resume it streams on from its text, in the same paragraph', async () => {
    await panel.send(start('t1'), { type: 'delta', turnId: 't1', text: '# Plan\n\nThe bucket refills at a fixed' }, end('t1', 'cancelled'));
    const turn = panel.turn('t1');
    await turn.locator('[data-role=continue]').click();
    assert.deepEqual((await panel.sent()).at(-1), { type: 'continue', turnId: 't1' });
    await panel.send({ type: 'turn-resume', turnId: 't1' });
    assert.equal(await turn.getAttribute('data-state'), 'streaming');
    assert.equal(await turn.locator('[data-role=turn-marker]').textContent(), '', 'the Stopped marker is gone');
    assert.equal(await turn.locator('[data-role=stop]').count(), 1);
    await panel.send({ type: 'delta', turnId: 't1', text: ' rate.\n\nDone.' }, end('t1'));
    assert.equal(await turn.getAttribute('data-state'), 'done');
    assert.deepEqual(await panel.$$eval('[data-turn-id=t1] [data-role=answer] :is(h1, p)', '(es) => es.map((e) => e.textContent)'), ['Plan', 'The bucket refills at a fixed rate.', 'Done.']);
    assert.equal(await turn.locator('[data-role=continue]').count(), 0);
  });

  it('an answer cut at max tokens says so and offers Continue; a complete one does not', async () => {
    await panel.send(start('t1'), { type: 'delta', turnId: 't1', text: 'Long answer' }, end('t1', 'length'));
    assert.match((await panel.turn('t1').locator('[data-role=turn-marker]').textContent())!, /max output tokens/);
    assert.equal(await panel.turn('t1').locator('[data-role=continue]').count(), 1);
    await panel.send(start('t2'), { type: 'delta', turnId: 't2', text: 'Short answer' }, end('t2'));
    assert.equal(await panel.turn('t2').locator('[data-role=continue], [data-role=retry]').count(), 0);
  });

  it('Stop on the streaming turn asks the host to cancel that turn', async () => {
    await panel.send(start('t9'));
    await panel.turn('t9').locator('[data-role=stop]').click();
    assert.deepEqual((await panel.sent()).at(-1), { type: 'cancel', turnId: 't9' });
  });

  it('the question box sends follow-ups on Enter, keeps Shift+Enter as a newline, and ignores blanks', async () => {
    const input = panel.page.locator('[data-role=ask-input]');
    await input.fill('   ');
    await input.press('Enter');
    await input.fill('Why');
    await input.press('Shift+Enter');
    await input.pressSequentially('not?');
    await input.press('Enter');
    const asks = (await panel.sent()).filter((m) => m.type === 'ask');
    assert.deepEqual(asks, [{ type: 'ask', text: 'Why\nnot?' }]);
    assert.equal(await input.inputValue(), '');
  });

  it('drops invalid host messages without changing anything', async () => {
    await panel.send(start('t1'));
    const invalid: Array<Record<string, unknown>> = [{ type: 'delta', turnId: 't1', text: 42 }, { type: 'turn-start', turnId: '<x>', prompt: {}, provider: 'evil', model: 1 }, { type: 'eval', code: '1' }];
    await panel.send(...invalid);
    assert.equal(await panel.turn('t1').locator('[data-role=answer]').textContent(), '');
    assert.equal(await panel.page.locator('[data-turn-id]').count(), 1);
  });

  it('history replaces the panel with the host conversation (after a hide or reload)', async () => {
    await panel.send(start('old'));
    await panel.send({
      type: 'history',
      turns: [
        { turnId: 'a1', prompt: { text: 'Explain this code.', code: 'x++' }, provider: 'anthropic', model: 'claude-haiku-4-5', state: 'done', text: 'Increments x.', end: { ...(end('a1') as Extract<HostMessage, { type: 'turn-end' }>), type: undefined, turnId: undefined } as never },
        { turnId: 'a2', prompt: { text: 'And atomically?' }, provider: 'anthropic', model: 'claude-haiku-4-5', state: 'streaming', text: 'No, ' },
      ],
    });
    assert.equal(await panel.turn('old').count(), 0);
    assert.equal(await panel.turn('a1').getAttribute('data-state'), 'done');
    assert.equal(await panel.turn('a2').getAttribute('data-state'), 'streaming');
    await panel.send({ type: 'delta', turnId: 'a2', text: 'it is not.' });
    assert.equal(await panel.turn('a2').locator('[data-role=answer]').textContent(), 'No, it is not.');
    await panel.send({ type: 'clear' });
    assert.equal(await panel.page.locator('[data-turn-id]').count(), 0);
    assert.equal(await panel.page.locator('[data-role=empty]').isVisible(), true);
  });
});
