/**
 * The block around a line when nothing is selected: the line's indentation-delimited block, extended upward to its
 * header line (e.g. `function f() {`, `def f():`) and downward to the closing line at the header's indentation.
 * Used only when the editor has no symbol provider for the file. Returns 0-based inclusive lines, or undefined when
 * the cursor sits in blank space with nothing around it.
 */
export function findEnclosingBlock(lines: readonly string[], line: number): { start: number; end: number } | undefined {
  if (line < 0 || line >= lines.length) return undefined;
  const indent = (s: string) => s.length - s.trimStart().length;
  const blank = (s: string) => s.trim() === '';

  let cursor = line;
  if (blank(lines[cursor])) {
    // Look for the nearest non-blank line below, then above.
    let found = -1;
    for (let i = line + 1; i < lines.length && found < 0; i++) if (!blank(lines[i])) found = i;
    for (let i = line - 1; i >= 0 && found < 0; i--) if (!blank(lines[i])) found = i;
    if (found < 0) return undefined;
    cursor = found;
  }

  const opensBlock = (s: string) => /[{:([]\s*(\/\/.*|#.*)?$/.test(s.trimEnd()) || /\b(then|do|begin)\s*$/.test(s.trimEnd());
  let header = cursor;
  if (!opensBlock(lines[cursor])) {
    // Walk up to the first less-indented line: the header of the block the cursor is in.
    const own = indent(lines[cursor]);
    header = -1;
    for (let i = cursor - 1; i >= 0; i--) {
      if (blank(lines[i])) continue;
      if (indent(lines[i]) < own) { header = i; break; }
    }
    if (header < 0) return { start: cursor, end: cursor }; // top-level statement: explain that line
  }

  const base = indent(lines[header]);
  let end = header;
  for (let i = header + 1; i < lines.length; i++) {
    if (blank(lines[i])) continue;
    if (indent(lines[i]) > base) { end = i; continue; }
    // A closing line at the header's indentation (`}`, `end`, `)`) belongs to the block.
    if (/^\s*([}\])]|end\b|fi\b|done\b)/.test(lines[i])) end = i;
    break;
  }
  return { start: header, end };
}
