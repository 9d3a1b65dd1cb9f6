/** From everything the gatherer found to what is sent: ordered, deduplicated, scrubbed of secrets, within budget. */
import type { TokenCounter } from '../tokenCounter';
import { dedupPieces, fitToBudget, orderPieces } from './budget';
import { redactContextSecrets } from './redactSecrets';
import { CONTEXT_INTRO, pieceOverhead, renderContextSection } from './renderContext';
import type { ContextPiece, GatheredContext } from './types';

export interface SelectOptions {
  maxTokens: number;
  /** The selection's language: context pieces are fenced with it. */
  language: string;
  counter: TokenCounter;
  timedOut?: boolean;
}

export function selectContext(found: readonly ContextPiece[], o: SelectOptions): GatheredContext {
  if (o.maxTokens <= 0) return { pieces: [], tokens: 0, dropped: 0, redactions: 0, timedOut: !!o.timedOut };
  let redactions = 0;
  const scrubbed = dedupPieces(orderPieces(found)).map((p) => {
    const r = redactContextSecrets(p.text);
    redactions += r.count;
    return r.count ? { ...p, text: r.text } : p;
  });
  // The section's intro line is paid for first, so the pieces with their headings fit in what is left.
  const fitted = fitToBudget(scrubbed, o.maxTokens - o.counter.count(`${CONTEXT_INTRO}\n\n`), o.counter, pieceOverhead(o.counter, o.language));
  const tokens = o.counter.count(renderContextSection(fitted.pieces, o.language));
  return { pieces: fitted.pieces, tokens, dropped: fitted.dropped, redactions, timedOut: !!o.timedOut };
}
