import type { LmAccess, LmModel } from '../../src/extension/providers/lmStream';
import type { LmTurn, ModelSelector } from '../../src/extension/providers/lmRequest';

/**
 * A language model in memory, shaped like what vscode.lm hands out (after vscodeLmProvider's thin adapter): the
 * plain-Node half of the vscode-lm tests. The real API, with a real registered model, is exercised by the in-host
 * suite (test/e2e/suite/vscodeLm.test.ts with the companion extension).
 */
export interface ScriptedModelOptions {
  id?: string;
  vendor?: string;
  family?: string;
  pieces?: string[];
  /** Wait between pieces (real timers; 0 = next microtask). */
  delayMs?: number;
  /** Throw this after that many pieces. */
  failAfter?: { pieces: number; error: unknown };
  /** After this many pieces, never answer again (ignores cancellation, as a misbehaving model might). */
  stallAfter?: number;
  /** sendRequest itself rejects (e.g. consent refused). */
  rejectSend?: unknown;
  maxInputTokens?: number;
}

export class ScriptedModel implements LmModel {
  readonly id: string;
  readonly vendor: string;
  readonly family: string;
  readonly maxInputTokens: number;
  /** Each request's turns, as the model received them. */
  readonly sent: LmTurn[][] = [];
  /** The signal each request was given (aborted = the model's cancellation token fired). */
  readonly signals: AbortSignal[] = [];
  justification: string | undefined;

  constructor(private readonly o: ScriptedModelOptions = {}) {
    this.id = o.id ?? 'scripted-1';
    this.vendor = o.vendor ?? 'test';
    this.family = o.family ?? 'scripted';
    this.maxInputTokens = o.maxInputTokens ?? 100_000;
  }

  /** One token per started group of four characters: deterministic and easy to check. */
  async countTokens(text: string): Promise<number> {
    return Math.ceil(text.length / 4);
  }

  async sendRequest(turns: LmTurn[], justification: string, signal: AbortSignal): Promise<AsyncIterable<string>> {
    if (this.o.rejectSend !== undefined) throw this.o.rejectSend;
    this.sent.push(turns);
    this.signals.push(signal);
    this.justification = justification;
    const { pieces = ['Hello', ', ', 'world.'], delayMs = 0, failAfter, stallAfter } = this.o;
    return (async function* () {
      for (let i = 0; i < pieces.length; i++) {
        if (failAfter && i === failAfter.pieces) throw failAfter.error;
        if (stallAfter !== undefined && i === stallAfter) await new Promise(() => {});
        await new Promise((r) => setTimeout(r, delayMs));
        yield pieces[i];
      }
    })();
  }
}

/** What vscode.lm.selectChatModels does with a selector, over a fixed list of models. */
export function accessTo(models: ScriptedModel[]): LmAccess & { selectors: ModelSelector[] } {
  const selectors: ModelSelector[] = [];
  return {
    selectors,
    async selectModels(s) {
      selectors.push(s);
      return models.filter((m) => (!s.id || m.id === s.id) && (!s.vendor || m.vendor === s.vendor) && (!s.family || m.family === s.family));
    },
  };
}
