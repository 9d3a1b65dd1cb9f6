import type { WebviewMessage } from '../core/protocol';

/**
 * The panel's half of flow control (the host's is PanelWindow): it notes the number of each streamed message it
 * receives and, after an animation frame has drawn them, acknowledges the last one — once per frame at most, and only
 * when something new arrived, so the acks cost no message per token.
 */
export class RenderAcks {
  private received = 0;
  private acked = 0;

  constructor(private readonly send: (message: WebviewMessage) => void) {}

  /** A streamed message arrived; `seq` absent: the host is not pacing by acks. Returns true when a frame must ack it. */
  receive(seq: number | undefined): boolean {
    if (seq === undefined || seq <= this.received) return false;
    this.received = seq;
    return true;
  }

  /** A frame has drawn everything received so far. */
  drawn(): void {
    if (this.received <= this.acked) return;
    this.acked = this.received;
    this.send({ type: 'rendered', seq: this.acked });
  }
}
