/**
 * Every piece of HTML that reaches the panel's DOM goes through DOMPurify here, with an allowlist of exactly what
 * the markdown renderer and the highlighter produce. No scripts, no event handlers, no SVG or MathML, no images,
 * no forms, no style attributes, no data-* attributes; links keep an href only when it is an absolute http(s) URL.
 *
 * The HTML is parsed into a fresh document made with `createHTMLDocument` (inert: it has no browsing context, so
 * nothing in it runs or loads), sanitised there in place, and the sanitised nodes themselves are moved into the panel
 * — never serialised and parsed again, so what was checked is exactly what is inserted. A fresh document per call,
 * not one shared <template>: DOMPurify leaves a NodeIterator on the document it walks, and every node later removed
 * from a document notifies each iterator still alive on it, so a shared document made moving nodes out of it slower
 * and slower until the next garbage collection (measured: up to ~10 ms to move one list's nodes).
 */
import DOMPurify from 'dompurify';
import { isSafeLink } from '../../core/protocolParse';

const ALLOWED_TAGS = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del',
  'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 'span',
  // Only the holder element the sanitiser works in (below); markdown-it with html: false never emits one.
  'div',
];

DOMPurify.setConfig({
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'title', 'class', 'start'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^https?:\/\//i,
  IN_PLACE: true,
});

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName !== 'A') return;
  const href = node.getAttribute('href');
  if (href !== null && !isSafeLink(href)) node.removeAttribute('href');
  node.setAttribute('rel', 'noopener noreferrer');
});

function sanitize(html: string): DocumentFragment {
  const holder = document.implementation.createHTMLDocument('').createElement('div');
  holder.innerHTML = html;
  DOMPurify.sanitize(holder);
  const out = document.createDocumentFragment();
  while (holder.firstChild) out.appendChild(holder.firstChild);
  return out;
}

/** Sanitised DOM for rendered markdown. */
export function sanitizeMarkdownHtml(html: string): DocumentFragment {
  return sanitize(html);
}

/** Sanitised DOM for highlighted code (hljs emits spans with classes around escaped text). */
export function sanitizeCodeHtml(html: string): DocumentFragment {
  return sanitize(html);
}
