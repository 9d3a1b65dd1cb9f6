/**
 * The uncommitted changes of one file (staged and unstaged, against HEAD) through VS Code's Git extension, or why
 * there are none to show: Git missing or turned off, the file outside any repository, nothing changed.
 */
import * as vscode from 'vscode';
import { GIT_EXTENSION_ID, type GitApi, type GitExtension, type GitRepository } from './gitApi';

export type DiffLookup =
  | { kind: 'diff'; diff: string; repository: vscode.Uri }
  | { kind: 'unavailable'; message: string };

/** How long to wait for the Git extension to start, then for it to open the file's repository (it scans after starting). */
const INIT_MS = 5000;
const OPEN_MS = 1000;

export async function uncommittedDiff(uri: vscode.Uri, fileLabel: string): Promise<DiffLookup> {
  const ext = vscode.extensions.getExtension<GitExtension>(GIT_EXTENSION_ID);
  if (!ext) return { kind: 'unavailable', message: 'Explain Diff needs VS Code\'s built-in Git extension, which is not available here.' };
  let git: GitExtension;
  try {
    git = ext.isActive ? ext.exports : await ext.activate();
  } catch (err) {
    return { kind: 'unavailable', message: `the Git extension did not start (${String(err)}).` };
  }
  if (!git?.enabled) return { kind: 'unavailable', message: 'Git is turned off (the “git.enabled” setting), so there is no diff to explain. Turn it on to use Explain Diff.' };
  const api = git.getAPI(1);
  const repo = await repositoryFor(api, uri);
  if (!repo) return { kind: 'unavailable', message: `${fileLabel} is not in a Git repository that VS Code has open, so it has no uncommitted changes to explain.` };
  let diff: string;
  try {
    diff = await repo.diffWith('HEAD', uri.fsPath);
  } catch {
    // A repository without commits has no HEAD: every change is against the index.
    diff = await repo.diffWithHEAD(uri.fsPath).catch(() => '');
  }
  if (!diff.trim()) {
    return { kind: 'unavailable', message: `${fileLabel} has no uncommitted changes (a new file Git does not track yet has none: stage it first).` };
  }
  return { kind: 'diff', diff, repository: repo.rootUri };
}

/** The repository of `uri`, waiting a little for a Git extension that is still starting or scanning the workspace. */
async function repositoryFor(api: GitApi, uri: vscode.Uri): Promise<GitRepository | undefined> {
  const found = () => api.getRepository(uri) ?? undefined;
  if (api.state !== 'initialized') await until(api.onDidChangeState, () => api.state === 'initialized', INIT_MS);
  if (!found()) await until(api.onDidOpenRepository, () => !!found(), OPEN_MS);
  return found();
}

/** Resolves when `ok()` holds after an event, or after `ms`. */
function until<T>(event: vscode.Event<T>, ok: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const sub = event(() => {
      if (ok()) done();
    });
  });
}
