import { formatStatsLine, formatStatsSpoken } from '../core/format';
import type { ErrorView, PromptView, RetryWait, TurnEnd, TurnSnapshot, TurnState } from '../core/protocol';
import type { ProviderId } from '../core/provider';
import { el } from './dom';
import { IdleMark } from './idleMark';
import { IncrementalRenderer } from './markdown/incrementalRenderer';
import type { EstimateView } from '../core/protocol';
import { renderQuestion, setQuestionEstimate } from './questionView';
import { refineButtons } from './refineActions';
import { thinkingFigures, ThinkingView } from './thinkingView';
import { setPriceButton } from './setPriceButton';
import { TurnStatusLine } from './turnStatus';
import { send } from './vscodeApi';

const SUPERSEDED_OUTCOME: Partial<Record<TurnState, string>> = { cancelled: 'stopped', error: 'interrupted', done: 'finished' };

const FINISH_NOTES: Record<string, string> = {
  length: 'The answer was cut at the max output tokens setting.',
  content_filter: 'The provider filtered or refused this answer.',
};

/**
 * One question and its answer. The answer is markdown rendered incrementally (IncrementalRenderer): `append` queues
 * text and asks for a frame; the panel calls `renderFrame` at most once per animation frame.
 * DOM hooks for tests: data-turn-id, data-state, [data-role=answer], [data-role=turn-stats], [data-role=turn-marker],
 * [data-role=stop], [data-role=retry], [data-role=continue]; the model's reasoning, if it streams any, is a
 * ThinkingView ([data-role=thinking]) between the heading and the answer.
 */
export class TurnView {
  readonly root: HTMLElement;
  private readonly answer: HTMLElement;
  private readonly renderer: IncrementalRenderer;
  /** Makes the cursor blink while no text comes (idleMark.ts). */
  private readonly idle: IdleMark;
  private readonly status = new TurnStatusLine();
  private readonly stats: HTMLElement;
  private readonly statsSpoken: HTMLElement;
  private readonly actions: HTMLElement;
  /** "Answer from MODEL": what Alt+Up / Alt+Down move the focus to. */
  readonly heading: HTMLElement;
  private readonly marker: HTMLElement;
  private thinkingView: ThinkingView | undefined;
  private readonly question: HTMLElement;
  /** "price unknown — set a price" under an unpriced answer. */
  private readonly priceAction: HTMLElement;

  constructor(
    readonly turnId: string,
    prompt: PromptView,
    private readonly provider: ProviderId,
    private readonly model: string,
    private readonly requestFrame: (view: TurnView) => void,
  ) {
    this.question = renderQuestion(prompt, turnId);
    this.priceAction = el('div', { class: 'price-action', attrs: { 'data-role': 'price-action' } });
    this.answer = el('div', { class: 'answer', attrs: { 'data-role': 'answer', id: `${turnId}-answer` } });
    this.renderer = new IncrementalRenderer(this.answer);
    this.idle = new IdleMark(this.answer);
    // The stats line's symbols (·, /, tok/s) read badly: screen readers get the sentence instead.
    this.stats = el('div', { class: 'turn-stats', attrs: { 'data-role': 'turn-stats', 'aria-hidden': 'true' } });
    this.statsSpoken = el('p', { class: 'sr-only', attrs: { 'data-role': 'turn-stats-spoken' } });
    this.actions = el('div', { class: 'turn-actions', attrs: { 'data-role': 'turn-actions' } });
    this.marker = el('div', { class: 'turn-marker', attrs: { 'data-role': 'turn-marker' } });
    this.heading = el('h2', { class: 'answer-head', text: `Answer from ${model} (${provider})`, attrs: { 'data-role': 'answer-heading', tabindex: '-1' } });
    this.root = el(
      'section',
      { class: 'turn', attrs: { 'data-turn-id': turnId, 'data-state': 'streaming', 'aria-label': turnLabel(prompt) } },
      this.question,
      this.heading,
      this.answer,
      this.marker,
      this.status.root,
      this.stats,
      this.statsSpoken,
      this.priceAction,
      this.actions,
    );
    this.setState('streaming');
    requestFrame(this); // shows the cursor
  }

  setEstimate(e: EstimateView): void {
    setQuestionEstimate(this.question, e);
  }

