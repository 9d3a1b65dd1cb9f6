/**
 * User prompt templates (`streamExplain.prompts.explain`, `.explainProblem`): text with `${code}`, `${language}`,
 * `${fileName}` and `${context}`. A template naming anything else is reported and nothing is sent, since a typo
 * would otherwise send the literal `${…}` and quietly drop what the user meant to include.
 */
export const TEMPLATE_PLACEHOLDERS = ['code', 'language', 'fileName', 'context'] as const;
export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** The placeholders of the template that are not known, each once, in order. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!known.has(m[1]) && !out.includes(m[1])) out.push(m[1]);
  return out;
}

export function usesPlaceholder(template: string, name: keyof TemplateValues): boolean {
  return [...template.matchAll(PLACEHOLDER)].some((m) => m[1] === name);
}

export class TemplateError extends Error {}

/** One pass: a value that itself contains `${…}` (code often does) is never expanded again. */
export function renderTemplate(template: string, values: TemplateValues, settingName = 'the prompt template'): string {
  const unknown = unknownPlaceholders(template);
  if (unknown.length) {
    throw new TemplateError(`${settingName} uses ${unknown.map((u) => `\${${u}}`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not known; use ${TEMPLATE_PLACEHOLDERS.map((p) => `\${${p}}`).join(', ')}.`);
  }
  return template.replace(PLACEHOLDER, (_m, name: keyof TemplateValues) => values[name]);
}
