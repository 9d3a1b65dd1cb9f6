import { costView, type PriceTable } from '../pricing';
import { estimatedCost } from '../providers/descriptors';
import { PROVIDER_IDS, type ProviderId } from '../provider';
import type { TurnSnapshot } from '../protocol';
import type { OpaqueBlock } from '../streamEvents';
import { approximateCounter } from '../tokenCounter';
import { restoredBlocks } from './reasoningBlocks';

/** A turn as persisted (workspaceState) so the conversation survives a window reload. */
export interface StoredTurn {
  snapshot: TurnSnapshot;
  /** What the model received for this turn's user message. */
  content: string;
  /** Replaced by a retry: kept on screen, left out of the conversation sent to the model. */
  superseded: boolean;
  /** The provider's reasoning blocks of this answer, sent back with it in later turns (conversation/reasoningBlocks). */
  blocks?: OpaqueBlock[];
}

/** The persisted conversation. Before the model picker it was saved as a bare array of turns; both restore. */
export interface StoredConversation {
  turns: StoredTurn[];
  model?: { provider: ProviderId; model: string };
}

/** A turn as saved: one still streaming is saved as it would end if the window went away now. */
export function exportTurn(t: StoredTurn, prices: PriceTable, baseUrl?: string): StoredTurn {
  return t.snapshot.state === 'streaming' ? asStopped(t, prices, baseUrl) : structuredClone(t);
}

/** A streaming turn as stopped: its text so far, tokens and cost estimated. */
export function asStopped(t: StoredTurn, prices: PriceTable, baseUrl?: string): StoredTurn {
  const s = structuredClone(t.snapshot);
  const usage = { inputTokens: approximateCounter.count(t.content), outputTokens: approximateCounter.count(s.text) };
  s.state = 'cancelled';
  s.end = {
    finishReason: 'cancelled', usage: { ...usage, estimated: true }, ...costView(estimatedCost(s.provider, prices, baseUrl, s.model, usage)),
    metrics: { ttftMs: null, totalMs: 0, tokensPerSecond: null },
  };
  return { ...t, snapshot: s };
}

/**
 * What a reload comes back to. Copies what it is given; a turn that was streaming when the window closed is shown as
 * stopped, its text kept; a saved model choice is kept only if it names a known provider and a model.
 */
export function restoreConversation(saved: StoredConversation | readonly StoredTurn[] | undefined): StoredConversation {
  const raw: { turns: readonly StoredTurn[]; model?: Partial<StoredConversation['model']> } =
    saved === undefined ? { turns: [] } : isTurnArray(saved) ? { turns: saved } : saved;
  const turns = (Array.isArray(raw.turns) ? raw.turns : []).map((t) => withValidBlocks(structuredClone(t)))
    .map((t) => (t.snapshot.state === 'streaming' ? { ...t, snapshot: { ...t.snapshot, state: 'cancelled' as const } } : t));
  const m = raw.model;
  if (typeof m !== 'object' || m === null || !m.provider || !PROVIDER_IDS.includes(m.provider) || typeof m.model !== 'string' || !m.model.trim()) return { turns };
  return { turns, model: { provider: m.provider, model: m.model } };
}

function withValidBlocks(t: StoredTurn): StoredTurn {
  const { blocks, ...rest } = t;
  const valid = restoredBlocks(blocks);
  return valid ? { ...rest, blocks: valid } : rest;
}

function isTurnArray(v: StoredConversation | readonly StoredTurn[]): v is readonly StoredTurn[] {
  return Array.isArray(v);
}
