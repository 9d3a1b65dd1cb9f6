/**
 * Lays out a sample answer once while the panel is idle, before the window's first answer, so that answer does not
 * pay the renderer's first-use costs mid-stream. Traced in code-server (bench:latency --trace, each window's first
 * answer): the first layout of the panel that held an inline `code` span — the editor font, which nothing else in the
 * window may have used yet — took 6–40 ms in one task (20 ms typical) while later answers' took about 5, and the first
 * turn's first layout 4–13 ms. markdown-it, highlight.js and DOMPurify are warmed separately (markdown/warmUp.ts);
 * this is the part only a laid-out document warms: style, fonts, text shaping.
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

/** What an answer shows: headings, bold, emphasis, inline code, a list, a fence (unlabelled: no grammar to compile). */
const SAMPLE = [
  '## Sample', '', 'Some **strong**, *emphasis* and `inline code` in a sentence.', '', '- one `item`', '- two', '',
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
    const answer = el('div', { class: 'answer' }, renderPieces(SAMPLE, false));
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
