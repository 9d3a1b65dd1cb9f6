/** How deep an explanation goes (`streamExplain.explainStyle`): an instruction added to the explain request. */
export const EXPLAIN_STYLES = ['concise', 'detailed', 'beginner'] as const;
export type ExplainStyle = (typeof EXPLAIN_STYLES)[number];

export function parseExplainStyle(v: unknown): ExplainStyle {
  return (EXPLAIN_STYLES as readonly unknown[]).includes(v) ? (v as ExplainStyle) : 'detailed';
}

/** Nothing for `detailed`: the system prompt already asks for a summary, then depth. */
export function styleInstruction(style: ExplainStyle | undefined, language?: string): string | undefined {
  switch (style) {
    case 'concise':
      return 'Be brief: one sentence saying what it does, then at most five short bullet points on what matters most.';
    case 'beginner':
      return `The reader is new to ${language ? `${language} and to ` : ''}this code: explain step by step in plain words, define each term the first time you use it, and avoid jargon.`;
    default:
      return undefined;
  }
}
