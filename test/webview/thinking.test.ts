/**
 * A reasoning model's thinking in the panel: its own section above the answer, open and labelled "Thinking… N s" while
 * it streams, folded to "Thought for N s · T reasoning tokens" once the answer begins, reopened by that line; never
 * part of the answer, its text or its Copy; kept (and said so) when the turn stops or fails while thinking; restored
 * with the conversation; announced once and never spoken; as inert as the answer to markup in model output.
 */
import * as assert from 'node:assert/strict';
import type { HostMessage } from '../../src/core/protocol';
import { ORIGIN, panelPerTest, type PanelPage } from './harness';
import { delta, end, start } from './fixtures';
import { PAYLOADS } from './payloads';

const thinking = (turnId: string, text: string): HostMessage => ({ type: 'thinking', turnId, text });
const THOUGHT = 'The user wants `tryTake`. It refills first.\n\n```ts\nconst secret = "THINKING-ONLY";\n```\n\nThen it takes `cost` tokens.';
const reasonedEnd = (turnId: string, over: Record<string, unknown> = {}): HostMessage => ({
  type: 'turn-end', turnId, finishReason: 'stop', usage: { inputTokens: 214, outputTokens: 2178, reasoningTokens: 1830, estimated: false },
  costUsd: 0.0218, reasoningCostUsd: 0.0183, metrics: { ttftMs: 14_200, thinkingTtftMs: 380, totalMs: 20_000, tokensPerSecond: 52 }, ...over,
} as HostMessage);

