/**
 * The `vscode-lm` provider: models offered through VS Code's Language Model API (GitHub Copilot, or any extension
 * that registers models), stable API of VS Code 1.100 only. No key: VS Code asks the user for consent instead.
 * This file only adapts vscode.lm to LmAccess; the translation lives in lmStream.ts.
 */
import * as vscode from 'vscode';
import type { Provider, ProviderFactory } from '../../core/provider';
import type { LmAccess, LmModel } from './lmStream';
import { streamFromLm } from './lmStream';
import type { LmTurn } from './lmRequest';

/** A cancellation token that fires when `signal` aborts (Stop, a replacing request, idle or total timeout). */
function tokenFor(signal: AbortSignal): { token: vscode.CancellationToken; dispose(): void } {
  const source = new vscode.CancellationTokenSource();
  const cancel = () => source.cancel();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  return {
    token: source.token,
    dispose: () => {
      signal.removeEventListener('abort', cancel);
      source.dispose();
    },
  };
}

const toMessage = (t: LmTurn) =>
  t.role === 'user' ? vscode.LanguageModelChatMessage.User(t.content) : vscode.LanguageModelChatMessage.Assistant(t.content);

function adapt(model: vscode.LanguageModelChat): LmModel {
  return {
    id: model.id,
    maxInputTokens: model.maxInputTokens,
    async countTokens(text, signal) {
      const link = tokenFor(signal);
      try {
        return await model.countTokens(text, link.token);
      } finally {
        link.dispose();
      }
    },
    async sendRequest(turns, justification, signal) {
      const link = tokenFor(signal);
      try {
        const response = await model.sendRequest(turns.map(toMessage), { justification }, link.token);
        return (async function* () {
          try {
            yield* response.text;
          } finally {
            link.dispose();
          }
        })();
      } catch (err) {
        link.dispose();
        throw err;
      }
    },
  };
}

const access: LmAccess = {
  async selectModels(selector) {
    return (await vscode.lm.selectChatModels(selector)).map(adapt);
  },
};

export const createVscodeLmProvider: ProviderFactory = (): Provider => ({
  id: 'vscode-lm',
  stream: (request, signal, sink) => streamFromLm(access, request, signal, sink),
});
