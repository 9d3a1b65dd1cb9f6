import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamExplainApi } from '../../../src/extension/extension';
import type { ExplainDiffResult } from '../../../src/extension/explainDiff';
import type { GitExtension } from '../../../src/extension/git/gitApi';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { nextTurn, useLocalProviders, waitFor, workspaceFile } from './helpers';

/**
 * Explain Diff in a real VS Code with its real Git extension: the e2e settings turn Git off, so the first test sees
 * the "Git is turned off" message; then a repository is made in the workspace (git init, commit, modify), Git is
 * turned on, and the command sends exactly `git diff HEAD` of the file to the local provider server.
 */
describe('Explain Diff (the Git extension, a repository in the workspace)', () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  const g = vscode.ConfigurationTarget.Global;
  const REPO = 'diff-repo';
  const repoDir = () => workspaceFile(REPO).fsPath;
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: repoDir(), encoding: 'utf8' });
  const run = (arg?: unknown) => vscode.commands.executeCommand<ExplainDiffResult>('streamExplain.explainDiff', arg);

  const ORIGINAL = [
    'export function retryDelay(attempt: number): number {',
    '  return 100 * attempt;',
    '}',
    '',
    'export const MAX_ATTEMPTS = 3;',
    '',
  ].join('\n');
  const CHANGED = [
    'export function retryDelay(attempt: number, capMs = 10_000): number {',
    '  // Exponential, capped, so a long outage does not wait for minutes.',
    '  return Math.min(capMs, 100 * 2 ** attempt);',
    '}',
    '',
    'export const MAX_ATTEMPTS = 5;',
    '',
  ].join('\n');

  before(async function () {
    this.timeout(60_000);
    server = await startProviderServer();
    api = await useLocalProviders(server);
    fs.mkdirSync(repoDir(), { recursive: true });
    fs.writeFileSync(path.join(repoDir(), 'retry.ts'), ORIGINAL);
    fs.writeFileSync(path.join(repoDir(), 'unchanged.ts'), 'export const unchanged = 1;\n');
    fs.writeFileSync(path.join(repoDir(), 'app.secret.ts'), 'export const a = 1;\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    // Uncommitted = staged and unstaged: the first edit is staged, a later one is not.
    fs.writeFileSync(path.join(repoDir(), 'retry.ts'), CHANGED);
    git('add', 'retry.ts');
    fs.appendFileSync(path.join(repoDir(), 'retry.ts'), 'export const JITTER = 0.1;\n');
    fs.writeFileSync(path.join(repoDir(), 'app.secret.ts'), 'export const a = 2;\n');
  });

  after(async () => {
    await api?.engine.cancel();
    await api?.engine.newChat();
    await vscode.workspace.getConfiguration('streamExplain').update('prompts.explainDiff', undefined, g);
    await vscode.workspace.getConfiguration('git').update('enabled', false, g);
    await server?.close();
  });

  it('with Git turned off: says so and sends nothing', async () => {
    assert.equal(vscode.workspace.getConfiguration('git').get('enabled'), false, 'the e2e settings turn Git off');
    const requests = server.requests.length;
    const result = await run(workspaceFile(`${REPO}/retry.ts`));
    assert.equal(result.sent, false);
    assert.match(result.sent ? '' : result.message, /Git is turned off \(the “git\.enabled” setting\)/);
    assert.equal(server.requests.length, requests);
  });

  it('with Git on: the diff of the active file is sent as a change; the chip and Show prompt match the request', async function () {
    this.timeout(90_000);
    await vscode.workspace.getConfiguration('git').update('enabled', true, g);
    const file = workspaceFile(`${REPO}/retry.ts`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    // The Git extension starts and scans the workspace (its folder holds the repository one level down).
    const gitExt = vscode.extensions.getExtension<GitExtension>('vscode.git')!;
    const gitApi = await waitFor(() => gitExt.exports?.enabled && gitExt.exports.getAPI(1), 'the Git extension to be enabled', 30_000);
    await waitFor(() => gitApi.getRepository(file), 'the Git extension to open the repository', 60_000);

    server.enqueue({ kind: 'script', text: 'The delay is now exponential and capped.' });
    const before = api.chatView.sent.length;
    const requests = server.requests.length;
    const result = await run(); // no argument: the palette, the active editor's file
    assert.deepEqual(result, { sent: true });
    const turn = await nextTurn(api, before);
    await turn.end();
    const expected = git('diff', 'HEAD', '--', 'retry.ts').trimEnd();
    assert.match(expected, /^\+ {2}return Math\.min\(capMs, 100 \* 2 \*\* attempt\);$/m, 'the staged edit');
    assert.match(expected, /^\+export const JITTER = 0\.1;$/m, 'the unstaged edit');
    const messages = server.requests[requests].body.messages as Array<{ role: string; content: string }>;
    const user = messages.at(-1)!.content;
    assert.ok(user.includes(`\`\`\`diff\n${expected}\n\`\`\``), `the request holds git diff HEAD of the file:\n${user}`);
    assert.match(user, /The uncommitted changes to `diff-repo\/retry\.ts` \(typescript\), as a unified diff against the last commit \(\+5 −3\)/);
    const sent = turn.start().prompt.sent!;
    assert.equal(sent.user, user, 'Show prompt shows the message the server received');
    assert.deepEqual(sent.chips.map((c) => [c.kind, c.label]), [['diff', 'diff of diff-repo/retry.ts, +5 −3']]);
  });

  it('from the Source Control view (a resource state): that file, whatever the active editor', async () => {
    server.enqueue({ kind: 'script', text: 'Explained.' });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile(`${REPO}/unchanged.ts`)));
    const before = api.chatView.sent.length;
    const requests = server.requests.length;
    const result = await run({ resourceUri: workspaceFile(`${REPO}/retry.ts`) });
    assert.deepEqual(result, { sent: true });
    await (await nextTurn(api, before)).end();
    const messages = server.requests[requests].body.messages as Array<{ role: string; content: string }>;
    assert.match(messages.at(-1)!.content, /The uncommitted changes to `diff-repo\/retry\.ts`/);
  });

  it('a file without changes, a file outside any repository: a clear message, nothing sent', async () => {
    const requests = server.requests.length;
    const clean = await run(workspaceFile(`${REPO}/unchanged.ts`));
    assert.match(clean.sent ? '' : clean.message, /^diff-repo\/unchanged\.ts has no uncommitted changes/);
    const outside = await run(workspaceFile('rateLimiter.ts'));
    assert.match(outside.sent ? '' : outside.message, /^rateLimiter\.ts is not in a Git repository/);
    assert.equal(server.requests.length, requests);
  });

  it('an excluded file is never read; an unknown placeholder in prompts.explainDiff is reported; nothing sent', async () => {
    const requests = server.requests.length;
    const secret = await run(workspaceFile(`${REPO}/app.secret.ts`));
    assert.match(secret.sent ? '' : secret.message, /matches “streamExplain\.context\.exclude”/);
    await vscode.workspace.getConfiguration('streamExplain').update('prompts.explainDiff', 'Review ${diff} please', g);
    const bad = await run(workspaceFile(`${REPO}/retry.ts`));
    assert.match(bad.sent ? '' : bad.message, /“streamExplain\.prompts\.explainDiff” uses \$\{diff\}, which is not a placeholder/);
    assert.equal(server.requests.length, requests);
  });
});
