import * as vscode from 'vscode';

/** Symbol kinds that have a body worth sending or a signature worth naming. */
export const BLOCK_KINDS = new Set([
  vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface, vscode.SymbolKind.Enum, vscode.SymbolKind.Struct, vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace, vscode.SymbolKind.Object,
]);

/** The document's symbol tree, or none when the language has no symbol provider (or it failed). */
export async function documentSymbols(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  try {
    const symbols = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined>('vscode.executeDocumentSymbolProvider', uri);
    return (symbols ?? []).filter((s): s is vscode.DocumentSymbol => 'range' in s && 'children' in s);
  } catch {
    return [];
  }
}

/** Symbols containing the position, outermost first. */
export function symbolChainAt(symbols: readonly vscode.DocumentSymbol[], pos: vscode.Position): vscode.DocumentSymbol[] {
  const chain: vscode.DocumentSymbol[] = [];
  let level: readonly vscode.DocumentSymbol[] = symbols;
  for (;;) {
    const hit = level.find((s) => s.range.contains(pos));
    if (!hit) return chain;
    chain.push(hit);
    level = hit.children ?? [];
  }
}

/** The symbol the position names (a definition target), innermost. */
export function symbolNamedAt(symbols: readonly vscode.DocumentSymbol[], pos: vscode.Position): vscode.DocumentSymbol | undefined {
  return symbolChainAt(symbols, pos).reverse().find((s) => s.selectionRange.contains(pos));
}

/** Whole lines of the range, 0-based inclusive. */
export function lineSpan(range: vscode.Range): { start: number; end: number } {
  const end = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return { start: range.start.line, end };
}

export function linesText(doc: vscode.TextDocument, start: number, end: number): string {
  return doc.getText(new vscode.Range(start, 0, end, doc.lineAt(end).text.length));
}
