/**
 * Read Last Answer: the newest answer as a Markdown document, opened in an editor tab where a screen reader reads it
 * line by line at the user's pace (VS Code's accessible-view idea). Pure, so it is unit-tested.
 */
import type { TurnSnapshot } from './protocol';

const OUTCOME: Record<string, string> = { cancelled: 'Stopped before the end.', error: 'Interrupted.', streaming: 'Still streaming: this is the text so far.' };

/** The last answer with text (a retried one's replacement, not the folded attempt), or null when there is none. */
export function lastAnswerMarkdown(turns: readonly TurnSnapshot[]): string | null {
  const turn = [...turns].reverse().find((t) => !t.superseded && t.text.trim());
  if (!turn) return null;
  const lines = [`# Answer from ${turn.model}`, '', `Question: ${turn.prompt.text.replace(/\s+/g, ' ').trim()}`];
  if (turn.prompt.fileName) lines.push(`Code: ${turn.prompt.fileName}`);
  const outcome = OUTCOME[turn.state];
  if (outcome) lines.push('', outcome);
  lines.push('', turn.text.trimEnd(), '');
  return lines.join('\n');
}
