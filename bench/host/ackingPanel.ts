/**
 * A stand-in panel that acknowledges like the real page, so bench:host can run the engine with the `PanelWindow` the
 * extension ships (chatHost.ts) instead of the no-ack 4 ms gap. It uses the page's own `RenderAcks`
 * (src/webview/renderAcks.ts): a numbered message asks for a frame; frames come on a 60 Hz grid, as
 * requestAnimationFrame's do; the frame acks the last numbered message received, once per frame at most. The ack is
 * validated as ChatView validates what the page sends and handed to the engine as the bridge hands it.
 *
 * What it leaves out: the page's drawing, and the host → webview → host transit (40–60 ms on a loaded machine in
 * code-server, see bench/latency), so acks here come back sooner than in VS Code and the window closes less often.
 */
import type { HostMessage, WebviewMessage } from '../../src/core/protocol';
import { parseWebviewMessage } from '../../src/core/protocolParse';
import { RenderAcks } from '../../src/webview/renderAcks';
import { StandInPanel } from './standInPanel';

/** A 60 Hz frame, the page's frame budget. */
export const FRAME_MS = 1000 / 60;

/** When the frame after `now` begins, on a grid of `frameMs` (vsync): never `now` itself. */
export const nextFrameAt = (now: number, frameMs = FRAME_MS): number => (Math.floor(now / frameMs) + 1) * frameMs;

export class AckingPanel extends StandInPanel {
  /** Acks sent so far (what the host received back). */
  acksSent = 0;
  private frame: ReturnType<typeof setTimeout> | undefined;
  private readonly acks: RenderAcks;

  constructor(deliver: (message: WebviewMessage) => void, private readonly now: () => number = () => performance.now()) {
    super();
    this.acks = new RenderAcks((m) => {
      const valid = parseWebviewMessage(m);
      if (!valid) throw new Error(`invalid ack ${JSON.stringify(m)}`);
      this.acksSent++;
      deliver(valid);
    });
  }

  override post(m: HostMessage): void {
    super.post(m);
    if ((m.type === 'delta' || m.type === 'thinking') && this.acks.receive(m.seq)) this.requestFrame();
  }

  /** The read is over: a frame still pending is dropped, so its ack does not fall into the next run's CPU window. */
  dispose(): void {
    clearTimeout(this.frame);
    this.frame = undefined;
  }

  private requestFrame(): void {
    if (this.frame) return;
    const now = this.now();
    this.frame = setTimeout(() => {
      this.frame = undefined;
      this.acks.drawn();
    }, nextFrameAt(now) - now);
  }
}
