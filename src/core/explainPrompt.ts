import { buildDiffPrompt } from './diff/diffPrompt';
import { guardCode } from './inputGuard';
import { buildExplainPrompt, type BuiltPrompt, type CodeContext } from './promptBuilder';
import { approximateCounter, loadCounter, type TokenCounterLoader } from './tokenCounter';

/**
 * The prompt for explaining code from the editor, within the input budget. Throws InputRejected when there is nothing
 * sendable (empty, binary, a single enormous line). A selection over budget is cut at a line boundary, with a note in
 * the question saying what was left out.
 */
export async function guardedExplainPrompt(ctx: CodeContext, maxInputTokens: number, loadTokenCounter?: TokenCounterLoader): Promise<BuiltPrompt> {
  // Prepared and bounded when it was read (prepareDiff), to at most the input budget.
  if (ctx.diff) return buildDiffPrompt(ctx, ctx.diff);
  // The tokenizer is loaded only when the code could be over budget (a token is at least one character).
  const counter = ctx.code.length > maxInputTokens ? await loadCounter(loadTokenCounter) : approximateCounter;
  const guarded = guardCode(ctx.code, maxInputTokens, counter);
  const endLine = ctx.startLine !== undefined && guarded.code !== ctx.code ? ctx.startLine + guarded.code.split('\n').length - 1 : ctx.endLine;
  const prompt = buildExplainPrompt({ ...ctx, code: guarded.code, endLine });
  return guarded.note ? { ...prompt, note: guarded.note } : prompt;
}
