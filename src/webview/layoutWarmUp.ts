/**
 * Lays out a sample answer once while the panel is idle, before the window's first answer, so that answer does not
 * pay the renderer's first use of each font mid-stream. Traced in code-server (bench:latency --trace): the first time
 * the window lays out a font at a size and style (a "strike": inline code in the editor font, emphasis, a heading's
 * code, the cursor's glyph), the renderer waits on a synchronous call to the browser process's font service
 * (FontRenderStyleForStrike, fontconfig): 9 such calls in every window's first answer and none in later ones, each
 * 0.4–31 ms depending on load (one held a layout for 19.6 ms of which 0.8 ms was the renderer's own CPU). With this
 * warm-up a first answer makes 1 (at its turn's start, before its first token).
 * markdown-it, highlight.js and DOMPurify are warmed separately (markdown/warmUp.ts); only a laid-out document warms
 * this.
 *
 * Never seen or heard: the sample is built in a container that is hidden (visibility), aria-hidden, inert, fixed
 * outside the app the scroll follower watches, laid out by reading its height and removed in the same task, so no
 * frame is drawn and no accessibility tree is built while it is in the document. Never in an answer's way: it runs in
 * an idle callback and only while the panel holds no turn (a turn on screen has paid these costs itself, and a
 * streaming one must not wait for this). The mark it leaves (a performance entry, not the DOM) is how tests and
 * traces see it ran.
 */
import { el } from './dom';
import { renderPieces } from './markdown/pieceRenderer';

/** The performance mark left once the sample was laid out; `detail.height` is its laid-out height in px. */
export const LAYOUT_WARM_UP_MARK = 'stream-explain:layout-warm-up';

/**
 * What an answer shows, in each place it changes the font's size or style: prose, headings (and code, emphasis and
 * bold in them), a list, a fence (unlabelled: no grammar to compile here).
 */
const SAMPLE = [
  '## Sample `code`, *emphasis* and **strong**', '', 'Some **strong**, *emphasis* and `inline code` in a sentence.', '',
  '### Sample `code`, *emphasis* and **strong**', '', '- one `item`, *two* and **three**', '- four', '',
  '```', 'const a = 1;', '```', '',
].join('\n');

type Idle = (cb: () => void) => void;

const onIdle: Idle = (cb) => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(cb, { timeout: 2000 });
  else setTimeout(cb, 50);
};

/**
 * Once the panel is idle, unless `busy()` (a turn is on screen) says otherwise then, lays the sample out inside
 * `parent` (the body) and removes it.
 */
export function warmUpLayout(parent: HTMLElement, busy: () => boolean, idle: Idle = onIdle): void {
  idle(() => {
    if (busy()) return;
    const answer = el('div', { class: 'answer' }, renderPieces(SAMPLE, false),
      // The streaming cursor's glyph is not in every UI font: its fallback font is a strike of its own.
      el('p', { text: 'Streaming' }, el('span', { class: 'stream-cursor' })));
    const sample = el('section', { class: 'turn' },
      el('div', { class: 'question' }, el('div', { class: 'question-text', text: 'Sample question' })),
      el('h2', { class: 'answer-head', text: 'Sample answer' }),
      answer);
    const box = el('div', { attrs: { 'aria-hidden': 'true', inert: '' } }, sample);
    // Fixed, so it adds nothing to the page's scroll size; as wide as the panel, so lines break as an answer's would.
    box.style.cssText = 'position:fixed;left:0;top:0;width:100%;visibility:hidden;pointer-events:none;z-index:-1;';
    parent.append(box);
    try {
      const height = box.offsetHeight; // the layout: style, fonts and text shaping happen here
      performance.mark(LAYOUT_WARM_UP_MARK, { detail: { height } });
    } finally {
      box.remove();
    }
  });
}
