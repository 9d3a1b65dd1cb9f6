import type { ProviderId } from '../core/provider';
import { el } from './dom';
import { send } from './vscodeApi';

/** Opens the prices setting with this model's row filled in for the user to complete (command streamExplain.setPrice). */
export function setPriceButton(provider: ProviderId, model: string): HTMLElement {
  const b = el('button', { class: 'set-price link-button', text: 'price unknown — set a price', attrs: { type: 'button', 'data-role': 'set-price', title: `Add a price for ${model} to streamExplain.prices` } });
  b.addEventListener('click', () => send({ type: 'set-price', provider, model }));
  return b;
}
