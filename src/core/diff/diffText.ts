/**
 * A unified diff as text: its size in changed lines, and a cut that keeps whole hunks when it is too long for the
 * budget (a hunk cut in half explains worse than one left out and named).
 */
import type { TokenCounter } from '../tokenCounter';

export interface DiffStats {
  added: number;
  removed: number;
}

/** Lines added and removed; the `+++`/`---` file headers are not changes. */
export function diffStats(diff: string): DiffStats {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ') || line.startsWith('--- ')) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}

/** The file header (everything before the first `@@`) and the hunks, each starting with its `@@` line. */
export function splitHunks(diff: string): { header: string[]; hunks: string[][] } {
  const header: string[] = [];
  const hunks: string[][] = [];
  for (const line of diff.replace(/\n+$/, '').split('\n')) {
    if (line.startsWith('@@')) hunks.push([line]);
    else if (hunks.length) hunks[hunks.length - 1].push(line);
    else header.push(line);
  }
  return { header, hunks };
}

export interface BoundedDiff {
  text: string;
  /** Says what was left out; undefined when the whole diff fits. */
  note?: string;
}

/**
 * The diff within `maxTokens`: whole hunks from the top while they fit; when not even the first one does, its first
 * lines. The text ends with a line saying what is missing, so the model does not take the cut for the change's end.
 */
export function boundDiff(diff: string, maxTokens: number, counter: TokenCounter): BoundedDiff {
  const trimmed = diff.replace(/\n+$/, '');
  if (trimmed.length <= maxTokens || counter.count(trimmed) <= maxTokens) return { text: trimmed };
  const { header, hunks } = splitHunks(trimmed);
  const total = diffStats(trimmed);
  // Room for the marker line that says what was left out.
  const budget = maxTokens - 60;
  const kept: string[] = [...header];
  let hunksKept = 0;
  for (const hunk of hunks) {
    if (counter.count([...kept, ...hunk].join('\n')) > budget) break;
    kept.push(...hunk);
    hunksKept++;
  }
  if (hunksKept === 0 && hunks.length) {
    for (const line of hunks[0]) {
      if (counter.count([...kept, line].join('\n')) > budget) break;
      kept.push(line);
    }
  }
  const shown = diffStats(kept.join('\n'));
  const leftAdded = total.added - shown.added;
  const leftRemoved = total.removed - shown.removed;
  const what = hunksKept > 0
    ? `${hunksKept} of ${hunks.length} hunks`
    : `the first ${kept.length - header.length} lines of hunk 1 of ${hunks.length}`;
  const note = `The diff was too long for the limit of ${maxTokens} tokens: only ${what} were sent; +${leftAdded} −${leftRemoved} changed lines were left out.`;
  return { text: `${kept.join('\n')}\n[… ${note}]`, note };
}
