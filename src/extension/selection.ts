import * as vscode from 'vscode';
import { findEnclosingBlock } from '../core/enclosingBlock';
import type { CodeContext } from '../core/promptBuilder';

const BLOCK_KINDS = new Set([
  vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface, vscode.SymbolKind.Enum, vscode.SymbolKind.Struct, vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace, vscode.SymbolKind.Object,
]);

/**
 * The code to explain: the selection; with none, the innermost function/class around the cursor (from the
 * language's symbol provider), else the indentation block around it. Undefined when there is nothing to explain.
 */
export async function codeToExplain(editor: vscode.TextEditor): Promise<CodeContext | undefined> {
  const range = await rangeToExplain(editor);
  return range && codeContextOf(editor.document, range);
}

/** The range `codeToExplain` explains, for gathering context around it. */
export async function rangeToExplain(editor: vscode.TextEditor): Promise<vscode.Range | undefined> {
  const doc = editor.document;
  let range: vscode.Range | undefined = editor.selection.isEmpty ? undefined : editor.selection;
  if (!range) range = await enclosingSymbol(doc, editor.selection.active);
  if (!range) {
    const lines = Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i).text);
    const block = findEnclosingBlock(lines, editor.selection.active.line);
    if (block) range = new vscode.Range(block.start, 0, block.end, doc.lineAt(block.end).text.length);
  }
  return range;
}

export function codeContextOf(doc: vscode.TextDocument, range: vscode.Range): CodeContext | undefined {
  const code = doc.getText(range);
  if (!code.trim()) return undefined;
  return {
    code,
    language: doc.languageId,
    fileName: doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false),
    startLine: range.start.line + 1,
    endLine: range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1,
  };
}

async function enclosingSymbol(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Range | undefined> {
  let symbols: Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined;
  try {
    symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
  } catch {
    return undefined;
  }
  let best: vscode.Range | undefined;
  const visit = (list: readonly vscode.DocumentSymbol[]) => {
    for (const s of list) {
      if (!s.range.contains(pos)) continue;
      if (BLOCK_KINDS.has(s.kind)) best = s.range;
      visit(s.children ?? []);
    }
  };
  const docSymbols = (symbols ?? []).filter((s): s is vscode.DocumentSymbol => 'range' in s && 'children' in s);
  visit(docSymbols);
  return best;
}
