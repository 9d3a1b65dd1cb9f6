/**
 * Gathers what the model needs around a selection from the user's language features, bounded in time and
 * cancellable: whatever has arrived when the bound passes is used, the rest is dropped.
 */
import * as vscode from 'vscode';
import { settleWithin } from '../../core/context/deadline';
import { selectContext } from '../../core/context/selectContext';
import { emptyContext, type ContextPiece, type GatheredContext } from '../../core/context/types';
import { approximateCounter } from '../../core/tokenCounter';
import { findDefinitions, isExcluded } from './definitions';
import { diagnosticsIn, enclosingSignatures, importsFor } from './localStructure';

export interface GatherOptions {
  maxTokens: number;
  exclude: readonly string[];
  /** A language server that hangs delays the request by at most this. */
  timeoutMs: number;
  signal: AbortSignal;
}

export async function gatherContext(doc: vscode.TextDocument, selection: vscode.Range, o: GatherOptions): Promise<GatheredContext> {
  // Nothing beyond the selection is read from a file the user excluded, nor when the budget is zero.
  if (o.maxTokens <= 0 || o.signal.aborted || isExcluded(doc.uri, o.exclude)) return emptyContext();
  const found: ContextPiece[] = [...diagnosticsIn(doc, selection), ...importsFor(doc, selection)];
  const emit = (p: ContextPiece) => {
    if (!o.signal.aborted) found.push(p);
  };
  const work = Promise.all([
    enclosingSignatures(doc, selection).then((pieces) => pieces.forEach(emit)),
    findDefinitions(doc, selection, o.exclude, emit, o.signal),
  ]);
  const settled = await settleWithin(work, o.timeoutMs, o.signal);
  if (settled === 'cancelled') return emptyContext();
  // A snapshot: pieces arriving after the bound are not sent.
  return selectContext(found.slice(), { maxTokens: o.maxTokens, language: doc.languageId, counter: approximateCounter, timedOut: settled === 'timeout' });
}

// Explain Diff reads its diff in this bundle too: loaded on first use, like the gatherer.
export { diffRequest } from '../git/diffRequest';
