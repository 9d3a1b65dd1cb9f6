/**
 * Explain Diff (`streamExplain.explainDiff`): the uncommitted changes of the current file, explained as a change.
 * From the palette, the editor's context menu and title menu, and the Source Control view's file menu. Reading the
 * diff lives in the lazily loaded context bundle (diffRequest); nothing is sent when there is no diff, and the user
 * is told why. The result names what happened, for the tests and the log.
 */
import * as vscode from 'vscode';
import { DIFF_MAX_TOKENS } from '../core/diff/prepareDiff';
import { InputRejected } from '../core/inputGuard';
import { unknownPlaceholders } from '../core/promptTemplate';
import type { ExplainDeps } from './explainCommand';
import { loadBundle } from './providerBundles';
import { readContextSettings, readEngineSettings, readExplainStyle, readPromptTemplate } from './settings';

export { EXPLAIN_DIFF_COMMAND } from './ids';

export type ExplainDiffResult = { sent: true } | { sent: false; message: string };

export async function explainDiff(deps: ExplainDeps, arg: unknown): Promise<ExplainDiffResult> {
  const template = readPromptTemplate('explainDiff');
  const unknown = template ? unknownPlaceholders(template.text) : [];
  if (template && unknown.length) {
    return tell('error', `“${template.setting}” uses ${unknown.map((u) => `\${${u}}`).join(', ')}, which is not a placeholder (use \${code}, \${language}, \${fileName}, \${context}). Nothing was sent.`);
  }
  const { diffRequest } = loadBundle<typeof import('./git/diffRequest')>('context.js');
  const request = await diffRequest(arg, { exclude: readContextSettings().exclude, maxTokens: Math.min(DIFF_MAX_TOKENS, readEngineSettings().maxInputTokens) });
  if (request.kind !== 'ready') return tell(request.level, request.message);
  if (!(await deps.allowSend())) return { sent: false, message: 'not sent: over budget' };
  await deps.chatView.reveal();
  const { fileName, language, diff } = request;
  try {
    await deps.engine.explain({ code: diff.text, diff: { added: diff.added, removed: diff.removed, ...(diff.note ? { note: diff.note } : {}) }, language, fileName, style: readExplainStyle(), ...(template ? { template } : {}) });
  } catch (err) {
    if (!(err instanceof InputRejected)) throw err;
    return tell('warning', err.message);
  }
  return { sent: true };
}

function tell(level: 'info' | 'warning' | 'error', message: string): ExplainDiffResult {
  const text = `Stream Explain: ${message}`;
  if (level === 'error') void vscode.window.showErrorMessage(text);
  else if (level === 'warning') void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
  return { sent: false, message };
}
