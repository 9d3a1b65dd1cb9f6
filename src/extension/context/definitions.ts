/**
 * Definitions of the names a selection uses but does not define: the language's definition provider for each
 * name, then the symbol at each target (its whole span), read only from workspace files that are not excluded.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { matchesAnyGlob } from '../../core/context/glob';
import { identifiersIn } from '../../core/context/identifiers';
import type { ContextPiece } from '../../core/context/types';
import { documentSymbols, lineSpan, linesText, symbolNamedAt } from './symbols';

/** A definition without a symbol (a `const` the symbol provider does not list) is sent up to this many lines. */
const MAX_PLAIN_DEFINITION_LINES = 40;

/** `at`: where the defined name is (a link's target range is the whole declaration, its selection range the name). */
type Target = { uri: vscode.Uri; range: vscode.Range; at: vscode.Position };

function targetsOf(result: Array<vscode.Location | vscode.LocationLink> | undefined): Target[] {
  return (result ?? []).map((r) => ('targetUri' in r
    ? { uri: r.targetUri, range: r.targetRange, at: (r.targetSelectionRange ?? r.targetRange).start }
    : { uri: r.uri, range: r.range, at: r.range.start }));
}

export function isExcluded(uri: vscode.Uri, exclude: readonly string[]): boolean {
  return matchesAnyGlob([vscode.workspace.asRelativePath(uri, false), uri.path], exclude);
}

/**
 * Calls `emit` with each definition as it arrives; resolves when every name was looked up. The caller bounds the
 * wait, so a slow language server costs only what it did not deliver in time.
 */
export async function findDefinitions(
  doc: vscode.TextDocument,
  selection: vscode.Range,
  exclude: readonly string[],
  emit: (piece: ContextPiece) => void,
  signal: AbortSignal,
): Promise<void> {
  const base = doc.offsetAt(selection.start);
  const uses = identifiersIn(doc.getText(selection), 40, doc.languageId);
  const symbolsOf = new Map<string, Promise<vscode.DocumentSymbol[]>>();
  const seen = new Set<string>();
  const here = path.posix.dirname(doc.uri.path);

  await Promise.all(uses.map(async (use, index) => {
    let result: Array<vscode.Location | vscode.LocationLink> | undefined;
    try {
      result = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, doc.positionAt(base + use.offset));
    } catch {
      return;
    }
    for (const t of targetsOf(result)) {
      if (signal.aborted) return;
      const sameDoc = t.uri.toString() === doc.uri.toString();
      if (sameDoc && selection.contains(t.at)) continue; // defined by the selection itself
      if (!sameDoc && (!vscode.workspace.getWorkspaceFolder(t.uri) || isExcluded(t.uri, exclude))) continue;
      const key = t.uri.toString();
      if (!symbolsOf.has(key)) symbolsOf.set(key, documentSymbols(t.uri));
      const symbol = symbolNamedAt(await symbolsOf.get(key)!, t.at);
      const span = symbol ? lineSpan(symbol.range) : lineSpan(t.range);
      if (sameDoc && span.start <= selection.start.line && span.end >= selection.end.line) continue; // encloses the selection
      const id = `${key}#${span.start}-${span.end}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const target = sameDoc ? doc : await vscode.workspace.openTextDocument(t.uri);
      const end = symbol ? span.end : Math.min(span.end, span.start + MAX_PLAIN_DEFINITION_LINES - 1);
      emit({
        kind: 'definition',
        title: symbol?.name ?? use.name,
        fileName: vscode.workspace.asRelativePath(t.uri, false),
        startLine: span.start + 1,
        endLine: end + 1,
        text: linesText(target, span.start, end),
        distance: distanceOf(t.uri, span.start, sameDoc, selection.start.line, here, index),
      });
    }
  }));
}

/** Same file by line distance; then the selection's folder, the rest of the workspace, dependencies; by first use. */
function distanceOf(uri: vscode.Uri, line: number, sameDoc: boolean, selectionLine: number, here: string, useIndex: number): number {
  if (sameDoc) return Math.abs(line - selectionLine);
  if (/\/node_modules\//.test(uri.path)) return 3_000_000 + useIndex;
  return (path.posix.dirname(uri.path) === here ? 1_000_000 : 2_000_000) + useIndex;
}
