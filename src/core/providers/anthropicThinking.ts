import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { StreamSink } from '../provider';
import type { OpaqueBlock } from '../streamEvents';

/**
 * Anthropic's thinking content blocks, read off the raw stream: `thinking_delta`s become thinking events as they
 * arrive, and each finished block (its signature complete, or a redacted block's `data`) becomes a `thinkingBlock`
 * event, so it can be sent back unchanged with the turn (the API verifies the signature).
 */
export class AnthropicThinkingBlocks {
  /** Blocks being streamed, by content block index. */
  private readonly open = new Map<number, OpaqueBlock>();

  /** Sinks the events one raw stream event contributes (none for events that are not about thinking). */
  read(event: RawMessageStreamEvent, sink: StreamSink): void {
    switch (event.type) {
      case 'content_block_start': {
        const b = event.content_block;
        if (b.type === 'thinking') {
          this.open.set(event.index, { type: 'thinking', thinking: b.thinking ?? '', signature: b.signature ?? '' });
          if (b.thinking) sink({ type: 'thinking', text: b.thinking });
          return;
        }
        if (b.type === 'redacted_thinking') {
          this.open.set(event.index, { type: 'redacted_thinking', data: b.data });
          sink({ type: 'thinking', text: '', redacted: true });
        }
        return;
      }
      case 'content_block_delta': {
        const block = this.open.get(event.index);
        if (event.delta.type === 'thinking_delta') {
          if (block?.type === 'thinking') block.thinking += event.delta.thinking;
          if (event.delta.thinking) sink({ type: 'thinking', text: event.delta.thinking });
          return;
        }
        // Signatures may come in pieces; the block is only whole at content_block_stop.
        if (event.delta.type === 'signature_delta' && block?.type === 'thinking') block.signature += event.delta.signature;
        return;
      }
      case 'content_block_stop': {
        const block = this.open.get(event.index);
        if (!block) return;
        this.open.delete(event.index);
        // A thinking block without a signature cannot be sent back (the API would refuse it): keep only whole ones.
        if (block.type === 'thinking' && !block.signature) return;
        sink({ type: 'thinkingBlock', block });
        return;
      }
      default:
        return;
    }
  }
}
