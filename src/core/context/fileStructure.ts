/** Reading structure out of plain lines: import statements, and a symbol's signature. Pure, language-agnostic. */

const IMPORT_START = /^\s*(import\b|from\s+\S+\s+import\b|export\s+(\*|\{[^}]*\}?)\s*from\b|use\s+[\w:]|#include\b|using\s+[\w.]+\s*;|require\s*\(|(const|let|var)\s+[\w{}\s,]+=\s*require\s*\()/;

export interface LineSpan {
  /** 0-based, inclusive. */
  start: number;
  end: number;
  text: string;
}

/** Import statements (multi-line ones whole) among the file's lines. */
export function importStatements(lines: readonly string[]): LineSpan[] {
  const out: LineSpan[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!IMPORT_START.test(lines[i])) continue;
    let end = i;
    // `import {` … `} from 'x'` and Python's `from x import (` … `)` span lines until their bracket closes.
    const open = (s: string) => (s.match(/[{(]/g) ?? []).length - (s.match(/[})]/g) ?? []).length;
    let depth = open(lines[i]);
    while (depth > 0 && end + 1 < lines.length && end - i < 50) {
      end++;
      depth += open(lines[end]);
    }
    out.push({ start: i, end, text: lines.slice(i, end + 1).join('\n') });
    i = end;
  }
  return out;
}

/** The import statements that bring in at least one of the names. */
export function importsUsing(lines: readonly string[], names: readonly string[]): LineSpan[] {
  if (names.length === 0) return [];
  const wanted = new Set(names);
  return importStatements(lines).filter((s) => {
    // The module path itself is not a use: `import x from 'cache'` is about `x`, not about a name `cache`.
    const withoutPaths = s.text.replace(/(["'`])[^"'`]*\1/g, '');
    return [...withoutPaths.matchAll(/[A-Za-z_$][\w$]*/g)].some((m) => wanted.has(m[0]));
  });
}

/**
 * A symbol's signature: its lines up to and including the one that opens its body (`{`, `:` at the end, `=>`),
 * at most `maxLines`. Falls back to the first line.
 */
export function signatureOf(lines: readonly string[], maxLines = 6): string {
  const n = Math.min(lines.length, maxLines);
  for (let i = 0; i < n; i++) {
    const t = lines[i].trimEnd();
    if (/[{:]$|=>\s*\{?$|\bdo$|\bthen$/.test(t) || /\{\s*(\/\/.*|\/\*.*)?$/.test(t)) return lines.slice(0, i + 1).join('\n');
  }
  return lines[0] ?? '';
}
