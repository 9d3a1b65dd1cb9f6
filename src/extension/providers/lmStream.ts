/**
 * One answer from a VS Code language model as the core's StreamEvents. Written against the small LmAccess interface
 * rather than `vscode`, so the translation (selection, token counts, abort, errors) runs in plain Node as well;
 * vscodeLmProvider.ts is the thin part that implements LmAccess with vscode.lm.
 */
import type { ProviderRequest, StreamSink } from '../../core/provider';
import { mapLmError, noModelError, tooLongError } from './lmErrors';
import { JUSTIFICATION, parseModelSelector, toLmTurns, type LmTurn, type ModelSelector } from './lmRequest';

export interface LmModel {
  readonly id: string;
  readonly maxInputTokens: number;
  /** Tokens of `text` by the model's own tokenizer. */
  countTokens(text: string, signal: AbortSignal): Promise<number>;
  /** Starts the request (VS Code may ask the user for consent first); resolves to the answer's text pieces. */
  sendRequest(turns: LmTurn[], justification: string, signal: AbortSignal): Promise<AsyncIterable<string>>;
}

export interface LmAccess {
  selectModels(selector: ModelSelector): Promise<readonly LmModel[]>;
}

const ABORTED = Symbol('aborted');

/** Settles with ABORTED when `signal` aborts: a model that ignores its cancellation token cannot hold Stop up. */
function orAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.resolve(ABORTED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

/** Sum of the turns' tokens; undefined when the model cannot count (the session then estimates). */
async function countInput(model: LmModel, turns: LmTurn[], signal: AbortSignal): Promise<number | undefined> {
  try {
    const counts = await Promise.all(turns.map((t) => model.countTokens(t.content, signal)));
    return counts.every((n) => Number.isFinite(n) && n >= 0) ? counts.reduce((a, b) => a + b, 0) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sinks the answer's events (see Provider.stream): ends with `usage` (counted, so marked estimated) and `done` when
 * the model finished, rejects with a StreamError when it failed, and resolves quietly (no `done`) once `signal` aborts.
 */
export async function streamFromLm(access: LmAccess, request: ProviderRequest, signal: AbortSignal, sink: StreamSink): Promise<void> {
  const selector = parseModelSelector(request.model);
  let iterator: AsyncIterator<string> | undefined;
  try {
    const models = await orAbort(access.selectModels(selector), signal);
    if (models === ABORTED) return;
    const model = models[0];
    if (!model) throw noModelError(selector);

    const turns = toLmTurns(request);
    const inputTokens = await orAbort(countInput(model, turns, signal), signal);
    if (inputTokens === ABORTED) return;
    if (inputTokens !== undefined && model.maxInputTokens > 0 && inputTokens > model.maxInputTokens) {
      throw tooLongError(inputTokens, model.maxInputTokens, model.id);
    }
    sink({ type: 'start', model: model.id, ...(inputTokens !== undefined ? { inputTokens } : {}) });

    const text = await orAbort(model.sendRequest(turns, JUSTIFICATION, signal), signal);
    if (text === ABORTED) return;
    iterator = text[Symbol.asyncIterator]();
    let answer = '';
    for (;;) {
      const next = await orAbort(iterator.next(), signal);
      if (next === ABORTED) return;
      if (next.done) break;
      if (!next.value) continue;
      answer += next.value;
      sink({ type: 'delta', text: next.value });
    }
    iterator = undefined;

    const outputTokens = await orAbort(countInput(model, [{ role: 'assistant', content: answer }], signal), signal);
    if (outputTokens === ABORTED) return;
    if (inputTokens !== undefined && outputTokens !== undefined) {
      sink({ type: 'usage', inputTokens, outputTokens, estimated: true });
    }
    // The API reports no finish reason: an answer that ended without an error is complete.
    sink({ type: 'done', finishReason: 'stop', rawFinishReason: null });
  } catch (err) {
    if (signal.aborted) return;
    throw mapLmError(err);
  } finally {
    // Stopped mid-answer: let the model's stream clean up, without waiting for a model that ignores cancellation.
    if (iterator?.return) iterator.return().catch(() => {});
  }
}
