/**
 * The floor the panel is measured against for frame times: the cheapest page that still shows tokens as they arrive.
 * No markdown, no highlighting, no sanitising: each frame appends the new text to the last paragraph's text node (a
 * blank line starts a new paragraph, so a frame lays out one paragraph, not the whole answer) and keeps the bottom in
 * view (as the panel does, from a ResizeObserver). Whatever this page pays per frame — text layout, paint, scrolling,
 * and the browser's garbage collection that they and the message traffic cause — any streaming panel pays.
 * (One text node for the whole answer is no floor: every frame copies and lays out all of it; at 5k tokens it cost
 * as much as the panel and caused 16 times as many full GCs.) Built by bench/renderRun.ts with esbuild; never shipped.
 */
import { mountAnswer, sayReady } from './comparisonPage';
import { PlainTextAppender } from './plainTextAppender';

let answer: PlainTextAppender | null = null;
let pending = '';
let frameQueued = false;

function render(): void {
  frameQueued = false;
  if (!answer) return;
  answer.append(pending);
  pending = '';
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as { type?: string; text?: string };
  if (m.type === 'turn-start') {
    const root = mountAnswer();
    answer = new PlainTextAppender(root);
    new ResizeObserver(() => {
      const s = document.scrollingElement!;
      s.scrollTop = s.scrollHeight;
    }).observe(root);
  } else if (m.type === 'delta' && typeof m.text === 'string') {
    pending += m.text;
    if (!frameQueued) {
      frameQueued = true;
      requestAnimationFrame(render);
    }
  }
});
sayReady();
