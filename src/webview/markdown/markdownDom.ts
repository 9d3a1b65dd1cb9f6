/**
 * Markdown source → sanitised DOM, rendered whole. The panel renders through pieceRenderer.ts, which must give the same
 * DOM: this is the reference it is tested against (test/webview/pieces.test.ts).
 */
import { decorateCodeBlocks } from './codeBlock';
import { renderMarkdown } from './markdownParser';
import { sanitizeMarkdownHtml } from './sanitize';

/** Markdown source → sanitised DOM, code blocks with their header. */
export function renderMarkdownFragment(source: string): DocumentFragment {
  const fragment = sanitizeMarkdownHtml(renderMarkdown(source));
  dropLayoutWhitespace(fragment);
  decorateCodeBlocks(fragment);
  return fragment;
}

const BLOCK_CONTAINERS = new Set(['UL', 'OL', 'LI', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR']);

/**
 * Removes the newlines markdown-it puts between block tags: they render as nothing, but they would be the only
 * whitespace in the answer's textContent that is not the answer's.
 */
export function dropLayoutWhitespace(root: DocumentFragment): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const drop: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentNode;
    if (/^\s*$/.test(n.nodeValue ?? '') && (parent === root || BLOCK_CONTAINERS.has(parent?.nodeName ?? ''))) drop.push(n);
  }
  for (const n of drop) n.parentNode?.removeChild(n);
}
