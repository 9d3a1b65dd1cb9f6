/**
 * What the panel says to a screen reader, and when. The answer itself is not a live region (a live region that
 * follows a stream speaks every token, or whatever its screen reader makes of it); instead two visually hidden
 * regions carry short, deliberate announcements:
 * - polite: "Explaining…" (and "Thinking…" once when a reasoning model starts thinking), then per the announce setting either each finished sentence (`sentences`), or "Answer
 *   ready" with the whole answer once (`complete`), or nothing of the answer (`off`); "Stopped" when stopped;
 * - assertive: errors and interruptions, once each.
 * Code blocks are spoken as "code block, N lines, language" (spokenText.ts).
 */
import type { AnnounceMode } from '../../core/protocol';
import { el } from '../dom';
import { SpokenStream, spokenText } from './spokenText';

export const EXPLAINING = 'Explaining…';
export const THINKING = 'Thinking…';
export const STOPPED = 'Stopped.';
export const ANSWER_READY = 'Answer ready.';
export const ANSWER_DONE = 'Answer complete.';

export class Announcer {
  readonly polite = el('div', { class: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-role': 'announce-polite' } });
  readonly assertive = el('div', { class: 'sr-only', attrs: { role: 'alert', 'aria-live': 'assertive', 'aria-atomic': 'true', 'data-role': 'announce-assertive' } });
  private mode: AnnounceMode = 'complete';
  /** Per streaming turn, in `sentences` mode: what has not been spoken yet. */
  private readonly streams = new Map<string, SpokenStream>();

  setMode(mode: AnnounceMode): void {
    this.mode = mode;
  }

  /** A turn started (or continued) streaming. */
  start(turnId: string): void {
    this.streams.set(turnId, new SpokenStream());
    this.say(this.polite, EXPLAINING);
  }

  /**
   * A streaming turn began thinking: said once, politely. Its reasoning is never spoken (it can run to thousands of
   * words the reader did not ask for); the answer that follows is spoken as the announce setting says.
   */
  thinking(turnId: string): void {
    if (!this.streams.has(turnId)) return;
    this.say(this.polite, THINKING);
  }

  /** Text arrived for a turn: in `sentences` mode, its finished sentences are spoken (one update per delta at most). */
  text(turnId: string, delta: string): void {
    const stream = this.streams.get(turnId);
    if (!stream || this.mode !== 'sentences') return;
    const units = stream.push(delta);
    if (units.length) this.say(this.polite, units.join(' '));
  }

  /** A turn ended normally or was stopped; `fullText` is the whole answer (for `complete`). */
  end(turnId: string, stopped: boolean, fullText: string): void {
    const stream = this.streams.get(turnId);
    if (!stream) return; // not a turn this panel saw streaming (a restored one): nothing to say
    this.streams.delete(turnId);
    const outcome = stopped ? STOPPED : this.mode === 'complete' ? ANSWER_READY : ANSWER_DONE;
    let words: string[] = [outcome];
    if (this.mode === 'sentences') words = [...stream.end(), outcome];
    else if (this.mode === 'complete' && !stopped) words = [outcome, spokenText(fullText)];
    this.say(this.polite, words.filter(Boolean).join(' '));
  }

  /** An error or interruption: said once, assertively. */
  error(turnId: string, label: string, message: string): void {
    this.streams.delete(turnId);
    this.say(this.assertive, `${label}: ${message}`);
  }

  /** A status of a waiting turn ("The provider is overloaded."): once per status, never per countdown tick. */
  status(text: string): void {
    this.say(this.polite, text);
  }

  /** A region keeps its last words; the same words again get a no-break space so the change is announced. */
  private say(region: HTMLElement, text: string): void {
    region.textContent = region.textContent === text ? `${text}\u00a0` : text;
  }
}