describe('thinking in the panel (headless Chromium)', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  const section = (turnId = 't1') => panel.turn(turnId).locator('[data-role=thinking]');
  const toggle = (turnId = 't1') => panel.turn(turnId).locator('[data-role=thinking-toggle]');
  const body = (turnId = 't1') => panel.turn(turnId).locator('[data-role=thinking-body]');

  it('streams into its own open section above the answer, under a label that counts the seconds', async () => {
    await panel.page.clock.install();
    await panel.send(start('t1'));
    assert.equal(await section().count(), 0, 'no section before any thinking');
    await panel.stream([thinking('t1', 'The user wants '), thinking('t1', '`tryTake`. It refills first.')]);
    assert.equal(await section().count(), 1);
    assert.equal(await panel.eval(`(() => { const t = document.querySelector('[data-turn-id=t1] [data-role=thinking]'); const a = document.querySelector('[data-turn-id=t1] [data-role=answer]'); return !!(t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING); })()`), true, 'above the answer');
    assert.equal(await toggle().getAttribute('aria-expanded'), 'true');
    assert.equal(await toggle().getAttribute('aria-controls'), await body().getAttribute('id'));
    assert.equal(await body().isVisible(), true);
    assert.equal(await body().textContent(), 'The user wants tryTake. It refills first.');
    assert.equal(await panel.answer('t1').textContent(), '', 'the answer has none of it');
    assert.equal(await toggle().textContent(), 'Thinking…');
    await panel.page.clock.runFor(12_000);
    assert.equal(await toggle().textContent(), 'Thinking… 12 s');
    await panel.page.clock.runFor(2_000);
    assert.equal(await toggle().textContent(), 'Thinking… 14 s');
    assert.equal(await section().getAttribute('data-phase'), 'thinking');
  });

  it('follows its newest line while it streams, in its own scrolling box', async () => {
    await panel.send(start('t1'));
    await panel.stream(Array.from({ length: 60 }, (_, i) => thinking('t1', `Step ${i}: check the next case.\n\n`)));
    const [top, height, client] = await body().evaluate((e) => [e.scrollTop, e.scrollHeight, e.clientHeight]);
    assert.ok(height > client, 'taller than its box');
    assert.ok(top + client >= height - 4, `scrolled to its newest line (${top} + ${client} of ${height})`);
    // The reader scrolls up inside it: nothing moves under them while more arrives.
    await body().hover();
    await panel.page.mouse.wheel(0, -300);
    await panel.until(`document.querySelector('[data-role=thinking-body]').scrollTop < ${top - 100}`, 'the wheel scroll');
    const readingAt = await body().evaluate((e) => e.scrollTop);
    await panel.stream(Array.from({ length: 10 }, (_, i) => thinking('t1', `Later step ${i}.\n\n`)));
    assert.equal(await body().evaluate((e) => e.scrollTop), readingAt, 'left where the reader is');
    // Back at the bottom, it follows again.
    await body().evaluate((e) => { e.scrollTop = e.scrollHeight; });
    await panel.frame();
    await panel.stream(Array.from({ length: 10 }, (_, i) => thinking('t1', `Last step ${i}.\n\n`)));
    const [top2, height2, client2] = await body().evaluate((e) => [e.scrollTop, e.scrollHeight, e.clientHeight]);
    assert.ok(top2 + client2 >= height2 - 4, `following again (${top2} + ${client2} of ${height2})`);
  });

  it('folds when the first answer token arrives, then says what it cost; its line reopens and closes it', async () => {
    await panel.page.clock.install();
    await panel.send(start('t1'), thinking('t1', THOUGHT));
    await panel.page.clock.runFor(3_000);
    await panel.send(delta('t1', 'It refills the bucket'));
    assert.equal(await section().getAttribute('data-phase'), 'thought');
    assert.equal(await toggle().getAttribute('aria-expanded'), 'false');
    assert.equal(await body().isVisible(), false);
    assert.equal(await toggle().textContent(), 'Thought for 3 s');
    await panel.page.clock.runFor(5_000);
    assert.equal(await toggle().textContent(), 'Thought for 3 s', 'no longer counting');
    await panel.send(delta('t1', ', then takes `cost` tokens.'), reasonedEnd('t1'));
    // The host's figures: thinking from 380 ms to the first answer token at 14.2 s.
    assert.equal(await toggle().textContent(), 'Thought for 14 s · 1,830 reasoning tokens');
    assert.equal(await panel.turn('t1').locator('[data-role=turn-stats]').textContent(),
      '214 in / 2178 out tokens (1830 reasoning) · TTFT 380 ms thinking / 14.20 s answer · 52.0 tok/s · $0.0218 (reasoning $0.0183)');
    assert.match((await panel.turn('t1').locator('[data-role=turn-stats-spoken]').textContent())!, /1830 of them reasoning, thinking began after 0\.4 seconds, the answer after 14\.2 seconds/);
    await toggle().click();
    assert.equal(await toggle().getAttribute('aria-expanded'), 'true');
    assert.equal(await body().isVisible(), true);
    assert.match((await body().textContent())!, /THINKING-ONLY/);
    await toggle().press('Enter');
    assert.equal(await toggle().getAttribute('aria-expanded'), 'false', 'a real button: the keyboard works it too');
    assert.equal(await body().isVisible(), false);
  });

  it('is never part of the answer, its text or its Copy; its own code blocks offer no Copy or Insert', async () => {
    await panel.send(start('t1'), thinking('t1', THOUGHT), delta('t1', 'Use it like this:\n\n```ts\nbucket.tryTake(2);\n```\n'), reasonedEnd('t1'));
    assert.doesNotMatch((await panel.answer('t1').textContent())!, /THINKING-ONLY|refills first/);
    assert.equal(await panel.answer('t1').locator('[data-role=code-block]').count(), 1);
    await toggle().click();
    assert.equal(await body().locator('[data-role=code-block]').count(), 1, 'the thinking has its code block');
    assert.equal(await body().locator('[data-role=copy-code]').isVisible(), false, 'but no Copy in it');
    assert.equal(await body().locator('[data-role=insert-code]').isVisible(), false, 'and no Insert');
    await panel.eval('navigator.clipboard.writeText = async (t) => { window.__clip = t; }');
    await panel.answer('t1').locator('[data-role=copy-code]').click();
    await panel.until('window.__clip !== undefined', 'the copy');
    assert.equal(await panel.eval('window.__clip'), 'bucket.tryTake(2);');
    // Even if a button in the thinking were reached (it is hidden), it would neither copy nor insert.
    await panel.eval(`document.querySelector('[data-role=thinking-body] [data-role=insert-code]').click()`);
    assert.deepEqual((await panel.sent()).filter((m) => m.type === 'insert-code'), []);
  });

  it('a turn stopped while thinking keeps its thinking open and says so; one that fails says it was interrupted', async () => {
    await panel.send(start('t1'), thinking('t1', 'Considering the edge cases.'),
      reasonedEnd('t1', { finishReason: 'cancelled', usage: { inputTokens: 214, outputTokens: 6, reasoningTokens: 6, estimated: true }, reasoningCostUsd: undefined, metrics: { ttftMs: null, thinkingTtftMs: 380, totalMs: 8_400, tokensPerSecond: null } }));
    assert.equal(await toggle().textContent(), 'Stopped while thinking · 8 s · 6 reasoning tokens');
    assert.equal(await section().getAttribute('data-phase'), 'stopped');
    assert.equal(await body().isVisible(), true);
    assert.equal(await body().textContent(), 'Considering the edge cases.');
    assert.equal(await panel.turn('t1').locator('[data-role=turn-marker]').textContent(), 'Stopped');

    await panel.send(start('t2'), thinking('t2', 'Looking at the refill.'),
      { type: 'turn-error', turnId: 't2', partialText: '', error: { kind: 'network', message: 'The connection dropped.', retryable: true } });
    assert.match((await toggle('t2').textContent())!, /^Interrupted while thinking/);
    assert.equal(await body('t2').textContent(), 'Looking at the refill.');
  });

  it('a restored conversation shows the thinking, folded, with its figures', async () => {
    const done = reasonedEnd('t1') as Extract<HostMessage, { type: 'turn-end' }>;
    const { type: _t, turnId: _id, ...endFields } = done;
    await panel.send({ type: 'history', turns: [
      { turnId: 't1', prompt: { text: 'Explain.' }, provider: 'openai', model: 'deepseek-reasoner', state: 'done', text: 'The answer.', thinking: THOUGHT, end: endFields },
      { turnId: 't2', prompt: { text: 'And this?' }, provider: 'openai', model: 'deepseek-reasoner', state: 'cancelled', text: '', thinking: 'Half a thought',
        end: { ...endFields, finishReason: 'cancelled', metrics: { ttftMs: null, totalMs: 0, tokensPerSecond: null } } },
    ] });
    assert.equal(await toggle().textContent(), 'Thought for 14 s · 1,830 reasoning tokens');
    assert.equal(await toggle().getAttribute('aria-expanded'), 'false');
    assert.equal(await panel.answer('t1').textContent(), 'The answer.');
    await toggle().click();
    assert.match((await body().textContent())!, /THINKING-ONLY/);
    assert.equal(await toggle('t2').textContent(), 'Stopped while thinking · 1,830 reasoning tokens');
    assert.equal(await body('t2').textContent(), 'Half a thought');
  });

  it('a panel shown again while a turn still thinks picks the thinking up live, and folds it when the answer comes', async () => {
    await panel.send({ type: 'history', turns: [
      { turnId: 't1', prompt: { text: 'Explain.' }, provider: 'openai', model: 'deepseek-reasoner', state: 'streaming', text: '', thinking: 'So far, ' },
    ] });
    assert.equal(await section().getAttribute('data-phase'), 'thinking');
    assert.equal(await toggle().getAttribute('aria-expanded'), 'true');
    await panel.send(thinking('t1', 'and more.'), delta('t1', 'The answer.'));
    assert.equal(await body().textContent(), 'So far, and more.');
    assert.equal(await section().getAttribute('data-phase'), 'thought');
  });

  it('with prefers-reduced-motion its label does not pulse (it still counts), and only one cursor shows while it thinks', async () => {
    await panel.send(start('t1'), thinking('t1', 'Considering.'));
    const pulse = () => panel.$eval<string>('[data-role=thinking-toggle]', "(e) => getComputedStyle(e, '::before').animationName");
    assert.equal(await pulse(), 'thinking-pulse');
    const cursors = () => panel.$$eval<number>('[data-turn-id=t1] [data-role=cursor]', '(es) => es.filter((e) => e.getClientRects().length > 0).length');
    assert.equal(await cursors(), 1, 'the thinking\'s cursor, not also the empty answer\'s');
    await panel.page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await pulse(), 'none');
    await panel.send(delta('t1', 'Answer'));
    assert.equal(await pulse(), 'none');
    assert.equal(await cursors(), 1, 'the answer\'s cursor once it streams');
  });

  it('screen readers hear "Thinking…" once, never the thinking itself, then the answer as usual', async () => {
    await panel.send({ type: 'a11y-settings', announce: 'sentences' });
    await panel.eval(`(() => { window.__spoken = []; const r = document.querySelector('[data-role=announce-polite]');
      new MutationObserver(() => window.__spoken.push(r.textContent)).observe(r, { childList: true, characterData: true, subtree: true }); })()`);
    await panel.send(start('t1'));
    await panel.stream([thinking('t1', 'First sentence of thought. '), thinking('t1', 'Second sentence of thought. '), thinking('t1', 'Third one. ')]);
    await panel.stream([delta('t1', 'The answer sentence. '), delta('t1', 'More.')]);
    await panel.send(end('t1'));
    const spoken = await panel.eval<string[]>('window.__spoken');
    assert.deepEqual(spoken.filter((s) => s.startsWith('Thinking')), ['Thinking…'], 'said once');
    assert.ok(!spoken.some((s) => /thought|Third one/.test(s)), `thinking never spoken: ${JSON.stringify(spoken)}`);
    assert.ok(spoken.some((s) => s.includes('The answer sentence.')), 'the answer is');
  });
});

