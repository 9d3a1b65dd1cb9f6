/**
 * Under a finished answer: Shorter / Simpler / More detail, each asking the follow-up for the user. They are
 * ordinary questions (the `ask` message), so the conversation shows and keeps them like typed ones.
 */
import { el } from './dom';
import { send } from './vscodeApi';

export const REFINE_REQUESTS: ReadonlyArray<{ label: string; text: string }> = [
  { label: 'Shorter', text: 'Shorter, please: say the same in about half the words, keeping only what matters most.' },
  { label: 'Simpler', text: 'Simpler, please: explain it again for someone new to this code and language, in plain words, defining any term you need.' },
  { label: 'More detail', text: 'More detail, please: go deeper into how it works step by step, its edge cases, and anything surprising.' },
];

export function refineButtons(): HTMLElement {
  const group = el('span', { class: 'refine', attrs: { 'data-role': 'refine', role: 'group', 'aria-label': 'Ask for another take' } });
  for (const r of REFINE_REQUESTS) {
    const b = el('button', { class: 'turn-button', text: r.label, attrs: { type: 'button', 'data-refine': r.label } });
    b.addEventListener('click', () => send({ type: 'ask', text: r.text }));
    group.append(b);
  }
  return group;
}
