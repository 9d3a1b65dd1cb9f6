import { contextChips, renderContextSection } from './context/renderContext';
import type { GatheredContext } from './context/types';
import { styleInstruction, type ExplainStyle } from './explainStyle';
import { fenceFor } from './fence';
import { renderTemplate, usesPlaceholder } from './promptTemplate';
import type { SentPromptView } from './protocol';
import type { ChatMessage } from './provider';
import { approximateCounter } from './tokenCounter';

export { fenceFor };

export const SYSTEM_PROMPT = [
  'You are Stream Explain, an expert programmer who explains code to a colleague inside their editor.',
  'Explain what the selected code does, how it works, and anything surprising: edge cases, bugs, performance or',
  'security concerns. Start with a one-sentence summary, then go deeper. Use Markdown; put code in fenced blocks with a',
  'language tag. Be concise and concrete; do not restate the code line by line.',
].join(' ');

export interface CodeContext {
  code: string;
  /** VS Code language id, e.g. "typescript". */
  language?: string;
  /** Workspace-relative file name. */
  fileName?: string;
  /** 1-based, inclusive. */
  startLine?: number;
  endLine?: number;
  /** What the language features found around the selection, already budgeted and scrubbed. */
  context?: GatheredContext;
  /** The request, when it is not "Explain this code." (e.g. a problem to explain). */
  question?: string;
  /** How deep the answer should go. */
  style?: ExplainStyle;
  /** The user's template for the request, with the setting it came from (for the error it may raise). */
  template?: { text: string; setting: string };
  /** Explain Diff: `code` is the file's uncommitted changes as a prepared unified diff (see prepareDiff). */
  diff?: { added: number; removed: number; note?: string };
}

/** What the panel shows as the question, and what the model receives. */
export interface BuiltPrompt {
  text: string;
  code?: string;
  language?: string;
  fileName?: string;
  /** Shown with the question, e.g. what part of an over-long selection was left out. */
  note?: string;
  /** For the panel's chips and Show prompt: exactly what the model receives for this turn. */
  sent?: SentPromptView;
  content: string;
}

export function buildExplainPrompt(ctx: CodeContext, question = ctx.question ?? 'Explain this code.'): BuiltPrompt {
  const code = ctx.code.replace(/\s+$/, '');
  if (!code.trim()) throw new Error('There is no code to explain: the selection is empty.');
  const where: string[] = [];
  if (ctx.fileName) where.push(`from \`${ctx.fileName}\``);
  if (ctx.startLine !== undefined && ctx.endLine !== undefined) {
    where.push(ctx.startLine === ctx.endLine ? `(line ${ctx.startLine})` : `(lines ${ctx.startLine}–${ctx.endLine})`);
  }
  const lang = ctx.language && ctx.language !== 'plaintext' ? ctx.language : '';
  const instruction = styleInstruction(ctx.style, lang || undefined);
  const ask = instruction ? `${question}\n\n${instruction}` : question;
  const header = `${ask}\n\nThe ${lang ? `${lang} ` : ''}code ${where.join(' ')}`.trimEnd() + ':';
  const fence = fenceFor(code);
  const template = ctx.template?.text.trim() ? ctx.template : undefined;
  // A template without ${context} sends none, and the chips must not say otherwise.
  const pieces = !template || usesPlaceholder(template.text, 'context') ? ctx.context?.pieces ?? [] : [];
  const section = renderContextSection(pieces, lang);
  const fenced = `${fence}${lang}\n${code}\n${fence}`;
  const content = template
    ? renderTemplate(template.text, { code: fenced, language: lang, fileName: ctx.fileName ?? '', context: section }, `“${template.setting}”`)
    : `${header}\n\n${fenced}${section ? `\n\n${section}` : ''}`;
  return {
    text: question,
    code,
    language: ctx.language,
    fileName: ctx.fileName,
    sent: { system: SYSTEM_PROMPT, user: content, chips: contextChips(pieces, lang, approximateCounter), ...(ctx.context?.timedOut ? { partial: true } : {}) },
    content,
  };
}

export function buildFollowUpPrompt(text: string): BuiltPrompt {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('The question is empty.');
  return { text: trimmed, content: trimmed };
}

/** Conversation so far plus the new user message, as the provider receives it. */
export function withUserMessage(history: readonly ChatMessage[], content: string): ChatMessage[] {
  return [...history, { role: 'user', content }];
}
