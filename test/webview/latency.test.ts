import * as assert from 'node:assert/strict';
import { panelPerTest, type PanelPage } from './harness';
import { start } from './fixtures';

/**
 * Deltas posted one at a time, each after the previous one is on screen or given up on: for each, how many animation
 * frames after the message reached the page its text was in the answer (1 = the first frame). The panel's own frame
 * callback was requested while the message was handled, so it runs before ours in the same frame.
 */
const LAGS = `(async (texts, pause) => {
  const answer = () => document.querySelector('[data-turn-id="t1"] [data-role=answer]');
  const frame = () => new Promise((r) => window.__rawRaf(() => r()));
  const lags = [];
  for (const [i, text] of texts.entries()) {
    window.postMessage({ type: 'delta', turnId: 't1', text }, '*');
    await window.__yield();
    const marker = text.trim().split(/\\s+/).pop();
    let frames = 0;
    do { await frame(); frames++; } while (!answer().textContent.includes(marker) && frames < 60);
    lags.push(frames);
    for (let f = 0; f < pause; f++) await frame();
  }
  return lags;
})`;

const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ` w${from + i}x`);

describe('latency: a delta is on screen in the first frame after it reaches the panel', () => {
  let panel: PanelPage;
  panelPerTest((p) => (panel = p));

  it('the first words of an answer, with no warm-up and no quiet frames between them, each show in their first frame', async () => {
    // Sent before the panel's idle-time warm-up has run: the first render of a turn is its most expensive one.
    await panel.send(start('t1'));
    const lags = await panel.eval<number[]>(`${LAGS}(${JSON.stringify(['Explains', ...words(40)])}, 0)`);
    assert.deepEqual(lags, lags.map(() => 1), `frames until shown: ${lags.join(' ')}`);
  });

  it('a growing paragraph and list at a model\'s pace (a few frames apart) show every delta in its first frame', async () => {
    await panel.send(start('t1'));
    const texts = ['Intro', ...words(30), '\n\n- item', ...words(30, 100), '\n- next', ...words(30, 200)];
    const lags = await panel.eval<number[]>(`${LAGS}(${JSON.stringify(texts)}, 3)`);
    assert.deepEqual(lags, lags.map(() => 1), `frames until shown: ${lags.join(' ')}`);
  });

  /** Runs `fn` with the page's CPU throttled (`rate` times slower): a loaded machine, made reproducible. */
  async function throttled<T>(rate: number, fn: () => Promise<T>): Promise<T> {
    const cdp = await panel.page.context().newCDPSession(panel.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    try {
      return await fn();
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    }
  }

  it('a tail too big to render every frame is rendered every other frame: never more than two frames behind; plain words added to it need no render and show in their first frame', async () => {
    // A 300-item list with code in its items is one open block: each render of it parses the whole list.
    const items = Array.from({ length: 300 }, (_, i) => `- item ${i} uses \`f${i}()\` and **bold** text\n  \`\`\`ts\n  const v${i} = ${i};\n  \`\`\``).join('\n');
    await panel.send(start('t1'), { type: 'delta', turnId: 't1', text: `${items}\n- last item` });
    // A word ending in ';' is not plain text to the tail (plainAppend.ts: it could end an entity): each is rendered.
    const rendered = await throttled(4, () => panel.eval<number[]>(`${LAGS}(${JSON.stringify(words(40).map((w) => `${w};`))}, 0)`));
    // Decided by the tail's size, not by timing: every word waits exactly one frame, so input gets every other frame.
    assert.deepEqual(rendered, rendered.map(() => 2), `frames until shown: ${rendered.join(' ')}`);
    const plain = await throttled(4, () => panel.eval<number[]>(`${LAGS}(${JSON.stringify(words(40, 100))}, 0)`));
    // (The first follows a ';', so it is rendered, in its turn.)
    assert.deepEqual(plain, plain.map((_, i) => (i === 0 ? 2 : 1)), `frames until shown: ${plain.join(' ')}`);
  });

  it('on a machine four times slower, a small tail is still never put off: every delta in its first frame', async () => {
    // What used to flake under load: renders timed over the budget made a small tail skip frames.
    await panel.send(start('t1'));
    const texts = ['Intro', ...words(30), '\n\n- item', ...words(30, 100)];
    const lags = await throttled(4, () => panel.eval<number[]>(`${LAGS}(${JSON.stringify(texts)}, 0)`));
    assert.deepEqual(lags, lags.map(() => 1), `frames until shown: ${lags.join(' ')}`);
  });
});
