/**
 * Explain Selection: the code to explain, the context gathered around it, then the engine. Gathering belongs to
 * the request: a new request or Stop cancels the one still gathering.
 */
import * as vscode from 'vscode';
import type { ChatEngine } from '../core/chatEngine';
import { InputRejected } from '../core/inputGuard';
import type { ChatView } from './chatView';
import { loadBundle } from './providerBundles';
import { codeContextOf, rangeToExplain } from './selection';
import { unknownPlaceholders } from '../core/promptTemplate';
import { readContextSettings, readExplainStyle, readPromptTemplate } from './settings';

let gathering: AbortController | undefined;

type Gatherer = typeof import('./context/gatherContext');
let gatherer: Gatherer | undefined;
/** The gatherer is its own bundle (dist/context.js), required on the first explanation, so activation stays small. */
function loadGatherer(): Gatherer {
  gatherer ??= loadBundle<Gatherer>('context.js');
  return gatherer;
}

/** Stop gathering for a request that has not been sent yet. */
export function cancelGathering(): void {
  gathering?.abort();
  gathering = undefined;
}

export interface ExplainDeps {
  engine: ChatEngine;
  chatView: ChatView;
  log(line: string): void;
  /** The budget check: false when the user chose not to send. */
  allowSend(): Promise<boolean>;
}

export async function explainSelection(deps: ExplainDeps): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Stream Explain: open a file and select the code to explain.');
    return;
  }
  const range = await rangeToExplain(editor);
  if (!range) {
    void vscode.window.showInformationMessage('Stream Explain: nothing to explain here. Select some code, or put the cursor inside a function or block.');
    return;
  }
  await explainRange(deps, editor.document, range);
}

/** Explain `range` of `doc` with the context around it; `question` replaces "Explain this code.". */
export async function explainRange(deps: ExplainDeps, doc: vscode.TextDocument, range: vscode.Range, question?: string): Promise<void> {
  const { engine, chatView, log } = deps;
  const ctx = codeContextOf(doc, range);
  if (!ctx) {
    void vscode.window.showInformationMessage('Stream Explain: nothing to explain here. Select some code, or put the cursor inside a function or block.');
    return;
  }
  const template = readPromptTemplate(question ? 'explainProblem' : 'explain');
  const unknown = template ? unknownPlaceholders(template.text) : [];
  if (template && unknown.length) {
    void vscode.window.showErrorMessage(`Stream Explain: “${template.setting}” uses ${unknown.map((u) => `\${${u}}`).join(', ')}, which is not a placeholder (use \${code}, \${language}, \${fileName}, \${context}). Nothing was sent.`);
    return;
  }
  if (!(await deps.allowSend())) return;
  cancelGathering();
  const mine = new AbortController();
  gathering = mine;
  const { maxTokens, exclude, timeoutMs } = readContextSettings();
  const [context] = await Promise.all([
    loadGatherer().gatherContext(doc, range, { maxTokens, exclude, timeoutMs, signal: mine.signal }),
    chatView.reveal(),
  ]);
  if (mine.signal.aborted) return; // replaced by a newer request, or stopped
  gathering = undefined;
  if (context.timedOut) log(`Context: the language features did not all answer within ${timeoutMs} ms; sent what had arrived (${context.pieces.length} pieces).`);
  try {
    await engine.explain({ ...ctx, context, style: readExplainStyle(), ...(question ? { question } : {}), ...(template ? { template } : {}) });
  } catch (err) {
    if (!(err instanceof InputRejected)) throw err;
    void vscode.window.showWarningMessage(`Stream Explain: ${err.message}`);
  }
}
