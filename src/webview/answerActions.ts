/**
 * Clicks inside answers, by delegation (one listener for all answers; rendered content carries no listeners and no
 * data-* attributes of its own, so only the panel's own buttons match):
 * - a link: never navigates the webview; an http(s) link asks the host to open it (the host validates it again);
 * - Copy on a code block: copies its code, and says so for a moment;
 * - Insert at cursor: asks the host to insert the code into the active editor.
 */
import { isSafeLink } from '../core/protocolParse';
import { copyText } from './clipboard';
import { codeOf } from './markdown/codeBlock';
import { send } from './vscodeApi';

const FEEDBACK_MS = 1500;

export function installAnswerActions(container: HTMLElement): void {
  container.addEventListener('click', (e) => onClick(e));
  // Middle-click would open a link in a new window: never.
  container.addEventListener('auxclick', (e) => {
    if ((e.target as Element).closest('a')) e.preventDefault();
  });
}

function onClick(e: MouseEvent): void {
  const target = e.target as Element;
  const link = target.closest('a');
  // Links in the thinking section too: rendered by the same renderer, they must never navigate the webview either.
  if (link && link.closest('[data-role=answer], [data-role=thinking-body]')) {
    e.preventDefault();
    const href = link.getAttribute('href');
    if (href && isSafeLink(href)) send({ type: 'open-link', href });
    return;
  }
  const button = target.closest('button');
  const block = button?.closest('[data-role=code-block]');
  if (!button || !block || !block.closest('[data-role=answer]')) return;
  const role = button.getAttribute('data-role');
  if (role === 'copy-code') void copy(button, codeOf(block).code);
  else if (role === 'insert-code') send({ type: 'insert-code', ...codeOf(block) });
}

const resets = new WeakMap<HTMLButtonElement, number>();

async function copy(button: HTMLButtonElement, code: string): Promise<void> {
  const ok = await copyText(code);
  label(button, ok ? 'Copied' : 'Copy failed');
  button.classList.toggle('done', ok);
  clearTimeout(resets.get(button));
  resets.set(button, window.setTimeout(() => {
    label(button, 'Copy');
    button.classList.remove('done');
  }, FEEDBACK_MS));
}

/** Header words are generated content (see codeBlock.ts): the label and the accessible name change together. */
function label(button: HTMLButtonElement, text: string): void {
  button.setAttribute('data-label', text);
  button.setAttribute('aria-label', text);
}
