/** The question box's cost line: "≈ 2,340 tokens in · at most $0.03" for what the box would send now. */
import { formatEstimate } from '../core/format';
import type { DraftEstimateMsg, DraftEstimatePendingMsg } from '../core/protocol';
import { MAX_ASK_LENGTH } from '../core/protocol';
import { el } from './dom';
import { send } from './vscodeApi';

/** Typing pauses this long before the draft goes to the host: counting tokens stays off the keystroke path. */
export const DRAFT_DEBOUNCE_MS = 250;
export const DRAFT_PENDING_TEXT = 'estimate after this answer';

/**
 * Posts the draft (debounced) and shows the host's answer. Every change bumps `seq`; an answer for an older seq is
 * dropped, so a slow answer never overwrites the figures of what the box holds now.
 */
export class DraftEstimateLine {
  readonly root = el('div', { class: 'ask-estimate', attrs: { 'data-role': 'ask-estimate', id: 'ask-estimate' } });
  private seq = 0;
  private timer: number | undefined;

  constructor(private readonly input: HTMLTextAreaElement) {
    input.setAttribute('aria-describedby', 'ask-estimate');
    input.addEventListener('input', () => this.changed());
  }

  /** The box changed, or what it would be sent with did (an answer ended, the model changed): estimate again. */
  changed(): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = undefined;
    const seq = ++this.seq;
    const text = this.input.value;
    if (!text.trim() || text.length > MAX_ASK_LENGTH) {
      this.root.textContent = '';
      return;
    }
    this.timer = window.setTimeout(() => {
      this.timer = undefined;
      send({ type: 'draft', text, seq });
    }, DRAFT_DEBOUNCE_MS);
  }

  show(m: DraftEstimateMsg): void {
    if (m.seq !== this.seq || !this.input.value.trim()) return;
    this.root.textContent = formatEstimate(m.estimate);
  }

  /** The host counts this draft once the streaming answer has ended: say so rather than show older figures or none. */
  pending(m: DraftEstimatePendingMsg): void {
    if (m.seq !== this.seq || !this.input.value.trim()) return;
    this.root.textContent = DRAFT_PENDING_TEXT;
  }
}
