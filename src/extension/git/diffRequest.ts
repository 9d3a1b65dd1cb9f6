/**
 * What Explain Diff sends, read in the lazily loaded context bundle: the file a menu passed (or the active editor's),
 * never read when excluded, its uncommitted changes through the Git extension, redacted and bounded. Or why there
 * is nothing to send.
 */
import * as vscode from 'vscode';
import { matchesAnyGlob } from '../../core/context/glob';
import { prepareDiff, type PreparedDiff } from '../../core/diff/prepareDiff';
import { approximateCounter } from '../../core/tokenCounter';
import { uncommittedDiff } from './uncommittedDiff';

export type DiffRequest =
  | { kind: 'ready'; fileName: string; language: string; diff: PreparedDiff }
  | { kind: 'unavailable'; level: 'info' | 'warning'; message: string };

export async function diffRequest(arg: unknown, o: { exclude: readonly string[]; maxTokens: number }): Promise<DiffRequest> {
  const uri = targetOf(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') {
    return { kind: 'unavailable', level: 'info', message: 'Explain Diff explains the uncommitted changes of a file: open a file of a Git repository first.' };
  }
  const fileName = vscode.workspace.asRelativePath(uri, false);
  // The same rule as context: an excluded file (.env, keys) is never read, its changes included.
  if (matchesAnyGlob([fileName, uri.path], o.exclude)) {
    return { kind: 'unavailable', level: 'warning', message: `${fileName} matches “streamExplain.context.exclude”, so its changes are not read or sent.` };
  }
  const found = await uncommittedDiff(uri, fileName);
  if (found.kind !== 'diff') return { kind: 'unavailable', level: 'info', message: found.message };
  const language = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId
    ?? (await vscode.workspace.openTextDocument(uri).then((d) => d.languageId, () => ''));
  // Estimated tokens (4 characters each): the bound is about cost, and the engine's input guard still applies.
  return { kind: 'ready', fileName, language, diff: prepareDiff(found.diff, o.maxTokens, approximateCounter) };
}

/** The file a menu passed: a Uri (editor title and context menus) or a Source Control resource (its `resourceUri`). */
function targetOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'object' && arg !== null && 'resourceUri' in arg && arg.resourceUri instanceof vscode.Uri) return arg.resourceUri;
  return undefined;
}