describe('markup in thinking is as inert as in the answer (headless Chromium)', () => {
  let panel: PanelPage;
  let external: string[];
  panelPerTest((p) => {
    panel = p;
    external = [];
    p.page.on('request', (r) => { if (!r.url().startsWith(ORIGIN)) external.push(r.url()); });
  });
  afterEach(() => assert.deepEqual(external, [], 'nothing was fetched from outside the extension'));

  const DANGEROUS = 'script, img, svg, math, iframe, object, embed, style, link, form, input, textarea, video, audio, source, base, meta';

  async function assertInert(turnId: string): Promise<void> {
    const box = `[data-turn-id=${turnId}] [data-role=thinking-body]`;
    assert.equal(await panel.eval('window.__pwned'), undefined, 'no payload ran');
    assert.deepEqual(await panel.$$eval(`${box} :is(${DANGEROUS})`, '(es) => es.map((e) => e.tagName)'), [], 'no dangerous element');
    assert.deepEqual(await panel.$$eval(`${box} *`, '(es) => es.flatMap((e) => e.getAttributeNames().filter((n) => /^on|^style$|^src|^srcdoc$|^formaction$/i.test(n)))'), [], 'no handler, style or source attribute');
    for (const href of await panel.$$eval<string[]>(`${box} [href]`, '(es) => es.map((e) => e.getAttribute("href"))')) assert.match(href, /^https?:\/\//i);
  }

  it('an http(s) link in thinking opens through the host, like the answer\'s; the webview never navigates', async () => {
    await panel.send(start('t1'), thinking('t1', 'See [the guide](https://example.com/guide) first.'));
    await panel.turn('t1').locator('[data-role=thinking-body] a').click();
    assert.equal(panel.page.url(), `${ORIGIN}/`);
    assert.deepEqual((await panel.sent()).filter((m) => m.type === 'open-link'), [{ type: 'open-link', href: 'https://example.com/guide' }]);
  });

  it('every payload, whole and in 1-character thinking deltas, stays text; links in thinking never navigate', async () => {
    for (const [i, payload] of PAYLOADS.entries()) {
      const whole = `w${i}`;
      const split = `s${i}`;
      await panel.send(start(whole), thinking(whole, `Before.\n\n${payload}\n\nAfter.`), delta(whole, 'Answer.'), end(whole));
      await panel.send(start(split));
      await panel.stream([...`Before.\n\n${payload}\n\nAfter.`].map((c) => thinking(split, c)));
      await assertInert(split);
      await panel.send(end(split, 'cancelled'));
      await assertInert(whole);
      await assertInert(split);
      for (const link of await panel.turn(split).locator('[data-role=thinking-body] a').all()) await link.click();
      assert.equal(panel.page.url(), `${ORIGIN}/`, `#${i} did not navigate`);
    }
    assert.equal(await panel.eval('window.__pwned'), undefined);
  });
});
