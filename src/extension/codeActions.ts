/**
 * The light bulb: "Explain with Stream Explain" on any selection, and "Explain this problem" on each error or
 * warning under the cursor, which explains the code around the problem with the problem in its context.
 */
import * as vscode from 'vscode';

export const EXPLAIN_PROBLEM_COMMAND = 'streamExplain.explainProblem';
/** Lines of code sent around a problem, either side. */
export const PROBLEM_MARGIN_LINES = 5;

export class ExplainCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.severity > vscode.DiagnosticSeverity.Warning) continue;
      const a = new vscode.CodeAction(`Explain this problem: ${short(d.message)}`, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.command = { command: EXPLAIN_PROBLEM_COMMAND, title: 'Explain this problem', arguments: [doc.uri, d.range, d.message] };
      actions.push(a);
    }
    if (!range.isEmpty) {
      const a = new vscode.CodeAction('Explain with Stream Explain', vscode.CodeActionKind.QuickFix);
      a.command = { command: 'streamExplain.explainSelection', title: 'Explain with Stream Explain' };
      actions.push(a);
    }
    return actions;
  }
}

const short = (message: string) => {
  const first = message.split('\n')[0];
  return first.length > 60 ? `${first.slice(0, 57)}…` : first;
};

/** The lines around a problem, whole. */
export function problemRange(doc: vscode.TextDocument, at: vscode.Range): vscode.Range {
  const start = Math.max(0, at.start.line - PROBLEM_MARGIN_LINES);
  const end = Math.min(doc.lineCount - 1, at.end.line + PROBLEM_MARGIN_LINES);
  return new vscode.Range(start, 0, end, doc.lineAt(end).text.length);
}

/** Validates the command's arguments: it can be run from the palette or a keybinding with anything. */
export function problemArgs(args: unknown[]): { uri: vscode.Uri; range: vscode.Range; message: string } | undefined {
  const [uri, range, message] = args;
  if (!(uri instanceof vscode.Uri) || !(range instanceof vscode.Range) || typeof message !== 'string') return undefined;
  return { uri, range, message };
}
