/**
 * Every piece of HTML that reaches the panel's DOM goes through DOMPurify here, with an allowlist of exactly what
 * the markdown renderer and the highlighter produce. No scripts, no event handlers, no SVG or MathML, no images,
 * no forms, no style attributes, no data-* attributes; links keep an href only when it is an absolute http(s) URL.
 *
 * The HTML is parsed into a <template> (an inert document: nothing in it runs or loads), sanitised there in place,
 * and the sanitised nodes themselves are moved into the panel — never serialised and parsed again, so what was
 * checked is exactly what is inserted. Reusing the one template document (instead of DOMPurify creating a document
 * per call) keeps garbage, and so garbage-collection pauses, small while an answer streams.
 */
import DOMPurify from 'dompurify';
import { isSafeLink } from '../../core/protocol';

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

const template = document.createElement('template');

function sanitize(html: string): DocumentFragment {
  template.innerHTML = html;
  const holder = template.content.ownerDocument.createElement('div');
  holder.append(template.content);
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
