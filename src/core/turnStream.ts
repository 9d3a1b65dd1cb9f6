import { DeltaCoalescer } from './deltaCoalescer';
import type { HostMessage, TurnSnapshot } from './protocol';
import type { SessionListener } from './streamSession';

export interface TurnStream {
  /** The session's listener for answer and thinking text. */
  listener: Required<Pick<SessionListener, 'onDelta' | 'onThinking'>>;
  /** Post what is still buffered (before the turn's end is published). */
  dispose(): void;
}

/**
 * One turn's streamed text on its way to the panel: answer deltas and thinking, coalesced per frame in the order they
 * arrived, each posted as its own message type. The snapshot grows with what was posted, not with what was received,
 * so a history replay never repeats buffered text; thinking goes to its own field and never into the answer's text.
 */
export function streamTurn(snapshot: TurnSnapshot, post: (m: HostMessage) => void, changed: () => void, frameMs: number): TurnStream {
  const { turnId } = snapshot;
  const coalescer = new DeltaCoalescer((text, kind) => {
    if (kind === 'thinking') {
      snapshot.thinking = (snapshot.thinking ?? '') + text;
      post({ type: 'thinking', turnId, text });
    } else {
      snapshot.text += text;
      post({ type: 'delta', turnId, text });
    }
    changed();
  }, frameMs);
  return {
    listener: {
      onDelta: (text) => coalescer.push(text, 'answer'),
      onThinking: (text) => coalescer.push(text, 'thinking'),
    },
    dispose: () => coalescer.dispose(),
  };
}
