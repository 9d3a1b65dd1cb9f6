/** What the gatherer collects around a selection, before and after budgeting. Plain data, no vscode. */
export const CONTEXT_KINDS = ['definition', 'diagnostic', 'imports', 'enclosing'] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];
/** What a chip under the question can name: the context kinds, and the diff an Explain Diff sends. */
export const CHIP_KINDS = [...CONTEXT_KINDS, 'diff'] as const;
export type ChipKind = (typeof CHIP_KINDS)[number];

export interface ContextPiece {
  kind: ContextKind;
  /** A symbol name, a diagnostic's severity, "imports", or the enclosing symbol's name. */
  title: string;
  /** Workspace-relative file the text was read from. */
  fileName: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  text: string;
  /** Smaller is nearer the selection: pieces are kept nearest first when the budget runs out. */
  distance: number;
}

export interface GatheredContext {
  /** What is sent, in the order sent. */
  pieces: ContextPiece[];
  /** Estimated tokens of the rendered context section. */
  tokens: number;
  /** Pieces found but left out for the budget. */
  dropped: number;
  /** Secrets replaced by [redacted]. */
  redactions: number;
  /** The language features did not all answer within the time bound; what had arrived was used. */
  timedOut: boolean;
}

export const emptyContext = (): GatheredContext => ({ pieces: [], tokens: 0, dropped: 0, redactions: 0, timedOut: false });
