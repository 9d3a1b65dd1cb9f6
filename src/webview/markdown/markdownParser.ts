/**
 * The markdown configuration every answer is rendered with (markdown-it, CommonMark plus GFM tables and
 * strikethrough). Model output is untrusted:
 * - `html: false` — raw HTML in the answer is escaped and shows as text;
 * - links only to absolute http(s) URLs (anything else, `javascript:` and `data:` included, stays literal text);
 *   bare URLs are linked, bare domains ("setup.py") are not;
 * - images are never loaded: `![alt](url)` becomes a link reading "[image: alt]";
 * - table alignment becomes a class, since the webview's CSP ignores style attributes.
 * The HTML it produces still goes through the sanitizer before it reaches the DOM.
 */
import MarkdownIt from 'markdown-it';
import { isSafeLink } from '../../core/protocolParse';
import { codeClass, fenceWord, highlightCode, languageOf } from './highlighter';

export const md = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  breaks: false,
});
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
md.validateLink = (url: string) => isSafeLink(url);

/** markdown-it's own escaping of text (what extended HTML must match, tailAppend.ts). */
export const escapeHtml = md.utils.escapeHtml;

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = String(token.attrGet('src') ?? '');
  const alt = token.children ? md.renderer.renderInlineAsText(token.children, md.options, {}) : token.content;
  const label = `[image: ${alt || 'untitled'}]`;
  return `<a href="${escapeHtml(src)}" class="md-image-link" title="${escapeHtml(src)}">${escapeHtml(label)}</a>`;
};

/** Highlighted HTML for a fence's code (escaped text when the language is unknown). */
export function highlightFence(code: string, word: string): string {
  return highlightCode(code, languageOf(word)) ?? escapeHtml(code);
}

/** A fenced code block left as a slot by the render (see pieceRenderer.ts), to be filled in after sanitising. */
export interface FenceSlot {
  word: string;
  code: string;
}

/** The class of a fence slot's empty <pre> (with html: false, markdown-it never emits a class of the answer's own). */
export const FENCE_SLOT_CLASS = 'md-fence-slot';

// With a slot list in env, a fence renders as an empty <pre> and its code goes into the list, in document order.
md.renderer.rules.fence = (tokens, idx, _options, env) => {
  const token = tokens[idx];
  const word = fenceWord(token.info);
  const fences = (env as { fences?: FenceSlot[] } | undefined)?.fences;
  if (fences) {
    fences.push({ word, code: token.content });
    return `<pre class="${FENCE_SLOT_CLASS}"></pre>\n`;
  }
  const html = highlightFence(token.content, word);
  return `<pre><code class="${escapeHtml(codeClass(word))}">${html}</code></pre>\n`;
};

md.core.ruler.push('align_classes', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const style = String(token.attrGet('style') ?? '');
    if (!style) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    const m = /text-align:(left|center|right)/.exec(style);
    if (m) token.attrJoin('class', `align-${m[1]}`);
  }
});

/** Markdown source → HTML string (not yet sanitised). */
export function renderMarkdown(source: string): string {
  return md.render(source);
}
