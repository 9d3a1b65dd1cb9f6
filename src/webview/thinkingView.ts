import type { TurnEnd } from '../core/protocol';
import { el } from './dom';
import { IncrementalRenderer } from './markdown/incrementalRenderer';

/** Where the model's thinking stands: still going, done because the answer began, or cut off before any answer. */
type Phase = 'thinking' | 'thought' | 'stopped' | 'failed';
type Outcome = 'done' | 'stopped' | 'failed';
/** What the host measured: how long the model thought, and the reasoning tokens it reported. */
export interface ThinkingFigures {
  thoughtMs?: number;
  reasoningTokens?: number;
}

const TICK_MS = 1000;
const tokens = (n: number) => `${n.toLocaleString('en-US')} reasoning ${n === 1 ? 'token' : 'tokens'}`;

/** The toggle's words: "Thinking… 12 s", "Thought for 14 s · 1,830 reasoning tokens", "Stopped while thinking · 8 s". */
export function thinkingLabel(phase: Phase, seconds: number | null, reasoningTokens?: number): string {
  const parts: string[] = [];
  if (phase === 'thinking') parts.push(seconds ? `Thinking… ${seconds} s` : 'Thinking…');
  else if (phase === 'thought') parts.push(seconds === null ? 'Thought' : `Thought for ${seconds} s`);
  else {
    parts.push(phase === 'stopped' ? 'Stopped while thinking' : 'Interrupted while thinking');
    if (seconds !== null) parts.push(`${seconds} s`);
  }
  if (phase !== 'thinking' && reasoningTokens) parts.push(tokens(reasoningTokens));
  return parts.join(' · ');
}

/**
 * A turn's thinking section, above its answer: the model's reasoning, rendered by its own instance of the answer's
 * incremental, sanitised markdown renderer (the same code path, so no new way in for markup), in a muted style. Open
 * and following its newest line while the model thinks, under a label that counts the seconds; folded to one line
 * when the answer begins, reopened by that line, a button with aria-expanded. Its text is never part of the answer:
 * it lives outside [data-role=answer], so Copy, Insert and the answer's text never see it.
 * DOM hooks: [data-role=thinking] (data-phase, data-open), [data-role=thinking-toggle], [data-role=thinking-body].
 */
export class ThinkingView {
  readonly root: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly body: HTMLElement;
  private readonly renderer: IncrementalRenderer;
  private phase: Phase = 'thinking';
  private startedAt = performance.now();
  private seconds: number | null = null;
  private reasoningTokens: number | undefined;
  private ticker = 0;
  /** The reader scrolled up inside the open section: stop pulling its newest line into view. */
  private following = true;

  constructor(turnId: string) {
    // The markdown goes in an inner element; the outer one is the scrolling box, kept at its newest line while
    // following. Scrolled when the content's size changes (a ResizeObserver runs after layout), so no frame reads
    // geometry right after the renderer wrote the DOM.
    const content = el('div', { class: 'answer' });
    this.body = el('div', { class: 'thinking-body', attrs: { 'data-role': 'thinking-body', id: `${turnId}-thinking`, role: 'region', 'aria-label': 'Thinking' } }, content);
    this.renderer = new IncrementalRenderer(content);
    new ResizeObserver(() => {
      if (this.following && this.root.dataset.open === 'true') this.body.scrollTop = this.body.scrollHeight;
    }).observe(content);
    this.toggle = el('button', { class: 'thinking-toggle', attrs: { type: 'button', 'data-role': 'thinking-toggle', 'aria-controls': this.body.id } });
    this.toggle.addEventListener('click', () => this.setOpen(this.root.dataset.open !== 'true'));
    // Only the reader's own scrolling up detaches (layout settling moves scrollTop too); back at the bottom, it follows.
    this.body.addEventListener('wheel', (e) => { if (e.deltaY < 0) this.following = false; }, { passive: true });
    this.body.addEventListener('scroll', () => {
      if (this.body.scrollTop + this.body.clientHeight >= this.body.scrollHeight - 4) this.following = true;
    }, { passive: true });
    this.root = el('div', { class: 'thinking', attrs: { 'data-role': 'thinking' } }, this.toggle, this.body);
    this.setOpen(true);
    this.think();
  }

