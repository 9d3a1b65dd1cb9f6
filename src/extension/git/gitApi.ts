/**
 * The part of VS Code's built-in Git extension API (`vscode.git`, `getAPI(1)`) that Explain Diff uses, typed here
 * from the extension's published `git.d.ts` so that nothing is added to the dependencies. Only what is read is
 * declared; the real objects have much more.
 */
import type * as vscode from 'vscode';

export const GIT_EXTENSION_ID = 'vscode.git';

export interface GitExtension {
  /** False when the user turned Git off (`git.enabled`); getAPI then throws. */
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

export type GitApiState = 'uninitialized' | 'initialized';

export interface GitApi {
  readonly state: GitApiState;
  readonly onDidChangeState: vscode.Event<GitApiState>;
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  /** The repository holding `uri`, or null. */
  getRepository(uri: vscode.Uri): GitRepository | null;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  /** `git diff <ref> -- <path>`: with `HEAD`, the staged and unstaged changes of the file. */
  diffWith(ref: string, path: string): Promise<string>;
  /** `git diff -- <path>` (despite its name: the working tree against the index). */
  diffWithHEAD(path: string): Promise<string>;
}
