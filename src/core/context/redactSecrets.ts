/**
 * Secrets in workspace text bound for a model: provider and cloud key shapes, private key blocks, and assignments
 * whose name says secret (`API_KEY=…`, `password: "…"`). Context is read from files the user did not select, so it
 * is scrubbed before it leaves the machine; a false positive only costs the model one literal.
 */
const KEY_SHAPES: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

const SECRET_NAME = '[A-Za-z0-9_.-]*(?:secret|passw(?:or)?d|pwd|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth)[A-Za-z0-9_.-]*';
/** NAME = value / NAME: value / "NAME": "value", the value a literal (quoted, or a bare word up to the line's end). */
const ASSIGNMENT = new RegExp(
  `(["']?\\b(${SECRET_NAME})["']?\\s*[:=]\\s*)(?:"([^"\\n]{4,})"|'([^'\\n]{4,})'|\`([^\`\\n]{4,})\`|([^\\s"'\`,;(){}\\[\\]]{4,}))`,
  'gi',
);

export const REDACTED = '[redacted]';

export function redactContextSecrets(text: string): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const shape of KEY_SHAPES) {
    out = out.replace(shape, () => {
      count++;
      return REDACTED;
    });
  }
  out = out.replace(ASSIGNMENT, (whole: string, lead: string, name: string, dq?: string, sq?: string, bq?: string, bare?: string) => {
    if (bare !== undefined && isReference(name, bare)) return whole;
    if ((dq ?? sq ?? bq ?? bare ?? '').includes(REDACTED)) return whole;
    count++;
    const q = dq !== undefined ? '"' : sq !== undefined ? "'" : bq !== undefined ? '`' : '';
    return `${lead}${q}${REDACTED}${q}`;
  });
  return { text: out, count };
}

const TYPE_WORDS = new Set(['string', 'number', 'boolean', 'undefined', 'null', 'true', 'false', 'none', 'str', 'int', 'bytes', 'optional', 'any', 'unknown']);

/**
 * A bare value that is code, not a literal: a type (`password: string`), a member chain or call (`this.key`,
 * `process.env.TOKEN`), or a plain identifier in code (`token = nextToken`). In `.env` style (an upper-case name)
 * every bare value is a literal.
 */
function isReference(name: string, value: string): boolean {
  if (TYPE_WORDS.has(value.toLowerCase())) return true;
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  if (/^[A-Z0-9_]+$/.test(name)) return false;
  return /^[A-Za-z_$][A-Za-z_$]*$/.test(value);
}