  get text(): string {
    return this.renderer.text;
  }

  get thinking(): boolean {
    return this.phase === 'thinking';
  }

  /** More reasoning arrived (after a fold too: a model may think again, e.g. when an answer is continued). */
  append(text: string): void {
    if (this.phase !== 'thinking') {
      if (this.renderer.isEnded) this.renderer.reopen();
      this.think();
    }
    this.renderer.append(text);
  }

  /** Renders what arrived since the last frame; true when there is more for the next one. */
  renderFrame(deadline: number): boolean {
    return this.renderer.render(deadline);
  }

  /** The first answer token: the thinking is over, folded to its summary line (the reader can reopen it). */
  answerBegan(): void {
    if (this.phase !== 'thinking') return;
    this.finish('thought', this.elapsedSeconds());
    this.setOpen(false);
  }

  /**
   * The turn ended. With figures from the host (more exact than the panel's clock, and all a restored turn has), the
   * label says how long the model thought and how many reasoning tokens it spent. Cut off before any answer, the
   * section stays open and says so.
   */
  end(outcome: Outcome, figures: ThinkingFigures = {}): void {
    this.close(outcome, figures, this.phase === 'thinking' ? this.elapsedSeconds() : this.seconds);
  }

  /** A restored turn's section: its text at once, no live label, no time but the host's. */
  restore(text: string, answered: boolean, outcome: Outcome, figures: ThinkingFigures): void {
    this.renderer.append(text);
    this.phase = 'thinking';
    this.close(answered ? 'done' : outcome, figures, null);
  }

  private close(outcome: Outcome, figures: ThinkingFigures, fallbackSeconds: number | null): void {
    this.reasoningTokens = figures.reasoningTokens || undefined;
    const seconds = figures.thoughtMs !== undefined ? Math.round(figures.thoughtMs / 1000) : fallbackSeconds;
    const phase: Phase = this.phase !== 'thinking' ? this.phase : outcome === 'done' ? 'thought' : outcome;
    this.finish(phase, seconds);
    if (phase === 'thought') this.setOpen(false);
  }

  dispose(): void {
    this.stopTicking();
  }

  private think(): void {
    this.phase = 'thinking';
    this.startedAt = performance.now();
    this.root.dataset.phase = 'thinking';
    this.showLabel();
    this.stopTicking();
    // A label that counts the seconds: the answer may be a minute away, and a still panel reads as a hang.
    this.ticker = window.setInterval(() => this.showLabel(), TICK_MS);
  }

  private finish(phase: Phase, seconds: number | null): void {
    this.stopTicking();
    this.phase = phase;
    this.seconds = seconds;
    this.root.dataset.phase = phase;
    this.renderer.end();
    this.showLabel();
  }

  private elapsedSeconds(): number {
    return Math.round((performance.now() - this.startedAt) / 1000);
  }

  private showLabel(): void {
    const seconds = this.phase === 'thinking' ? Math.floor((performance.now() - this.startedAt) / 1000) : this.seconds;
    this.toggle.textContent = thinkingLabel(this.phase, seconds, this.reasoningTokens);
  }

  private setOpen(open: boolean): void {
    this.root.dataset.open = String(open);
    this.toggle.setAttribute('aria-expanded', String(open));
    this.body.hidden = !open;
    if (open) this.following = true;
  }

  private stopTicking(): void {
    if (this.ticker) window.clearInterval(this.ticker);
    this.ticker = 0;
  }
}

/** How long the model thought (to its first answer token, or to the end when none came) and its reasoning tokens. */
export function thinkingFigures(m: Pick<TurnEnd, 'usage' | 'metrics'>): ThinkingFigures {
  const { thinkingTtftMs, ttftMs, totalMs } = m.metrics;
  const until = ttftMs ?? (totalMs > 0 ? totalMs : undefined);
  return {
    ...(thinkingTtftMs !== undefined && until !== undefined && until >= thinkingTtftMs ? { thoughtMs: until - thinkingTtftMs } : {}),
    ...(m.usage.reasoningTokens ? { reasoningTokens: m.usage.reasoningTokens } : {}),
  };
}
