/** The gathered context as the model reads it (a Markdown section after the code), and as the panel's chips. */
import { fenceFor } from '../fence';
import type { TokenCounter } from '../tokenCounter';
import type { ContextKind, ContextPiece } from './types';

const lineRef = (p: ContextPiece) => (p.startLine === p.endLine ? `line ${p.startLine}` : `lines ${p.startLine}–${p.endLine}`);

/** The heading each piece gets; its tokens count against the budget too. */
export function pieceHeading(p: ContextPiece): string {
  switch (p.kind) {
    case 'definition':
      return `Definition of \`${p.title}\` (\`${p.fileName}\`, ${lineRef(p)}):`;
    case 'enclosing':
      return `The selection is inside \`${p.title}\` (\`${p.fileName}\`, ${lineRef(p)}):`;
    case 'imports':
      return `Imports of \`${p.fileName}\` used by the selection:`;
    case 'diagnostic':
      return `${p.title} in the selection (\`${p.fileName}\`, ${lineRef(p)}):`;
  }
}

export function renderPiece(p: ContextPiece, language: string): string {
  if (p.kind === 'diagnostic') return `${pieceHeading(p)} ${p.text}`;
  const fence = fenceFor(p.text);
  return `${pieceHeading(p)}\n${fence}${language}\n${p.text}\n${fence}`;
}

export const CONTEXT_INTRO = 'Context from the workspace, for reference (explain the code above, not this):';

export function renderContextSection(pieces: readonly ContextPiece[], language: string): string {
  if (pieces.length === 0) return '';
  return [CONTEXT_INTRO, ...pieces.map((p) => renderPiece(p, language))].join('\n\n');
}

/** Tokens a piece adds beyond its text: its heading and fences. */
export const pieceOverhead = (counter: TokenCounter, language: string) => (p: ContextPiece) =>
  counter.count(renderPiece({ ...p, text: '' }, language)) + 1;

export interface ContextChip {
  kind: ContextKind;
  /** "2 definitions", "1 error", "imports". */
  label: string;
  tokens: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One chip per kind present: definitions, problems, imports, then where the selection sits. */
export function contextChips(pieces: readonly ContextPiece[], language: string, counter: TokenCounter): ContextChip[] {
  const chips: ContextChip[] = [];
  const tokensOf = (list: ContextPiece[]) => list.reduce((n, p) => n + counter.count(renderPiece(p, language)), 0);
  const of = (kind: ContextKind) => pieces.filter((p) => p.kind === kind);
  const defs = of('definition');
  if (defs.length) chips.push({ kind: 'definition', label: plural(defs.length, 'definition'), tokens: tokensOf(defs) });
  const diags = of('diagnostic');
  if (diags.length) {
    const errors = diags.filter((d) => d.title === 'Error').length;
    const warnings = diags.length - errors;
    const label = [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
    chips.push({ kind: 'diagnostic', label, tokens: tokensOf(diags) });
  }
  const imports = of('imports');
  if (imports.length) chips.push({ kind: 'imports', label: 'imports', tokens: tokensOf(imports) });
  const enclosing = of('enclosing');
  if (enclosing.length) chips.push({ kind: 'enclosing', label: `in ${enclosing.map((e) => e.title).join(' › ')}`, tokens: tokensOf(enclosing) });
  return chips;
}
