/** Context from the selection's own file: diagnostics inside it, the imports it uses, the symbols around it. */
import * as vscode from 'vscode';
import { importsUsing, signatureOf } from '../../core/context/fileStructure';
import { identifiersIn } from '../../core/context/identifiers';
import type { ContextPiece } from '../../core/context/types';
import { BLOCK_KINDS, documentSymbols, linesText, symbolChainAt } from './symbols';

/** Errors and warnings overlapping the selection, each with its message, code and line. */
export function diagnosticsIn(doc: vscode.TextDocument, selection: vscode.Range): ContextPiece[] {
  const fileName = vscode.workspace.asRelativePath(doc.uri, false);
  return vscode.languages.getDiagnostics(doc.uri)
    .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning && d.range.intersection(selection) !== undefined)
    .map((d) => {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      const source = [d.source, code].filter((x) => x !== undefined && x !== '').join(' ');
      return {
        kind: 'diagnostic' as const,
        title: d.severity === vscode.DiagnosticSeverity.Error ? 'Error' : 'Warning',
        fileName,
        startLine: d.range.start.line + 1,
        endLine: d.range.end.line + 1,
        text: `${d.message}${source ? ` (${source})` : ''}`,
        distance: Math.abs(d.range.start.line - selection.start.line),
      };
    });
}

/** The file's import statements that bring in a name the selection uses (one piece), unless the selection has them. */
export function importsFor(doc: vscode.TextDocument, selection: vscode.Range): ContextPiece[] {
  const lines = Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i).text);
  const names = identifiersIn(doc.getText(selection), 200, doc.languageId).map((u) => u.name);
  const spans = importsUsing(lines, names).filter((s) => s.end < selection.start.line || s.start > selection.end.line);
  if (spans.length === 0) return [];
  return [{
    kind: 'imports',
    title: 'imports',
    fileName: vscode.workspace.asRelativePath(doc.uri, false),
    startLine: spans[0].start + 1,
    endLine: spans[spans.length - 1].end + 1,
    text: spans.map((s) => s.text).join('\n'),
    distance: 0,
  }];
}

/** The signatures of the functions and classes the selection sits inside, outermost first. */
export async function enclosingSignatures(doc: vscode.TextDocument, selection: vscode.Range): Promise<ContextPiece[]> {
  const chain = symbolChainAt(await documentSymbols(doc.uri), selection.start)
    .filter((s) => BLOCK_KINDS.has(s.kind) && s.range.contains(selection.end) && !selection.contains(s.range));
  const fileName = vscode.workspace.asRelativePath(doc.uri, false);
  return chain.map((s, depth) => {
    const start = s.range.start.line;
    const lines = linesText(doc, start, Math.min(s.range.end.line, start + 5)).split('\n');
    const signature = signatureOf(lines);
    return {
      kind: 'enclosing' as const,
      title: s.name,
      fileName,
      startLine: start + 1,
      endLine: start + signature.split('\n').length,
      text: signature,
      distance: depth,
    };
  });
}
