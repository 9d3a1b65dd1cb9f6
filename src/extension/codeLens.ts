/**
 * "Explain" above each function, method and class (`streamExplain.codeLens`, off by default: lenses cost a
 * symbol request per edit and take a line of space, so the user opts in).
 */
import * as vscode from 'vscode';
import { SECTION } from './ids';
import { BLOCK_KINDS, documentSymbols } from './context/symbols';

export const EXPLAIN_SYMBOL_COMMAND = 'streamExplain.explainSymbol';
const LENS_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class]);

export class ExplainCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.codeLens`)) this.changed.fire();
  });

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens')) return [];
    const lenses: vscode.CodeLens[] = [];
    const visit = (symbols: readonly vscode.DocumentSymbol[]) => {
      for (const s of symbols) {
        if (LENS_KINDS.has(s.kind)) {
          lenses.push(new vscode.CodeLens(s.range, { title: 'Explain', tooltip: `Explain ${s.name} with Stream Explain`, command: EXPLAIN_SYMBOL_COMMAND, arguments: [doc.uri, s.range] }));
        }
        if (BLOCK_KINDS.has(s.kind)) visit(s.children ?? []);
      }
    };
    visit(await documentSymbols(doc.uri));
    return lenses;
  }

  dispose(): void {
    this.watch.dispose();
    this.changed.dispose();
  }
}

export function symbolArgs(args: unknown[]): { uri: vscode.Uri; range: vscode.Range } | undefined {
  const [uri, range] = args;
  return uri instanceof vscode.Uri && range instanceof vscode.Range ? { uri, range } : undefined;
}
