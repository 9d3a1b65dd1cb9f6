/**
 * The names a selection uses, as offsets into it, so the host can ask the language's definition provider about
 * each. Language-agnostic and approximate: strings and comments are skipped, keywords of the common languages are
 * left out, and each name is asked about once (its first use).
 */
const KEYWORDS = new Set(
  ('abstract as async await break case catch class const continue def default delete do elif else enum export extends ' +
    'false final finally fn for from func function go if impl implements import in instanceof interface is lambda let ' +
    'match mod mut new nil none not null of or and package pass private protected pub public raise return self Self ' +
    'static struct super switch this throw throws true try type typeof undefined use var void while with yield ' +
    'None True False int str float bool string number boolean any unknown never object char long short byte double')
    .split(' '),
);

export interface IdentifierUse {
  name: string;
  /** Offset of the first use in the selection's text. */
  offset: number;
}

/** At most `limit` distinct names, in order of first use. */
export function identifiersIn(code: string, limit = 40): IdentifierUse[] {
  const masked = maskStringsAndComments(code);
  const seen = new Set<string>();
  const out: IdentifierUse[] = [];
  for (const m of masked.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const name = m[0];
    if (name.length < 2 || KEYWORDS.has(name) || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, offset: m.index ?? 0 });
    if (out.length >= limit) break;
  }
  return out;
}

/** Replaces string literals and comments with spaces, keeping offsets; a template's `${…}` code stays. */
export function maskStringsAndComments(code: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|#(?![[{!])[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`/g, (m) =>
    m.startsWith('`') ? m.replace(/\$\{([^}]*)\}|[^\n]/g, (_part, expr: string | undefined) => (expr === undefined ? ' ' : `  ${expr} `)) : blank(m));
}
