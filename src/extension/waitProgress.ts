/**
 * VS Code's progress on the panel while nothing has arrived yet: from a turn's start (or Continue) until its first
 * text, its end, or the next turn. `window.withProgress({location: {viewId}})` draws the view's progress bar and gives
 * screen-reader users VS Code's own progress signal. No vscode import: `show` is injected, so this is unit-tested.
 */
import type { HostMessage } from '../core/protocol';

export class WaitProgress {
  private waiting: { turnId: string; done: () => void } | null = null;

  /** `show` displays progress until `done` settles. */
  constructor(private readonly show: (done: Promise<void>) => void) {}

  /** Every message the host posts to the panel passes here. */
  observe(m: HostMessage): void {
    switch (m.type) {
      case 'turn-start':
      case 'turn-resume':
        this.begin(m.turnId);
        return;
      case 'delta':
        if (m.text) this.stop(m.turnId);
        return;
      case 'turn-end':
      case 'turn-error':
        this.stop(m.turnId);
        return;
      case 'history':
      case 'clear':
        this.stop();
        return;
      default:
        return; // a status (retrying) or a panel setting: still waiting
    }
  }

  get isShowing(): boolean {
    return this.waiting !== null;
  }

  dispose(): void {
    this.stop();
  }

  private begin(turnId: string): void {
    this.stop();
    let done!: () => void;
    const settled = new Promise<void>((resolve) => (done = resolve));
    this.waiting = { turnId, done };
    this.show(settled);
  }

  /** Ends the progress (of `turnId` only, when given). */
  private stop(turnId?: string): void {
    if (!this.waiting || (turnId !== undefined && this.waiting.turnId !== turnId)) return;
    this.waiting.done();
    this.waiting = null;
  }
}
