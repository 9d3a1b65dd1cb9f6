import type { FinishReason, OpaqueBlock, StreamEvent, TokenUsage } from './streamEvents';
import type { StreamTimings } from './streamTimings';
import type { SessionListener } from './streamSession';

/** What the panel shows for a redacted reasoning block (the provider encrypted it; it is still sent back). */
export const REDACTED_THINKING = '*(Part of the reasoning was redacted by the provider.)*\n\n';

/**
 * What a StreamSession has read so far, fed one event at a time from the adapter's sink (synchronously, inside the
 * adapter's loop over the SDK's stream), and passed on to the session's listener.
 */
export class AnswerSoFar {
  text = '';
  /** What the model streamed as its reasoning: shown apart, never part of `text` or of what is sent back. */
  thinking = '';
  model: string;
  reportedInput: number | undefined;
  usage: TokenUsage | undefined;
  reportedCostUsd: number | undefined;
  finish: { reason: FinishReason; raw: string | null } | undefined;
  /** The opaque blocks of the attempt running now: the session empties it at each attempt. */
  blocks: OpaqueBlock[] = [];

  constructor(model: string, private readonly timings: StreamTimings, private readonly listener: SessionListener) {
    this.model = model;
  }

  take(ev: StreamEvent): void {
    switch (ev.type) {
      case 'start':
        this.model = ev.model;
        if (ev.inputTokens !== undefined) this.reportedInput = ev.inputTokens;
        break;
      case 'delta':
        if (!ev.text) break;
        this.timings.answer();
        this.text += ev.text;
        this.listener.onDelta?.(ev.text);
        break;
      case 'thinking':
        if (ev.redacted) {
          // A redacted block has no text to show; the panel says that reasoning happened and was hidden.
          this.timings.thinking();
          this.thinking += REDACTED_THINKING;
          this.listener.onThinking?.(REDACTED_THINKING, true);
          break;
        }
        if (!ev.text) break;
        this.timings.thinking();
        this.thinking += ev.text;
        this.listener.onThinking?.(ev.text);
        break;
      case 'thinkingBlock':
        this.blocks.push(ev.block);
        break;
      case 'usage': {
        const { type: _t, reportedCostUsd: reported, ...u } = ev;
        this.usage = u;
        this.reportedCostUsd = reported;
        break;
      }
      case 'done':
        this.finish = { reason: ev.finishReason, raw: ev.rawFinishReason };
        break;
    }
  }
}
