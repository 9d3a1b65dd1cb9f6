import { formatStatsLine } from '../core/format';
import type { ErrorView, PromptView, TurnEnd, TurnSnapshot, TurnState } from '../core/protocol';
import type { ProviderId } from '../core/provider';
import { el } from './dom';
import { send } from './vscodeApi';

const STATE_LABEL: Record<TurnState, string> = { streaming: '', done: '', cancelled: 'Stopped', error: 'Interrupted' };

/**
 * One question and its answer. The answer grows by appending to a text node (O(delta), and model output never
 * becomes markup). DOM hooks for tests: data-turn-id, data-state, [data-role=answer], [data-role=turn-stats].
 */
export class TurnView {
  readonly root: HTMLElement;
  private readonly answer: HTMLElement;
  private readonly answerText: Text;
  private readonly status: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly marker: HTMLElement;

  constructor(readonly turnId: string, prompt: PromptView, provider: ProviderId, model: string) {
    this.answerText = document.createTextNode('');
    this.answer = el('div', { class: 'answer', attrs: { 'data-role': 'answer' } }, this.answerText);
    this.status = el('div', { class: 'turn-status', attrs: { 'data-role': 'turn-status', 'aria-live': 'polite' } });
    this.stats = el('div', { class: 'turn-stats', attrs: { 'data-role': 'turn-stats' } });
    this.actions = el('div', { class: 'turn-actions', attrs: { 'data-role': 'turn-actions' } });
    this.marker = el('div', { class: 'turn-marker', attrs: { 'data-role': 'turn-marker' } });
    this.root = el(
      'section',
      { class: 'turn', attrs: { 'data-turn-id': turnId, 'data-state': 'streaming' } },
      renderQuestion(prompt),
      el('div', { class: 'answer-head', text: `${provider} · ${model}` }),
      this.answer,
      this.marker,
      this.status,
      this.stats,
      this.actions,
    );
    this.setState('streaming');
  }

  static fromSnapshot(s: TurnSnapshot): TurnView {
    const view = new TurnView(s.turnId, s.prompt, s.provider, s.model);
    view.append(s.text);
    if (s.state === 'error' && s.error) view.fail(s.error, s.text);
    else if (s.end) view.end({ type: 'turn-end', turnId: s.turnId, ...s.end });
    else view.setState(s.state);
    return view;
  }

  get state(): TurnState {
    return this.root.dataset.state as TurnState;
  }

  append(text: string): void {
    if (!text) return;
    this.answerText.appendData(text);
    this.status.textContent = '';
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  end(m: TurnEnd): void {
    this.setState(m.finishReason === 'cancelled' ? 'cancelled' : 'done');
    this.status.textContent = '';
    const notes: Record<string, string> = {
      length: 'The answer was cut at the max output tokens setting.',
      content_filter: 'The provider filtered or refused this answer.',
    };
    if (notes[m.finishReason]) this.marker.textContent = notes[m.finishReason];
    this.stats.textContent = formatStatsLine({
      inputTokens: m.usage.inputTokens,
      outputTokens: m.usage.outputTokens,
      estimated: m.usage.estimated,
      ttftMs: m.metrics.ttftMs,
      tokensPerSecond: m.metrics.tokensPerSecond,
      costUsd: m.costUsd,
    });
  }

  fail(error: ErrorView, partialText: string): void {
    // The host's partial text is authoritative: it is what was received, even if a delta was lost in transit.
    if (partialText !== this.answerText.data) this.answerText.data = partialText;
    this.setState('error');
    this.status.textContent = '';
    this.marker.textContent = error.message;
    if (error.action === 'set-api-key' || error.action === 'open-settings') {
      const label = error.action === 'set-api-key' ? 'Set API Key' : 'Open Settings';
      this.actions.prepend(button(label, () => send({ type: 'run-action', action: error.action! })));
    }
  }

  private setState(state: TurnState): void {
    this.root.dataset.state = state;
    this.root.setAttribute('aria-busy', String(state === 'streaming'));
    if (STATE_LABEL[state]) this.marker.textContent = STATE_LABEL[state];
    this.actions.replaceChildren();
    if (state === 'streaming') {
      this.actions.append(button('Stop', () => send({ type: 'cancel', turnId: this.turnId }), 'stop'));
    } else if (state === 'cancelled' || state === 'error') {
      this.actions.append(button('Retry', () => send({ type: 'retry', turnId: this.turnId }), 'retry'));
    }
  }
}

function button(label: string, onClick: () => void, role?: string): HTMLButtonElement {
  const b = el('button', { class: 'turn-button', text: label, attrs: { type: 'button', ...(role ? { 'data-role': role } : {}) } });
  b.addEventListener('click', onClick);
  return b;
}

function renderQuestion(p: PromptView): HTMLElement {
  const q = el('div', { class: 'question', attrs: { 'data-role': 'question' } }, el('div', { class: 'question-text', text: p.text }));
  if (p.code !== undefined) {
    const label = [p.fileName, p.language].filter(Boolean).join(' · ');
    if (label) q.append(el('div', { class: 'code-label', text: label }));
    q.append(el('pre', { class: 'question-code' }, el('code', { text: p.code })));
  }
  return q;
}