  static fromSnapshot(s: TurnSnapshot, requestFrame: (view: TurnView) => void): TurnView {
    const view = new TurnView(s.turnId, s.prompt, s.provider, s.model, requestFrame);
    if (s.thinking && s.state === 'streaming') view.think(s.thinking); // still live: the answer's text folds it
    else if (s.thinking) {
      const outcome = s.state === 'error' ? 'failed' : s.state === 'done' ? 'done' : 'stopped';
      view.thinkingSection().restore(s.thinking, s.text !== '', outcome, s.end ? thinkingFigures(s.end) : {});
    }
    view.append(s.text);
    if (s.state === 'error' && s.error) view.fail(s.error, s.text);
    else if (s.end) view.end({ type: 'turn-end', turnId: s.turnId, ...s.end });
    else if (s.state !== 'streaming') {
      view.endRendering();
      view.setState(s.state);
    }
    if (s.superseded) view.supersede();
    return view;
  }

  /**
   * A retry replaced this answer. It stays in the conversation's history, folded into one line that opens it again,
   * so the new answer reads as the answer and nothing the user saw is lost.
   */
  supersede(): void {
    if (this.root.dataset.superseded) return;
    this.root.dataset.superseded = 'true';
    const outcome = SUPERSEDED_OUTCOME[this.state] ?? this.state;
    const closed = `Earlier attempt (${outcome}) · show`;
    const toggle = el('button', { class: 'attempt-toggle', text: closed, attrs: { type: 'button', 'data-role': 'toggle-attempt', 'aria-expanded': 'false', 'aria-controls': this.answer.id } });
    toggle.addEventListener('click', () => {
      const open = this.root.classList.toggle('attempt-open');
      toggle.textContent = open ? `Earlier attempt (${outcome}) · hide` : closed;
      toggle.setAttribute('aria-expanded', String(open));
    });
    this.root.prepend(toggle);
  }

  get state(): TurnState {
    return this.root.dataset.state as TurnState;
  }

  /** The answer's markdown as received so far. */
  get text(): string {
    return this.renderer.text;
  }

  append(text: string): void {
    if (!text || this.state !== 'streaming') return;
    this.thinkingView?.answerBegan();
    this.renderer.append(text);
    this.idle.touch();
    if (this.status.shown) this.status.clear();
    this.requestFrame(this);
  }

  /** The model's reasoning arrived: shown in the thinking section above the answer, never in it. */
  think(text: string): void {
    if (!text || this.state !== 'streaming') return;
    this.thinkingSection().append(text);
    this.idle.touch();
    if (this.status.shown) this.status.clear();
    this.requestFrame(this);
  }

  /** The thinking text received so far ('' when the model streamed none). */
  get thinking(): string {
    return this.thinkingView?.text ?? '';
  }

  /** The turn is thinking and no answer has begun (what the announcer says "Thinking…" for). */
  get isThinking(): boolean {
    return this.thinkingView?.thinking === true;
  }

  private thinkingSection(): ThinkingView {
    if (!this.thinkingView) {
      this.thinkingView = new ThinkingView(this.turnId);
      this.answer.before(this.thinkingView.root);
    }
    return this.thinkingView;
  }

  /** Renders what arrived since the last frame, until `deadline`; true when there is more for the next one. */
  renderFrame(deadline: number): boolean {
    const thinking = this.thinkingView?.renderFrame(deadline) ?? false;
    return this.renderer.render(deadline) || thinking;
  }

  /** The answer is complete: render its last blocks now, and over the next frames if there is much left. */
  private endRendering(): void {
    if (this.renderer.end()) this.requestFrame(this);
  }

  /** The host continues this finished answer (Continue): it streams again, growing from the text it has. */
  resume(): void {
    if (this.state === 'streaming') return;
    this.renderer.reopen();
    this.marker.replaceChildren();
    this.stats.textContent = '';
    this.priceAction.replaceChildren();
    this.statsSpoken.textContent = '';
    this.status.clear();
    this.setState('streaming');
    this.requestFrame(this);
  }

  /** A status under the answer; while waiting to retry, it counts the seconds down. */
  setStatus(text: string, retry?: RetryWait): void {
    this.status.set(text, retry);
  }

