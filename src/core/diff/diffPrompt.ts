/**
 * Explain Diff's request: the uncommitted changes of one file (already prepared: redacted and bounded, see
 * prepareDiff), sent as a change, a unified diff against the last commit.
 */
import { styleInstruction } from '../explainStyle';
import { fenceFor } from '../fence';
import { InputRejected, looksBinary } from '../inputGuard';
import type { BuiltPrompt, CodeContext } from '../promptBuilder';
import { SYSTEM_PROMPT } from '../promptBuilder';
import { renderTemplate } from '../promptTemplate';
import { approximateCounter } from '../tokenCounter';

export const DIFF_QUESTION = 'Explain this change: what it does, and what it could break.';

/** `ctx.code` is the prepared diff, `diff` its size and note. */
export function buildDiffPrompt(ctx: CodeContext, diff: NonNullable<CodeContext['diff']>): BuiltPrompt {
  const text = ctx.code.replace(/\s+$/, '');
  if (!text.trim()) throw new InputRejected('There are no changes to explain.');
  if (looksBinary(text)) throw new InputRejected('The changes look like binary data, not code, so they were not sent.');
  const lang = ctx.language && ctx.language !== 'plaintext' ? ctx.language : '';
  const file = ctx.fileName ?? 'the file';
  const question = ctx.question ?? DIFF_QUESTION;
  const instruction = styleInstruction(ctx.style, lang || undefined);
  const ask = instruction ? `${question}\n\n${instruction}` : question;
  const fence = fenceFor(text);
  const fenced = `${fence}diff\n${text}\n${fence}`;
  const template = ctx.template?.text.trim() ? ctx.template : undefined;
  const content = template
    ? renderTemplate(template.text, { code: fenced, language: lang, fileName: ctx.fileName ?? '', context: '' }, `“${template.setting}”`)
    : `${ask}\n\nThe uncommitted changes to \`${file}\`${lang ? ` (${lang})` : ''}, as a unified diff against the last commit (+${diff.added} −${diff.removed}):\n\n${fenced}`;
  const chip = { kind: 'diff' as const, label: `diff of ${file}, +${diff.added} −${diff.removed}`, tokens: approximateCounter.count(fenced) };
  return {
    text: question,
    code: text,
    language: 'diff',
    fileName: ctx.fileName,
    ...(diff.note ? { note: diff.note } : {}),
    sent: { system: SYSTEM_PROMPT, user: content, chips: [chip] },
    content,
  };
}
