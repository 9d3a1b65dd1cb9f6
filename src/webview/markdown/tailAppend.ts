/**
 * The open tail's usual change from one frame to the next: a few words more at the end of its last paragraph or list
 * item. Rendering that as DOM meant sanitising the changed piece in a fresh document and morphing it in, on every
 * frame — the document and the piece's nodes garbage a frame later, which the browser then had to sweep and finalise
 * in long pauses. When the new HTML is the old HTML with plain text inserted where the last text node ends, that
 * text is appended to the live text node instead: a Text node's data is never parsed as HTML, so nothing unsafe can
 * come of it, and the DOM ends exactly as sanitising the new HTML would have made it.
 */
import { escapeHtml } from './markdownParser';
import { setMorphKey } from './morph';

/** Closing tags of elements whose last text may grow in place (not `pre`: code has its own path; not `a`: a growing
 * bare URL changes its href too). */
const CLOSING_TAGS = /^(?:<\/(?:p|li|ul|ol|em|strong|s|del|code|h[1-6]|blockquote|td|th|tr|thead|tbody|table)>\s*)+$/;
/** Text as markdown-it escapes it: no tags, and only the entities its escaper writes. */
const ESCAPED_TEXT = /^(?:[^<>&]|&(?:amp|lt|gt|quot);)*$/;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
const unescape = (html: string) => html.replace(/&(?:amp|lt|gt|quot);/g, (e) => ENTITIES[e]);
/** The closing tags at the end of an HTML string. */
const TRAILING_CLOSERS = /(?:<\/[a-z0-9]+>\s*)+$/;
/** A block's own text ends here (not an inline element's, whose markup the added text could belong to). */
const BLOCK_TEXT_END = /^<\/(?:p|li|h[1-6]|td|th)>/;

/**
 * If `next` is `prev` with text inserted right where the text of `prev`'s last text node ends (followed only by
 * closing tags), that node's text before and the inserted text, unescaped; else null.
 */
export function textAppendedAtEnd(prev: string, next: string): { before: string; added: string } | null {
  if (next.length <= prev.length) return null;
  let p = 0;
  while (p < prev.length && prev.charCodeAt(p) === next.charCodeAt(p)) p++;
  const closing = prev.slice(p);
  if (!CLOSING_TAGS.test(closing) || !next.endsWith(closing)) return null;
  const added = next.slice(p, next.length - closing.length);
  const before = lastTextOf(prev.slice(0, p));
  if (before === null || !ESCAPED_TEXT.test(added)) return null;
  return { before, added: unescape(added) };
}

/** The text `head` (HTML) ends in, unescaped: null when it ends in a tag, in whitespace only or in other escapes. */
function lastTextOf(head: string): string | null {
  const text = head.slice(head.lastIndexOf('>') + 1);
  return text.trim() && ESCAPED_TEXT.test(text) ? unescape(text) : null;
}

/**
 * `html` (a block as rendered) with `text` (plain, see plainAppend.ts) added where its block's last text ends, and
 * that text node's change; null unless the HTML ends in the text of a paragraph, list item, heading or cell.
 */
export function addTextToHtml(html: string, text: string): { html: string; change: { before: string; added: string } } | null {
  const closers = TRAILING_CLOSERS.exec(html);
  if (!closers || !BLOCK_TEXT_END.test(closers[0])) return null;
  const head = html.slice(0, closers.index);
  const before = lastTextOf(head);
  if (before === null) return null;
  return { html: head + escapeHtml(text) + closers[0], change: { before, added: text } };
}

/**
 * Appends `added` to the last text node under `root` when it reads `before` (else changes nothing and returns false).
 * `skip`: a node that is not the rendered text (the streaming cursor). The morph keys of the node's ancestors are
 * cleared: they named the HTML the node was rendered from, which it no longer is.
 */
export function appendToLastText(root: Element, change: { before: string; added: string }, skip: Node): boolean {
  const text = lastText(root, skip);
  if (!text || text.data !== change.before || text.parentElement?.closest('pre')) return false;
  text.appendData(change.added);
  for (let n: Node | null = text; n && n !== root; n = n.parentNode) setMorphKey(n, undefined);
  return true;
}

/** The last text node under `root` (not whitespace only, outside `skip`), if the rendered content ends in text. */
function lastText(root: Node, skip: Node): Text | null {
  for (let n = root.lastChild; n; n = n.previousSibling) {
    if (n === skip) continue;
    if (n instanceof Text) {
      if (n.data.trim()) return n;
      continue;
    }
    return lastText(n, skip);
  }
  return null;
}

/** The innermost element the rendered text ends in, where a cursor reads as "more is coming". */
export function lastTextContainer(root: Element): Element {
  let node: Element = root;
  for (;;) {
    let last = node.lastChild;
    // The cursor stays where it was while the tail is morphed (see leaveAlone): look past it.
    if (last instanceof Element && last.matches('.stream-cursor')) last = last.previousSibling;
    if (!(last instanceof Element) || last.matches('hr, br, .code-head')) return node;
    node = last;
  }
}
