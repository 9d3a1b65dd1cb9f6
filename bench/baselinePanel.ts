/**
 * The naive baseline the issue asks to beat, in the same page set-up as the panel: on every delta, re-parse the whole
 * answer with the same markdown-it configuration (highlighting included), sanitise it with the same DOMPurify
 * configuration, and replace the answer's content. (DOM-fragment output replaced in one call: the same work as
 * setting innerHTML to the sanitised string, minus one serialise-and-reparse, so this baseline is if anything a
 * little faster than the literal innerHTML one.) It follows the bottom once per frame, as the panel does.
 * It gets the panel's idle-time warm-up too. Built by bench/renderRun.ts with esbuild; never shipped.
 */
import { renderMarkdown } from '../src/webview/markdown/markdownParser';
import { sanitizeMarkdownHtml } from '../src/webview/markdown/sanitize';
import { warmUpRenderer } from '../src/webview/markdown/warmUp';
import { mountAnswer, sayReady } from './comparisonPage';

let answer: HTMLElement | null = null;
let text = '';
let scrollQueued = false;

function followBottom(): void {
  if (scrollQueued) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    const s = document.scrollingElement!;
    s.scrollTop = s.scrollHeight;
  });
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as { type?: string; text?: string };
  if (m.type === 'turn-start') {
    answer = mountAnswer();
    text = '';
  } else if (m.type === 'delta' && answer && typeof m.text === 'string') {
    text += m.text;
    answer.replaceChildren(sanitizeMarkdownHtml(renderMarkdown(text)));
    followBottom();
  }
});
// The same idle-time warm-up as the panel (grammar compilation, JIT), so neither side pays it mid-stream.
warmUpRenderer();
sayReady();
