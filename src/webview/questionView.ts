/** The question of a turn: the user's text, then the code it is about — highlighted, and collapsed when long. */
import type { EstimateView } from '../core/protocol';
import { formatEstimate } from '../core/format';
import type { PromptView } from '../core/protocol';
import { el } from './dom';
import { codeClass, highlightCode, languageOf } from './markdown/highlighter';
import { sanitizeCodeHtml } from './markdown/sanitize';
import { renderSentPrompt } from './sentPromptView';

/** Code longer than this many lines shows only its first COLLAPSED_LINES until expanded. */
export const COLLAPSE_OVER_LINES = 8;
export const COLLAPSED_LINES = 6;

/** `idPrefix` makes the ids of the question's parts unique in the panel (the code toggle names what it controls). */
export function renderQuestion(p: PromptView, idPrefix: string): HTMLElement {
  const q = el('div', { class: 'question', attrs: { 'data-role': 'question' } },
    el('h2', { class: 'sr-only', text: 'Question' }),
    el('div', { class: 'question-text', text: p.text }));
  if (p.code !== undefined) appendCode(q, { ...p, code: p.code }, `${idPrefix}-code`);
  // What the host changed about the request (an over-long selection cut, minified code) is said where the code is.
  if (p.note) q.append(el('div', { class: 'question-note', text: p.note, attrs: { 'data-role': 'question-note', role: 'note' } }));
  if (p.sent) q.append(renderSentPrompt(p.sent));
  q.append(el('div', { class: 'question-estimate', text: p.estimate ? formatEstimate(p.estimate) : '', attrs: { 'data-role': 'question-estimate' } }));
  return q;
}

/** The estimate worked out when the question was sent (it may arrive after the answer started). */
export function setQuestionEstimate(q: HTMLElement, e: EstimateView): void {
  const line = q.querySelector<HTMLElement>('[data-role=question-estimate]');
  if (line) line.textContent = formatEstimate(e);
}

/** The code the question is about: its file and language, highlighted, collapsed when long. */
function appendCode(q: HTMLElement, p: PromptView & { code: string }, id: string): void {
  const label = [p.fileName, p.language].filter(Boolean).join(' · ');
  if (label) q.append(el('div', { class: 'code-label', text: label }));
  const language = languageOf(p.language);
  const code = el('code', { class: codeClass(language ?? '') });
  const html = highlightCode(p.code, language);
  if (html === null) code.textContent = p.code;
  else code.append(sanitizeCodeHtml(html));
  const pre = el('pre', { class: 'question-code', attrs: { id, tabindex: '0', role: 'region', 'aria-label': 'Code in the question' } }, code);
  q.append(pre);
  const lines = p.code.replace(/\n$/, '').split('\n').length;
  if (lines > COLLAPSE_OVER_LINES) {
    const more = `Show all ${lines} lines`;
    pre.classList.add('collapsed');
    const toggle = el('button', { class: 'code-toggle', text: more, attrs: { type: 'button', 'data-role': 'toggle-code', 'aria-expanded': 'false', 'aria-controls': id } });
    toggle.addEventListener('click', () => {
      const collapsed = pre.classList.toggle('collapsed');
      toggle.textContent = collapsed ? more : 'Show fewer lines';
      toggle.setAttribute('aria-expanded', String(!collapsed));
    });
    q.append(toggle);
  }
}
