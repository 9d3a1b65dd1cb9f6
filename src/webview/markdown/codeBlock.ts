/**
 * Code blocks: the header (language label, Copy, Insert at cursor) and a fenced block that grows line by line.
 * The buttons are built once with the block and never rebuilt while it streams; their clicks are handled by
 * delegation (answerActions.ts), so they need no listeners of their own.
 */
import { el } from '../dom';
import { codeClass, fenceWord, LineHighlighter, languageLabel, languageOf, wordOfClass } from './highlighter';
import { sanitizeCodeHtml } from './sanitize';

/**
 * The header's words are CSS generated content (`data-label`), not text: selecting and copying an answer across a code
 * block copies the code, not "TypeScript Copy Insert at cursor", and the answer's textContent is its text.
 */
function header(word: string): HTMLElement {
  const label = languageLabel(word);
  return el('div', { class: 'code-head' },
    el('span', { class: 'code-lang', attrs: { 'data-role': 'code-lang', 'data-label': label, role: 'note', 'aria-label': label } }),
    el('span', { class: 'code-actions' },
      el('button', { class: 'code-action', attrs: { type: 'button', 'data-role': 'copy-code', 'data-label': 'Copy', 'aria-label': 'Copy', title: 'Copy the code' } }),
      el('button', { class: 'code-action', attrs: { type: 'button', 'data-role': 'insert-code', 'data-label': 'Insert at cursor', 'aria-label': 'Insert at cursor', title: 'Insert the code at the cursor in the active editor' } })));
}

/** Code scrolls sideways rather than wrapping: in the tab order, so the keyboard can scroll it too (WCAG 2.1.1). */
const CODE_PRE_ATTRS = { tabindex: '0', role: 'region', 'aria-label': 'Code' };

/** The block's frame with its header; the `pre` goes after the header. */
function frame(word: string): HTMLElement {
  return el('div', { class: 'code-block', attrs: { 'data-role': 'code-block' } }, header(word));
}

/** Gives every `pre > code` rendered by markdown (e.g. a fence inside a list item) the code block header. */
export function decorateCodeBlocks(root: DocumentFragment | Element): void {
  for (const code of Array.from(root.querySelectorAll('pre > code'))) {
    const pre = code.parentElement!;
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const block = frame(wordOfClass(code.className));
    pre.replaceWith(block);
    for (const [k, v] of Object.entries(CODE_PRE_ATTRS)) pre.setAttribute(k, v);
    block.append(pre);
  }
}

/** The code of a block, as Copy and Insert give it: its text without the final newline. */
export function codeOf(block: Element): { code: string; language?: string } {
  const code = block.querySelector('pre > code');
  const text = (code?.textContent ?? '').replace(/\n$/, '');
  const language = wordOfClass(code?.className ?? '');
  return language ? { code: text, language } : { code: text };
}

/**
 * A top-level fenced code block while it streams. Complete lines are highlighted once (see LineHighlighter) and
 * appended; the line being typed shows as plain text after them. The element is the block's for good: created at the
 * fence's opening line, finished at its closing line, never re-created.
 */
export class StreamingCodeBlock {
  readonly root: HTMLElement;
  private readonly code: HTMLElement;
  private readonly partial = document.createTextNode('');
  private readonly highlighter: LineHighlighter | null;
  private readonly plain: Text | null = null;
  private lastSegment: HTMLElement | null = null;

  constructor(info: string) {
    const word = fenceWord(info);
    const language = languageOf(word);
    this.highlighter = language && language !== 'plaintext' ? new LineHighlighter(language) : null;
    this.code = el('code', { class: codeClass(word) });
    if (!this.highlighter) {
      this.plain = document.createTextNode('');
      this.code.append(this.plain);
    }
    this.code.append(this.partial);
    this.root = frame(word);
    this.root.append(el('pre', { attrs: CODE_PRE_ATTRS }, this.code));
  }

  /** One more complete line of code. */
  appendLine(text: string): void {
    if (this.plain) {
      this.plain.appendData(text + '\n');
      return;
    }
    const { html, replaces } = this.highlighter!.addLine(text);
    const segment = el('span', { class: 'code-seg' });
    segment.append(sanitizeCodeHtml(html));
    if (replaces && this.lastSegment) this.lastSegment.replaceWith(segment);
    else this.code.insertBefore(segment, this.partial);
    this.lastSegment = segment;
  }

  /** The line being typed, shown as plain text until it is complete. */
  setPartial(text: string): void {
    const current = this.partial.data;
    if (text === current) return;
    if (text.startsWith(current)) this.partial.appendData(text.slice(current.length));
    else this.partial.data = text;
  }

  /** The fence closed (or the answer ended). */
  close(): void {
    this.partial.remove();
  }

  /** Where the streaming cursor goes. */
  get cursorHost(): HTMLElement {
    return this.code;
  }
}
