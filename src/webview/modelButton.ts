import { PROVIDER_LABELS, type ProviderId } from '../core/provider';
import { el } from './dom';
import { send } from './vscodeApi';

/**
 * The panel's model button: shows the provider and model the next answer comes from, and asks the host to open the
 * model picker. The label is set as text (a model id comes from settings or a provider's list: never markup).
 * DOM hook for tests: [data-role=model-picker], data-provider, data-model.
 */
export class ModelButton {
  readonly root = el('button', {
    class: 'model-picker',
    text: 'Select model',
    attrs: { type: 'button', 'data-role': 'model-picker', title: 'Choose the model for this conversation (Stream Explain: Select Model)' },
  });

  constructor() {
    this.root.addEventListener('click', () => send({ type: 'select-model' }));
  }

  set(provider: ProviderId, model: string): void {
    this.root.textContent = `${PROVIDER_LABELS[provider]} · ${model || '(no model set)'}`;
    this.root.dataset.provider = provider;
    this.root.dataset.model = model;
  }
}
