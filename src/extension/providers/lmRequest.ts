/**
 * What Stream Explain asks of VS Code's Language Model API, in plain data (no `vscode` import, so it is unit-tested in
 * Node): which model the setting selects, and the conversation as the API's user/assistant turns.
 */
import type { ProviderRequest } from '../../core/provider';

/** The model setting's value when it is empty: VS Code's first model. Has a space, so no model id can equal it. */
export const FIRST_AVAILABLE = 'first available';

/** Mirrors vscode.LanguageModelChatSelector (the fields this extension uses). */
export interface ModelSelector {
  id?: string;
  vendor?: string;
  family?: string;
}

/**
 * `streamExplain.vscodeLm.model`: empty (or FIRST_AVAILABLE) = any model, `vendor/family` (e.g. `copilot/gpt-4o`)
 * = that family, anything else = a model id.
 */
export function parseModelSelector(setting: string): ModelSelector {
  const s = setting.trim();
  if (!s || s === FIRST_AVAILABLE) return {};
  const slash = s.indexOf('/');
  if (slash > 0 && slash < s.length - 1) return { vendor: s.slice(0, slash).trim(), family: s.slice(slash + 1).trim() };
  return { id: s };
}

/** How a selector reads in a message. */
export function describeSelector(selector: ModelSelector): string {
  if (selector.id) return `“${selector.id}”`;
  if (selector.vendor || selector.family) return `“${selector.vendor ?? '*'}/${selector.family ?? '*'}”`;
  return 'any model';
}

export interface LmTurn {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * The stable API has no system role (it is a proposed API), so the system prompt leads the first user message, set
 * apart so the model reads it as instructions.
 */
export function toLmTurns(request: Pick<ProviderRequest, 'system' | 'messages'>): LmTurn[] {
  const turns: LmTurn[] = request.messages.map((m) => ({ role: m.role, content: m.content }));
  const system = request.system.trim();
  if (!system) return turns;
  if (turns[0]?.role === 'user') turns[0] = { role: 'user', content: `${system}\n\n---\n\n${turns[0].content}` };
  else turns.unshift({ role: 'user', content: system });
  return turns;
}

/** Shown in VS Code's consent dialog when a model asks the user to allow this extension. */
export const JUSTIFICATION = 'Stream Explain sends the code you select, and your follow-up questions, to explain them in its panel.';
