/**
 * Warms the renderer up while the panel is idle, before the first answer: highlight.js compiles a language's
 * grammar the first time it is used (tens of milliseconds for the larger ones), and the JIT has not yet seen the
 * markdown, sanitiser and morph code. Done in idle callbacks, one small step each, so it never delays anything;
 * without it, the first code block in a new language would cost a visibly long frame mid-stream.
 */
import { LANGUAGE_NAMES, highlightCode } from './highlighter';
import { renderPieces } from './pieceRenderer';

const SAMPLE = [
  '## Sample', '', 'Some *emphasis*, **strong**, `code`, ~~gone~~ and a [link](https://example.com) or https://example.com.', '',
  '1. one', '2. two', '   ```ts', '   const a = 1;', '   ```', '', '| a | b |', '|---|--:|', '| 1 | 2 |', '', '> quote', '',
].join('\n');

export function warmUpRenderer(): void {
  const steps: Array<() => void> = [
    ...LANGUAGE_NAMES.map((name) => () => void highlightCode('x = 1 // y\n', name)),
    // The panel's own path; a different last line each time, so not every piece comes from the cache.
    () => { for (let i = 0; i < 20; i++) renderPieces(`${SAMPLE}\nline ${i}`, i % 2 === 0, i % 4 < 2); },
  ];
  const idle = (cb: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(cb, { timeout: 2000 }) : setTimeout(cb, 50));
  const next = () => {
    const step = steps.shift();
    if (!step) return;
    step();
    idle(next);
  };
  idle(next);
}
