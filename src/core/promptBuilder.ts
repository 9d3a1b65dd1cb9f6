import type { ChatMessage } from './provider';

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
}

/** What the panel shows as the question, and what the model receives. */
export interface BuiltPrompt {
  text: string;
  code?: string;
  language?: string;
  fileName?: string;
  /** Shown with the question, e.g. what part of an over-long selection was left out. */
  note?: string;
  content: string;
}

/** A fence longer than any backtick run inside the code, so the code cannot close it early. */
export function fenceFor(code: string): string {
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function buildExplainPrompt(ctx: CodeContext, question = 'Explain this code.'): BuiltPrompt {
  const code = ctx.code.replace(/\s+$/, '');
  if (!code.trim()) throw new Error('There is no code to explain: the selection is empty.');
  const where: string[] = [];
  if (ctx.fileName) where.push(`from \`${ctx.fileName}\``);
  if (ctx.startLine !== undefined && ctx.endLine !== undefined) {
    where.push(ctx.startLine === ctx.endLine ? `(line ${ctx.startLine})` : `(lines ${ctx.startLine}–${ctx.endLine})`);
  }
  const lang = ctx.language && ctx.language !== 'plaintext' ? ctx.language : '';
  const header = `${question}\n\nThe ${lang ? `${lang} ` : ''}code ${where.join(' ')}`.trimEnd() + ':';
  const fence = fenceFor(code);
  return {
    text: question,
    code,
    language: ctx.language,
    fileName: ctx.fileName,
    content: `${header}\n\n${fence}${lang}\n${code}\n${fence}`,
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
