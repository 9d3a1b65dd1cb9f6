/**
 * Explain Diff's request: the uncommitted changes of one file, sent as a change (a unified diff against the last
 * commit), scrubbed of secrets like gathered context and bounded in size with a visible note.
 */
import { redactContextSecrets } from '../context/redactSecrets';
import { styleInstruction } from '../explainStyle';
import { fenceFor } from '../fence';
import { InputRejected, looksBinary } from '../inputGuard';
import type { BuiltPrompt, CodeContext } from '../promptBuilder';
import { SYSTEM_PROMPT } from '../promptBuilder';
import { renderTemplate } from '../promptTemplate';
import type { TokenCounter } from '../tokenCounter';
import { boundDiff, diffStats } from './diffText';

export const DIFF_QUESTION = 'Explain this change: what it does, and what it could break.';
/** A diff longer than this (or than the input budget, if smaller) is cut at a hunk boundary. */
export const DIFF_MAX_TOKENS = 8000;

/** `ctx.code` is the diff. */
export function buildDiffPrompt(ctx: CodeContext, maxInputTokens: number, counter: TokenCounter): BuiltPrompt {
  const raw = ctx.code.replace(/\s+$/, '');
  if (!raw.trim()) throw new InputRejected('There are no changes to explain.');
  if (looksBinary(raw)) throw new InputRejected('The changes look like binary data, not code, so they were not sent.');
  // Stats of the whole change, before the cut: the chip says how big the change is, the note what was sent of it.
  const { added, removed } = diffStats(raw);
  const scrubbed = redactContextSecrets(raw);
  const bounded = boundDiff(scrubbed.text, Math.min(DIFF_MAX_TOKENS, maxInputTokens), counter);
  const lang = ctx.language && ctx.language !== 'plaintext' ? ctx.language : '';
  const file = ctx.fileName ?? 'the file';
  const question = ctx.question ?? DIFF_QUESTION;
  const instruction = styleInstruction(ctx.style, lang || undefined);
  const ask = instruction ? `${question}\n\n${instruction}` : question;
  const fence = fenceFor(bounded.text);
  const fenced = `${fence}diff\n${bounded.text}\n${fence}`;
  const template = ctx.template?.text.trim() ? ctx.template : undefined;
  const content = template
    ? renderTemplate(template.text, { code: fenced, language: lang, fileName: ctx.fileName ?? '', context: '' }, `“${template.setting}”`)
    : `${ask}\n\nThe uncommitted changes to \`${file}\`${lang ? ` (${lang})` : ''}, as a unified diff against the last commit (+${added} −${removed}):\n\n${fenced}`;
  const notes = [
    scrubbed.count ? `${scrubbed.count} secret${scrubbed.count === 1 ? ' was' : 's were'} replaced by [redacted].` : '',
    bounded.note ?? '',
  ].filter(Boolean);
  const chip = { kind: 'diff' as const, label: `diff of ${file}, +${added} −${removed}`, tokens: counter.count(fenced) };
  return {
    text: question,
    code: bounded.text,
    language: 'diff',
    fileName: ctx.fileName,
    ...(notes.length ? { note: notes.join(' ') } : {}),
    sent: { system: SYSTEM_PROMPT, user: content, chips: [chip] },
    content,
  };
}
