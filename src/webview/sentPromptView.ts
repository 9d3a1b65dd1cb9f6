/**
 * Under an explain question: chips for the context that went with the code ("2 definitions · 1 error · imports",
 * each with its tokens) and a Show prompt toggle revealing exactly the messages the model received. Text only.
 */
import type { SentPromptView } from '../core/protocol';
import { el } from './dom';

let promptIds = 0;

export function renderSentPrompt(sent: SentPromptView): HTMLElement {
  const row = el('div', { class: 'context-row', attrs: { 'data-role': 'context' } });
  const chips = el('ul', { class: 'context-chips', attrs: { 'data-role': 'context-chips', 'aria-label': 'Context sent with the code' } });
  for (const c of sent.chips) {
    chips.append(el('li', { class: 'context-chip', attrs: { 'data-kind': c.kind, title: `${c.tokens} tokens` } },
      el('span', { class: 'chip-label', text: c.label }),
      el('span', { class: 'chip-tokens', text: ` ${c.tokens} tok` })));
  }
  if (sent.partial) chips.append(el('li', { class: 'context-chip none', text: 'partial: language features were slow', attrs: { 'data-role': 'context-partial' } }));
  if (sent.chips.length === 0) chips.append(el('li', { class: 'context-chip none', text: 'selection only' }));
  const id = `sent-prompt-${promptIds++}`;
  const toggle = el('button', { class: 'code-toggle', text: 'Show prompt', attrs: { type: 'button', 'data-role': 'show-prompt', 'aria-expanded': 'false', 'aria-controls': id } });
  const messages = el('div', { class: 'sent-prompt', attrs: { 'data-role': 'sent-prompt', id, hidden: '' } },
    message('system', sent.system),
    message('user', sent.user));
  toggle.addEventListener('click', () => {
    const open = messages.hidden;
    messages.hidden = !open;
    toggle.textContent = open ? 'Hide prompt' : 'Show prompt';
    toggle.setAttribute('aria-expanded', String(open));
  });
  row.append(chips, toggle);
  const wrap = el('div', { class: 'sent' }, row, messages);
  return wrap;
}

function message(role: string, content: string): HTMLElement {
  return el('div', { class: 'sent-message', attrs: { 'data-role': `sent-${role}` } },
    el('div', { class: 'sent-role', text: role }),
    el('pre', { class: 'sent-content', text: content }));
}
