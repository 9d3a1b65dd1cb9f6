import { DEFAULT_MIN_GAP_MS, DeltaCoalescer } from './deltaCoalescer';
import type { ChatEngineDeps } from './engineDeps';
import type { HostMessage, TurnSnapshot } from './protocol';
import type { SessionListener } from './streamSession';

export interface TurnStream {
  /** The session's listener for answer and thinking text. */
  listener: Required<Pick<SessionListener, 'onDelta' | 'onThinking'>>;
  /** Post what is still buffered (before the turn's end is published). */
  dispose(): void;
}

/** How a turn's text is paced: the panel's flow window if the host has one, else a least gap between messages. */
export type TurnPacing = Pick<ChatEngineDeps, 'minGapMs' | 'flow' | 'clock'>;

/**
 * One turn's streamed text on its way to the panel: answer deltas and thinking, coalesced in the order they arrived,
 * each posted as its own message type (counted by the flow window until VS Code has delivered it). The snapshot
 * grows with what was posted, not with what was received, so a history replay never repeats buffered text; thinking
 * goes to its own field and never into the answer's text.
 */
export function streamTurn(snapshot: TurnSnapshot, post: (m: HostMessage) => PromiseLike<unknown> | void, changed: () => void, pacing: TurnPacing): TurnStream {
  const { turnId } = snapshot;
  const { flow } = pacing;
  const coalescer = new DeltaCoalescer(
    (text, kind) => {
      let delivery;
      if (kind === 'thinking') {
        snapshot.thinking = (snapshot.thinking ?? '') + text;
        delivery = post({ type: 'thinking', turnId, text });
      } else {
        snapshot.text += text;
        delivery = post({ type: 'delta', turnId, text });
      }
      flow?.sent(delivery);
      changed();
    },
    // With deliveries pacing the messages, a fixed gap would only hold tokens back.
    pacing.minGapMs ?? (flow ? 0 : DEFAULT_MIN_GAP_MS),
    undefined,
    flow ? { window: flow, maxHoldMs: flow.maxHoldMs, clock: pacing.clock } : undefined,
  );
  return {
    listener: {
      onDelta: (text) => coalescer.push(text, 'answer'),
      onThinking: (text) => coalescer.push(text, 'thinking'),
    },
    dispose: () => coalescer.dispose(),
  };
}