  /** The turn leaves the panel: nothing of it keeps running. */
  dispose(): void {
    this.status.stopCountdown();
    this.idle.stop();
    this.thinkingView?.dispose();
  }

  end(m: TurnEnd): void {
    this.thinkingView?.end(m.finishReason === 'cancelled' ? 'stopped' : 'done', thinkingFigures(m));
    if (this.thinkingView) this.requestFrame(this);
    this.endRendering();
    this.setState(m.finishReason === 'cancelled' ? 'cancelled' : 'done');
    this.status.clear();
    const note = FINISH_NOTES[m.finishReason];
    if (note) this.marker.textContent = note;
    if (m.finishReason === 'length') this.offerContinue();
    if (m.finishReason === 'stop') this.actions.append(refineButtons());
    const figures = {
      inputTokens: m.usage.inputTokens,
      outputTokens: m.usage.outputTokens,
      reasoningTokens: m.usage.reasoningTokens,
      estimated: m.usage.estimated,
      ttftMs: m.metrics.ttftMs,
      thinkingTtftMs: m.metrics.thinkingTtftMs,
      tokensPerSecond: m.metrics.tokensPerSecond,
      costUsd: m.costUsd,
      costBasis: m.costBasis,
      reasoningCostUsd: m.reasoningCostUsd,
      cacheReadTokens: m.usage.cacheReadTokens,
      savedUsd: m.savedUsd,
    };
    this.stats.textContent = formatStatsLine(figures);
    this.statsSpoken.textContent = formatStatsSpoken(figures);
    this.priceAction.replaceChildren();
    if (m.costUsd === null && (m.costBasis ?? 'priced') === 'priced') this.priceAction.append(setPriceButton(this.provider, this.model));
  }

  fail(error: ErrorView, partialText: string): void {
    // The host's partial text is authoritative: it is what was received, even if a delta was lost in transit.
    const shown = this.renderer.text;
    if (partialText !== shown) {
      if (partialText.startsWith(shown) && !this.renderer.isEnded) this.renderer.append(partialText.slice(shown.length));
      else this.renderer.reset(partialText);
    }
    this.thinkingView?.end('failed');
    if (this.thinkingView) this.requestFrame(this);
    this.endRendering();
    this.setState('error');
    this.status.clear();
    this.marker.replaceChildren(
      el('strong', { class: 'marker-label', text: partialText ? 'Interrupted' : 'Failed' }),
      el('span', { class: 'marker-text', text: error.message, attrs: { 'data-role': 'marker-text' } }),
    );
    if (error.action === 'set-api-key' || error.action === 'open-settings') {
      const label = error.action === 'set-api-key' ? 'Set API Key' : 'Open Settings';
      const action = error.action;
      this.actions.prepend(button(label, () => send({ type: 'run-action', action })));
    }
  }

  private setState(state: TurnState): void {
    this.root.dataset.state = state;
    this.root.setAttribute('aria-busy', String(state === 'streaming'));
    if (state === 'streaming') this.idle.touch();
    else this.idle.stop();
    if (state === 'cancelled') this.marker.replaceChildren(el('strong', { class: 'marker-label', text: 'Stopped' }));
    this.actions.replaceChildren();
    if (state === 'streaming') {
      this.actions.append(button('Stop', () => send({ type: 'cancel', turnId: this.turnId }), 'stop'));
    } else if (state === 'cancelled' || state === 'error') {
      this.actions.append(button('Retry', () => send({ type: 'retry', turnId: this.turnId }), 'retry'));
      this.offerContinue();
    }
  }

  /** An answer that stopped early, with text to go on from, can be continued in place. */
  private offerContinue(): void {
    if (!this.renderer.text || this.actions.querySelector('[data-role=continue]')) return;
    this.actions.append(button('Continue', () => send({ type: 'continue', turnId: this.turnId }), 'continue'));
  }
}

/** The turn's region name: its question, shortened (regions are listed by name in a screen reader's landmarks). */
function turnLabel(p: PromptView): string {
  const text = p.text.replace(/\s+/g, ' ').trim();
  return `Question: ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`;
}

function button(label: string, onClick: () => void, role?: string): HTMLButtonElement {
  const b = el('button', { class: 'turn-button', text: label, attrs: { type: 'button', ...(role ? { 'data-role': role } : {}) } });
  b.addEventListener('click', onClick);
  return b;
}
