/**
 * Explain Diff (`streamExplain.explainDiff`): the uncommitted changes of the current file, explained as a change.
 * From the palette, the editor's context menu and title menu, and the Source Control view's file menu. Nothing is
 * sent when there is no diff; the user is told why. The result names what happened, for the tests and the log.
 */
import * as vscode from 'vscode';
import { matchesAnyGlob } from '../core/context/glob';
import { InputRejected } from '../core/inputGuard';
import { unknownPlaceholders } from '../core/promptTemplate';
import type { ExplainDeps } from './explainCommand';
import { uncommittedDiff } from './git/uncommittedDiff';
import { readContextSettings, readExplainStyle, readPromptTemplate } from './settings';

export const EXPLAIN_DIFF_COMMAND = 'streamExplain.explainDiff';

export type ExplainDiffResult = { sent: true } | { sent: false; message: string };

export async function explainDiff(deps: ExplainDeps, arg: unknown): Promise<ExplainDiffResult> {
  const uri = targetOf(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') return tell('info', 'Explain Diff explains the uncommitted changes of a file: open a file of a Git repository first.');
  const label = vscode.workspace.asRelativePath(uri, false);
  const template = readPromptTemplate('explainDiff');
  const unknown = template ? unknownPlaceholders(template.text) : [];
  if (template && unknown.length) {
    return tell('error', `“${template.setting}” uses ${unknown.map((u) => `\${${u}}`).join(', ')}, which is not a placeholder (use \${code}, \${language}, \${fileName}, \${context}). Nothing was sent.`);
  }
  // The same rule as context: an excluded file (.env, keys) is never read, its changes included.
  if (matchesAnyGlob([label, uri.path], readContextSettings().exclude)) {
    return tell('warning', `${label} matches “streamExplain.context.exclude”, so its changes are not read or sent.`);
  }
  const found = await uncommittedDiff(uri, label);
  if (found.kind !== 'diff') return tell('info', found.message);
  if (!(await deps.allowSend())) return { sent: false, message: 'not sent: over budget' };
  const language = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId
    ?? (await vscode.workspace.openTextDocument(uri).then((d) => d.languageId, () => ''));
  await deps.chatView.reveal();
  try {
    await deps.engine.explain({ kind: 'diff', code: found.diff, language, fileName: label, style: readExplainStyle(), ...(template ? { template } : {}) });
  } catch (err) {
    if (!(err instanceof InputRejected)) throw err;
    return tell('warning', err.message);
  }
  return { sent: true };
}

/** The file a menu passed: a Uri (editor title and context menus) or a Source Control resource (its `resourceUri`). */
function targetOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'object' && arg !== null && 'resourceUri' in arg && arg.resourceUri instanceof vscode.Uri) return arg.resourceUri;
  return undefined;
}

function tell(level: 'info' | 'warning' | 'error', message: string): ExplainDiffResult {
  const text = `Stream Explain: ${message}`;
  if (level === 'error') void vscode.window.showErrorMessage(text);
  else if (level === 'warning') void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
  return { sent: false, message };
}
