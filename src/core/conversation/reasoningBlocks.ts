import type { OpaqueBlock } from '../streamEvents';
import type { SessionResult } from '../streamSession';
import type { StoredTurn } from './persistence';

/**
 * The provider's opaque reasoning blocks kept with each assistant turn, so a follow-up sends them back unchanged
 * (Anthropic refuses altered signed thinking). They are saved with the conversation and never shown as answer text.
 */

/** Record what a finished session brought: its blocks replace the turn's, or follow them when the turn was continued. */
export function keepBlocks(turn: StoredTurn, result: SessionResult, continued: boolean): void {
  const fresh = result.blocks ?? [];
  const blocks = continued ? [...(turn.blocks ?? []), ...fresh] : fresh;
  if (blocks.length) turn.blocks = blocks.map((b) => ({ ...b }));
  else delete turn.blocks;
}

/** Blocks read back from storage: only well-formed ones survive (a damaged save must not break the next request). */
export function restoredBlocks(raw: unknown): OpaqueBlock[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const blocks = raw.flatMap((b): OpaqueBlock[] => {
    if (typeof b !== 'object' || b === null) return [];
    const r = b as Record<string, unknown>;
    if (r.type === 'thinking' && typeof r.thinking === 'string' && typeof r.signature === 'string' && r.signature) {
      return [{ type: 'thinking', thinking: r.thinking, signature: r.signature }];
    }
    if (r.type === 'redacted_thinking' && typeof r.data === 'string' && r.data) return [{ type: 'redacted_thinking', data: r.data }];
    return [];
  });
  return blocks.length ? blocks : undefined;
}
