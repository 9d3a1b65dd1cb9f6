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

/**
 * Languages where `#` starts no comment: in JavaScript and TypeScript it names a private member (`this.#queue`),
 * and masking it as a comment hid the rest of the line (found by the evaluation set: no private method of a class
 * was ever sent).
 */
const NO_HASH_COMMENTS = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'java', 'go', 'rust', 'csharp', 'kotlin', 'swift', 'scala', 'dart']);

/** At most `limit` distinct names, in order of first use; `language` (a VS Code id) says whether `#` starts a comment. */
export function identifiersIn(code: string, limit = 40, language?: string): IdentifierUse[] {
  const masked = maskStringsAndComments(code, !NO_HASH_COMMENTS.has(language ?? ''));
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

const WITH_HASH = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|#(?![[{!])[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`/g;
const WITHOUT_HASH = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`/g;

/** Replaces string literals and comments with spaces, keeping offsets; a template's `${…}` code stays. */
export function maskStringsAndComments(code: string, hashComments = true): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return code.replace(hashComments ? WITH_HASH : WITHOUT_HASH, (m) =>
    m.startsWith('`') ? m.replace(/\$\{([^}]*)\}|[^\n]/g, (_part, expr: string | undefined) => (expr === undefined ? ' ' : `  ${expr} `)) : blank(m));
}
