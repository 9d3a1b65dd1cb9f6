/**
 * Choosing what of the gathered context is sent: ordered by what the model needs most, deduplicated, each
 * definition cut to its signature and as much body as fits, all within a token budget.
 */
import type { TokenCounter } from '../tokenCounter';
import type { ContextKind, ContextPiece } from './types';

/** Errors first (they are what the user is looking at), then where the selection sits, its imports, definitions. */
const KIND_ORDER: Record<ContextKind, number> = { diagnostic: 0, enclosing: 1, imports: 2, definition: 3 };

/** Stable: by kind, then nearest the selection first. */
export function orderPieces(pieces: readonly ContextPiece[]): ContextPiece[] {
  return pieces
    .map((p, i) => ({ p, i }))
    .sort((a, b) => KIND_ORDER[a.p.kind] - KIND_ORDER[b.p.kind] || a.p.distance - b.p.distance || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * Drops repeats: the same span of the same file twice (two names defined by one class), and a definition inside
 * another one already kept (a method of a class that is sent whole). Keeps the first in the given order, except
 * that an enclosing span replaces a nested one found earlier.
 */
export function dedupPieces(pieces: readonly ContextPiece[]): ContextPiece[] {
  const kept: ContextPiece[] = [];
  for (const p of pieces) {
    if (p.kind !== 'definition') {
      if (!kept.some((k) => k.kind === p.kind && k.fileName === p.fileName && k.text === p.text)) kept.push(p);
      continue;
    }
    const sameFile = (k: ContextPiece) => k.kind === 'definition' && k.fileName === p.fileName;
    if (kept.some((k) => sameFile(k) && k.startLine <= p.startLine && k.endLine >= p.endLine)) continue;
    const inner = kept.findIndex((k) => sameFile(k) && p.startLine <= k.startLine && p.endLine >= k.endLine);
    if (inner >= 0) {
      kept[inner] = p;
      for (let i = kept.length - 1; i > inner; i--) if (sameFile(kept[i]) && p.startLine <= kept[i].startLine && p.endLine >= kept[i].endLine) kept.splice(i, 1);
    } else kept.push(p);
  }
  return kept;
}

/** Shown where a definition's body was cut. */
export const cutMarker = (lines: number) => `… (${lines} more line${lines === 1 ? '' : 's'} not sent)`;

/**
 * The text cut at a line boundary to at most `maxTokens`: the first lines (the signature) always, then as much of
 * the body as fits, then a marker saying how many lines were left out. Undefined when not even the first line fits.
 */
export function cutToTokens(text: string, maxTokens: number, counter: TokenCounter): string | undefined {
  if (counter.count(text) <= maxTokens) return text;
  const lines = text.split('\n');
  let kept = 0;
  let used = 0;
  for (const line of lines) {
    const cost = counter.count(line + '\n');
    // Room is left for the marker line.
    if (used + cost + counter.count(cutMarker(lines.length)) > maxTokens) break;
    used += cost;
    kept++;
  }
  if (kept === 0) return undefined;
  return `${lines.slice(0, kept).join('\n')}\n${cutMarker(lines.length - kept)}`;
}

/** Below this many tokens a cut definition is only a signature with no body: not worth its place. */
export const MIN_CUT_TOKENS = 24;

export interface Fitted {
  pieces: ContextPiece[];
  dropped: number;
}

/**
 * Takes pieces in order while they fit `maxTokens` (each counted with its rendering overhead `overhead(piece)`);
 * a definition that does not fit whole is cut to the room left when that room is worth it. Later, smaller pieces
 * still get in after a large one is dropped.
 */
export function fitToBudget(pieces: readonly ContextPiece[], maxTokens: number, counter: TokenCounter, overhead: (p: ContextPiece) => number): Fitted {
  const out: ContextPiece[] = [];
  let used = 0;
  let dropped = 0;
  for (const p of pieces) {
    const extra = overhead(p);
    const cost = counter.count(p.text) + extra;
    if (used + cost <= maxTokens) {
      out.push(p);
      used += cost;
      continue;
    }
    const room = maxTokens - used - extra;
    const cut = p.kind === 'definition' && room >= MIN_CUT_TOKENS ? cutToTokens(p.text, room, counter) : undefined;
    if (cut === undefined) {
      dropped++;
      continue;
    }
    out.push({ ...p, text: cut });
    used += counter.count(cut) + extra;
  }
  return { pieces: out, dropped };
}
