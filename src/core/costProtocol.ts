/**
 * The cost messages between host and panel: the pre-send estimate of a draft question and of a sent turn, the
 * "set a price" button, and a question handed back to the box when the budget modal's Cancel kept it from going out.
 * Validated here like every other message (protocolParse.ts routes these types to the parsers below).
 */
import { PROVIDER_IDS, type ProviderId } from './provider';
import { COST_BASES, type CostBasis } from './providers/modelInfo';

/** What a request would cost at most, before it is sent. */
export interface EstimateView {
  /** Input tokens of the whole request (system prompt, the conversation so far, the new message), counted by us. */
  inputTokens: number;
  /** Input at the model's price plus maxOutputTokens of output; null: the model has no price. */
  maxCostUsd: number | null;
  /** 'local' and 'included' show no cost at all. */
  costBasis: CostBasis;
}

/** The question box's draft, sent debounced; `seq` grows with each, so the panel can drop a stale answer. */
export type DraftMsg = { type: 'draft'; text: string; seq: number };
/** The panel's "set a price" under an unpriced answer: the host opens the prices setting with the model's row. */
export type SetPriceMsg = { type: 'set-price'; provider: ProviderId; model: string };

export type DraftEstimateMsg = { type: 'draft-estimate'; seq: number; estimate: EstimateView };
/** The draft's figures follow the streaming answer (the tokenizer's first load waits for its end: TokenizerGate). */
export type DraftEstimatePendingMsg = { type: 'draft-estimate-pending'; seq: number };
/** The estimate of a question that was sent (shown with it; it may arrive after the answer's first tokens). */
export type TurnEstimateMsg = { type: 'turn-estimate'; turnId: string; estimate: EstimateView };
/** A question the host did not send (budget modal: Cancel): back into the box, unless the user typed something new. */
export type RestoreQuestionMsg = { type: 'restore-question'; text: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOnly = (o: Obj, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v);

export function isEstimate(v: unknown): v is EstimateView {
  return isObj(v) && hasOnly(v, ['inputTokens', 'maxCostUsd', 'costBasis']) && Number.isSafeInteger(v.inputTokens) && isCount(v.inputTokens)
    && (v.maxCostUsd === null || isCount(v.maxCostUsd)) && typeof v.costBasis === 'string' && (COST_BASES as readonly string[]).includes(v.costBasis);
}

export function parseDraft(v: Obj, maxLength: number): DraftMsg | null {
  return hasOnly(v, ['type', 'text', 'seq']) && typeof v.text === 'string' && v.text.length <= maxLength && isSeq(v.seq)
    ? { type: 'draft', text: v.text, seq: v.seq } : null;
}

export function parseSetPrice(v: Obj, maxModelLength: number): SetPriceMsg | null {
  return hasOnly(v, ['type', 'provider', 'model']) && typeof v.provider === 'string' && (PROVIDER_IDS as readonly string[]).includes(v.provider)
    && typeof v.model === 'string' && v.model.trim() !== '' && v.model.length <= maxModelLength
    ? { type: 'set-price', provider: v.provider as ProviderId, model: v.model } : null;
}

export function parseCostHostMessage(v: Obj, maxAskLength: number): DraftEstimateMsg | DraftEstimatePendingMsg | TurnEstimateMsg | RestoreQuestionMsg | null {
  switch (v.type) {
    case 'draft-estimate':
      return hasOnly(v, ['type', 'seq', 'estimate']) && isSeq(v.seq) && isEstimate(v.estimate) ? { type: 'draft-estimate', seq: v.seq, estimate: v.estimate } : null;
    case 'draft-estimate-pending':
      return hasOnly(v, ['type', 'seq']) && isSeq(v.seq) ? { type: 'draft-estimate-pending', seq: v.seq } : null;
    case 'turn-estimate':
      return hasOnly(v, ['type', 'turnId', 'estimate']) && isId(v.turnId) && isEstimate(v.estimate) ? { type: 'turn-estimate', turnId: v.turnId, estimate: v.estimate } : null;
    case 'restore-question':
      return hasOnly(v, ['type', 'text']) && typeof v.text === 'string' && v.text.length <= maxAskLength ? { type: 'restore-question', text: v.text } : null;
    default:
      return null;
  }
}
