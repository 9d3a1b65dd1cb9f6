/**
 * OpenAI-only request options, read from `streamExplain.openai.api` and `streamExplain.openai.reasoningEffort`.
 * They live in core (not the extension) so the settings are parsed the same way in tests and in VS Code.
 */

/** Which OpenAI wire API answers: Chat Completions (every OpenAI-compatible server) or Responses (OpenAI's newer one). */
export type OpenAIApi = 'chat' | 'responses';
export const OPENAI_APIS: readonly OpenAIApi[] = ['chat', 'responses'];

/** The efforts the setting offers; the API knows more (`none`, `xhigh`), which not every model accepts. */
export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['minimal', 'low', 'medium', 'high'];

export interface OpenAIOptions {
  api: OpenAIApi;
  /** Undefined: the model's default effort. */
  reasoningEffort?: ReasoningEffort;
}

export const DEFAULT_OPENAI_OPTIONS: OpenAIOptions = { api: 'chat' };

/** Settings values as VS Code hands them over (anything a user typed into settings.json): unknown values fall back. */
export function parseOpenAIOptions(api: unknown, effort: unknown): OpenAIOptions {
  const chosenApi = OPENAI_APIS.find((a) => a === api) ?? 'chat';
  const chosenEffort = REASONING_EFFORTS.find((e) => e === (typeof effort === 'string' ? effort.trim().toLowerCase() : effort));
  return { api: chosenApi, ...(chosenEffort ? { reasoningEffort: chosenEffort } : {}) };
}
