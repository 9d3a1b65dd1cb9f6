/**
 * Marks an answer idle (`data-idle`) once no text has reached it for IDLE_MS, and unmarks it when text comes again.
 * The streaming cursor blinks only while its answer is idle (panel.css): while text flows the moving cursor already
 * says "more is coming", and a blink animation running all through a stream cost the renderer's main thread a style
 * recalculation, a paint and a layerize in every frame (60 a second) — a thread that, in code-server, the whole
 * workbench shares with the panel. One timer per answer, re-armed at most once per IDLE_MS while text flows.
 */
export const IDLE_MS = 1000;

export class IdleMark {
  private lastText = performance.now();
  private timer = 0;
  private idle = false;

  constructor(private readonly target: HTMLElement) {
    this.arm(IDLE_MS);
  }

  /** Text (or thinking) arrived. */
  touch(): void {
    this.lastText = performance.now();
    if (this.idle) {
      this.idle = false;
      delete this.target.dataset.idle;
    }
    if (!this.timer) this.arm(IDLE_MS);
  }

  /** The answer stopped streaming: no timer left running. */
  stop(): void {
    if (this.timer) window.clearTimeout(this.timer);
    this.timer = 0;
    if (this.idle) delete this.target.dataset.idle;
    this.idle = false;
  }

  private arm(ms: number): void {
    this.timer = window.setTimeout(() => this.check(), ms);
  }

  private check(): void {
    this.timer = 0;
    const left = this.lastText + IDLE_MS - performance.now();
    if (left > 0) return this.arm(left);
    this.idle = true;
    this.target.dataset.idle = 'true';
  }
}
