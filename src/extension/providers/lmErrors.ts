/**
 * VS Code Language Model API failures as StreamErrors with messages a user can act on. Plain data (no `vscode`
 * import): vscode.LanguageModelError is recognised by its name and `code` (NoPermissions, Blocked, NotFound).
 */
import { isStreamError, StreamError } from '../../core/errors';
import { describeSelector, type ModelSelector } from './lmRequest';

export const NO_MODEL_MESSAGE =
  'No language model available: install GitHub Copilot (or another extension that provides models), or choose another provider in settings.';

/** No model matches the setting: nothing was sent. */
export function noModelError(selector: ModelSelector): StreamError {
  const which = selector.id || selector.vendor || selector.family
    ? ` None matches ${describeSelector(selector)} (streamExplain.vscodeLm.model).`
    : '';
  return new StreamError({ kind: 'not_found', retryable: false, action: 'open-settings', message: NO_MODEL_MESSAGE + which });
}

/** The conversation is over what the model accepts: nothing was sent. */
export function tooLongError(inputTokens: number, maxInputTokens: number, model: string): StreamError {
  return new StreamError({
    kind: 'context_length', retryable: false,
    message: `The selection and conversation (${inputTokens} tokens) are more than ${model} accepts (${maxInputTokens}). Select less code or start a new chat.`,
  });
}

/** Other extensions' error text is untrusted: one line, bounded. */
function said(message: string | undefined): string {
  const line = (message ?? '').replace(/\s+/g, ' ').trim();
  if (!line) return '';
  return ` It said: “${line.length > 200 ? `${line.slice(0, 199)}…` : line}”`;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
}

export function mapLmError(err: unknown): StreamError {
  if (isStreamError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const detail = `${typeof e.name === 'string' ? e.name : 'Error'}${typeof e.code === 'string' && e.code ? ` (${e.code})` : ''}: ${message}`;
  const code = e.name === 'LanguageModelError' && typeof e.code === 'string' ? e.code : undefined;
  switch (code) {
    case 'NoPermissions':
      return new StreamError({ kind: 'permission', retryable: false, action: 'retry', detail,
        message: 'Allow Stream Explain to use the model: VS Code asked for your consent and it was not given. Retry and choose Allow.' });
    case 'Blocked':
      return new StreamError({ kind: 'rate_limit', retryable: false, action: 'retry', detail,
        message: `VS Code blocked this request to the language model (too many requests, or a quota was reached). Wait a moment, then Retry.${said(message)}` });
    case 'NotFound':
      return new StreamError({ kind: 'not_found', retryable: false, action: 'open-settings', detail, message: NO_MODEL_MESSAGE });
  }
  if (e.name === 'Canceled') {
    // The model went away mid-request (its extension was disabled or reloaded) while nobody stopped the answer.
    return new StreamError({ kind: 'interrupted', retryable: true, action: 'retry', detail,
      message: 'The language model stopped answering (its extension went away). The text so far is kept; Retry to ask again.' });
  }
  return new StreamError({ kind: 'server', retryable: false, action: 'retry', detail,
    message: `The language model stopped with an error. The text so far is kept.${said(message)}` });
}
