import { formatRetryWait } from '../core/format';
import type { RetryWait } from '../core/protocol';
import { el } from './dom';

/**
 * The line under an answer that says what the turn waits for ("The provider is overloaded."). While a retry is
 * waited out it counts the seconds down, four times a second, and stops counting at zero or when cleared, so no timer
 * outlives the wait. Not a live region: the panel's announcer says what a screen reader should hear (a11y/announcer.ts).
 */
export class TurnStatusLine {
  readonly root = el('div', { class: 'turn-status', attrs: { 'data-role': 'turn-status' } });
  private countdown = 0;

  get shown(): boolean {
    return this.root.textContent !== '';
  }

  set(text: string, retry?: RetryWait): void {
    this.clear();
    if (!retry) {
      this.root.textContent = text;
      return;
    }
    const retryAt = performance.now() + retry.inMs;
    const show = () => {
      const remaining = retryAt - performance.now();
      this.root.textContent = `${text} ${formatRetryWait(remaining, retry.attempt, retry.maxAttempts)}`;
      if (remaining <= 0) this.stopCountdown();
    };
    show();
    this.countdown = window.setInterval(show, 250);
  }

  clear(): void {
    this.stopCountdown();
    this.root.textContent = '';
  }

  /** Stops the countdown; what it last said stays. */
  stopCountdown(): void {
    if (this.countdown) window.clearInterval(this.countdown);
    this.countdown = 0;
  }
}
