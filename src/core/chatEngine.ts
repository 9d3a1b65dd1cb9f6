import { CostLedger, ledgerEntry, type LedgerEntry } from './costLedger';
import { StreamError, type ErrorAction } from './errors';
import { costUsd, findPrice, type PriceTable } from './pricing';
import { buildExplainPrompt, buildFollowUpPrompt, SYSTEM_PROMPT, type BuiltPrompt, type CodeContext } from './promptBuilder';
import { KEY_SOURCES, PROVIDER_LABELS, type ChatMessage, type ProviderFactory, type ProviderId } from './provider';
import type { ErrorView, HostMessage, TurnSnapshot, WebviewMessage } from './protocol';
import { DeltaCoalescer } from './deltaCoalescer';
import { StreamSession, type RetryPolicy, type SessionResult } from './streamSession';
import { guardCode } from './inputGuard';
import { redactSecrets } from './redact';
import { approximateCounter, type TokenCounter, type TokenCounterLoader } from './tokenCounter';

export interface EngineSettings {
  provider: ProviderId;
  model: string;
  baseUrl?: string;
  maxOutputTokens: number;
  /** Budget for the selected code; larger selections are cut, older turns dropped from the context. */
  maxInputTokens: number;
  idleTimeoutMs: number;
  totalTimeoutMs: number;
  retry?: RetryPolicy;
  prices: PriceTable;
}

export interface ChatEngineDeps {
  /** Deliver a message to the panel (the bridge validates and queues it while the panel is not ready). */
  post(message: HostMessage): void;
  settings(): EngineSettings;
  getApiKey(provider: ProviderId): Promise<string | undefined>;
  loadProvider(provider: ProviderId): Promise<ProviderFactory>;
  loadTokenCounter?: TokenCounterLoader;
  /** Called with no key for the provider: the host shows the "Set API Key" notification. */
  onMissingKey?(provider: ProviderId): void;
  onStreamingChange?(streaming: boolean): void;
  onTurnRecorded?(entry: LedgerEntry): void;
  /** The conversation changed (a turn ended, or a new chat): persist `exportTurns()`. */
  onConversationChange?(): void;
  /** An action button in the panel (e.g. "Set API Key" under an error). */
  onAction?(action: ErrorAction): void;
  /** "Insert at cursor" on a code block. */
  onInsertCode?(code: string, language?: string): void;
  /** A validated http(s) link the user clicked. */
  onOpenLink?(href: string): void;
  log?(line: string): void;
  /** Milliseconds between delta messages while tokens flow. */
  frameMs?: number;
  /** Milliseconds between saves of the conversation while a turn streams (default 1000). */
  checkpointMs?: number;
}

/** A turn as persisted (workspaceState) so the conversation survives a window reload. */
export interface StoredTurn {
  snapshot: TurnSnapshot;
  /** What the model received for this turn's user message. */
  content: string;
  /** Replaced by a retry: kept on screen, left out of the conversation sent to the model. */
  superseded: boolean;
}

interface Running {
  turnId: string;
  session?: StreamSession;
  finished: Promise<void>;
  cancelRequested: boolean;
}

let turnCounter = 0;
const newTurnId = () => `t${Date.now().toString(36)}${(turnCounter++).toString(36)}`;

/**
 * The conversation on the host side: turns, the one running stream, the ledger. Plain Node (no vscode), so the
 * whole request path from a selection to the panel's messages is testable against the local provider server.
 */
export class ChatEngine {
  readonly ledger = new CostLedger();
  private turns: StoredTurn[] = [];
  /** Keys handed to providers, so no log line can carry one. */
  private readonly secrets = new Set<string>();
  private running: Running | undefined;

  constructor(private readonly deps: ChatEngineDeps, restored: readonly StoredTurn[] = []) {
    // A turn that was streaming when the window closed is shown as stopped, its text kept.
    this.turns = restored.map((t) => structuredClone(t)).map((t) => (t.snapshot.state === 'streaming' ? { ...t, snapshot: { ...t.snapshot, state: 'cancelled' } } : t));
  }

  /**
   * The conversation in a JSON-safe form for persistence. A turn still streaming is saved as it would end if the
   * window went away now: stopped, its text so far, tokens and cost estimated.
   */
  exportTurns(): StoredTurn[] {
    return this.turns.map((t) => (t.snapshot.state === 'streaming' ? this.asStopped(t) : structuredClone(t)));
  }

  private asStopped(t: StoredTurn): StoredTurn {
    const s = structuredClone(t.snapshot);
    const usage = { inputTokens: approximateCounter.count(t.content), outputTokens: approximateCounter.count(s.text) };
    const price = findPrice(this.deps.settings().prices, s.provider, s.model);
    s.state = 'cancelled';
    s.end = {
      finishReason: 'cancelled', usage: { ...usage, estimated: true }, costUsd: costUsd(price, usage), ...(price?.includedInPlan ? { costIncluded: true } : {}),
      metrics: { ttftMs: null, totalMs: 0, tokensPerSecond: null },
    };
    return { ...t, snapshot: s };
  }

  /**
   * While a turn streams, the conversation is saved at most once per interval (a reload in the browser gives no time
   * to save): at once when the interval has passed, otherwise at its end, so what is saved is never more than one
   * interval behind what the user saw, even when the stream then stalls.
   */
  private checkpointAt = 0;
  private checkpointTimer: ReturnType<typeof setTimeout> | undefined;

  private checkpoint(): void {
    if (this.checkpointTimer) return;
    const wait = this.checkpointAt + (this.deps.checkpointMs ?? 1000) - Date.now();
    if (wait > 0) {
      this.checkpointTimer = setTimeout(() => this.saveCheckpoint(), wait);
      return;
    }
    this.saveCheckpoint();
  }

  private saveCheckpoint(): void {
    this.cancelCheckpoint();
    this.checkpointAt = Date.now();
    this.deps.onConversationChange?.();
  }

  /** A turn ended and is saved in full: a pending mid-stream save would only repeat it. */
  private cancelCheckpoint(): void {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
  }

  get streaming(): boolean {
    return this.running !== undefined;
  }

  get currentTurnId(): string | undefined {
    return this.running?.turnId;
  }

  private log(line: string): void {
    this.deps.log?.(redactSecrets(line, this.secrets));
  }

  snapshot(): TurnSnapshot[] {
    return this.turns.map((t) => (t.superseded ? { ...structuredClone(t.snapshot), superseded: true } : structuredClone(t.snapshot)));
  }

  /**
   * Explain code from the editor. Throws InputRejected when there is nothing sendable (empty, binary, a single
   * enormous line): the caller tells the user, and no turn is created. A selection over the token budget is cut at a
   * line boundary, with a note in the question saying what was left out.
   */
  async explain(ctx: CodeContext): Promise<void> {
    const { maxInputTokens } = this.deps.settings();
    // The tokenizer is loaded only when the code could be over budget (a token is at least one character).
    const counter = ctx.code.length > maxInputTokens ? await this.tokenCounter() : approximateCounter;
    const guarded = guardCode(ctx.code, maxInputTokens, counter);
    const endLine = ctx.startLine !== undefined && guarded.code !== ctx.code ? ctx.startLine + guarded.code.split('\n').length - 1 : ctx.endLine;
    const prompt = buildExplainPrompt({ ...ctx, code: guarded.code, endLine });
    return this.start(guarded.note ? { ...prompt, note: guarded.note } : prompt);
  }

  private async tokenCounter(): Promise<TokenCounter> {
    try {
      return this.deps.loadTokenCounter ? await this.deps.loadTokenCounter() : approximateCounter;
    } catch {
      return approximateCounter;
    }
  }

  ask(text: string): Promise<void> {
    return this.start(buildFollowUpPrompt(text));
  }

  retry(turnId: string): Promise<void> {
    const turn = this.turns.find((t) => t.snapshot.turnId === turnId);
    if (!turn || turn.superseded || turn.snapshot.state === 'streaming') return Promise.resolve();
    turn.superseded = true;
    const { prompt } = turn.snapshot;
    return this.start({ ...prompt, content: turn.content }, turnId);
  }

  /** Stop the running stream (any turn, or only the given one). Resolves when it has ended and been recorded. */
  async cancel(turnId?: string): Promise<void> {
    const r = this.running;
    if (!r || (turnId !== undefined && r.turnId !== turnId)) return;
    r.cancelRequested = true;
    r.session?.cancel();
    await r.finished;
  }

  async newChat(): Promise<void> {
    await this.cancel();
    this.turns = [];
    this.deps.post({ type: 'clear' });
    this.deps.onConversationChange?.();
  }

  /** Messages from the panel, already validated by the bridge. */
  async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.deps.post({ type: 'history', turns: this.snapshot() });
        return;
      case 'ask':
        return this.ask(message.text);
      case 'cancel':
        return this.cancel(message.turnId);
      case 'retry':
        return this.retry(message.turnId);
      case 'continue':
        return this.continue(message.turnId);
      case 'new-chat':
        return this.newChat();
      case 'run-action':
        this.deps.onAction?.(message.action);
        return;
      case 'insert-code':
        this.deps.onInsertCode?.(message.code, message.language);
        return;
      case 'open-link':
        this.deps.onOpenLink?.(message.href);
        return;
    }
  }

  /** Earlier turns for the model, newest kept first when the conversation outgrows the input budget. */
  private history(budgetTokens: number): ChatMessage[] {
    const pairs: ChatMessage[][] = [];
    for (const t of this.turns) {
      if (t.superseded || t.snapshot.state === 'streaming' || !t.snapshot.text) continue;
      pairs.push([{ role: 'user', content: t.content }, { role: 'assistant', content: t.snapshot.text }]);
    }
    let used = 0;
    let first = pairs.length;
    while (first > 0) {
      const cost = approximateCounter.count(pairs[first - 1][0].content + pairs[first - 1][1].content);
      if (used + cost > budgetTokens) break;
      used += cost;
      first--;
    }
    return pairs.slice(first).flat();
  }

  /**
   * One live stream, latest request wins: a new request cancels the running one (and any still waiting to start)
   * and starts once it has ended, so the old turn-end always precedes the new turn-start, and requests fired in a
   * burst leave exactly one stream running, every other turn recorded as cancelled.
   */
  private async exclusive(turnId: string, body: (running: Running) => Promise<void>): Promise<void> {
    let resolveFinished!: () => void;
    const running: Running = { turnId, finished: new Promise((r) => (resolveFinished = r)), cancelRequested: false };
    const previous = this.running;
    this.running = running;
    try {
      if (previous) {
        previous.cancelRequested = true;
        previous.session?.cancel();
        await previous.finished;
      }
      this.deps.onStreamingChange?.(true);
      await body(running);
    } finally {
      if (this.running === running) {
        this.running = undefined;
        this.deps.onStreamingChange?.(false);
      }
      resolveFinished();
    }
  }

  /** A new turn at the end of the conversation; `replaces`: the turn it retries. */
  private start(prompt: BuiltPrompt, replaces?: string): Promise<void> {
    return this.exclusive(newTurnId(), async (running) => {
      const settings = this.deps.settings();
      const { content, ...view } = prompt;
      const turn: StoredTurn = {
        content,
        superseded: false,
        snapshot: { turnId: running.turnId, prompt: view, provider: settings.provider, model: settings.model, state: 'streaming', text: '' },
      };
      const history = this.history(settings.maxInputTokens);
      this.turns.push(turn);
      this.deps.post({ type: 'turn-start', turnId: running.turnId, prompt: view, provider: settings.provider, model: settings.model, ...(replaces ? { replaces } : {}) });
      await this.runTurn(turn, running, settings, [...history, { role: 'user', content }]);
    });
  }

  /**
   * Continue an answer that stopped early (interrupted, stopped, or cut at max tokens) in the same turn. Anthropic
   * gets the partial answer as a prefilled assistant turn and writes on from its last word; OpenAI has no prefill,
   * so it gets the partial answer and an instruction to go on without repeating.
   */
  continue(turnId: string): Promise<void> {
    const turn = this.turns.find((t) => t.snapshot.turnId === turnId);
    if (!turn || !canContinue(turn.snapshot)) return Promise.resolve();
    return this.exclusive(turnId, async (running) => {
      const settings = this.deps.settings();
      const prefix = turn.snapshot.text;
      turn.snapshot.state = 'streaming';
      delete turn.snapshot.end;
      delete turn.snapshot.error;
      const history = this.history(settings.maxInputTokens).slice(0, this.historyIndexOf(turn));
      this.deps.post({ type: 'turn-resume', turnId });
      const messages: ChatMessage[] = [...history, { role: 'user', content: turn.content }];
      if (settings.provider === 'anthropic') messages.push({ role: 'assistant', content: prefix.trimEnd() });
      else messages.push({ role: 'assistant', content: prefix }, { role: 'user', content: CONTINUE_INSTRUCTION });
      await this.runTurn(turn, running, settings, messages, prefix);
    });
  }

  /** How many history messages come before `turn` (its own pair excluded while it streams). */
  private historyIndexOf(turn: StoredTurn): number {
    let n = 0;
    for (const t of this.turns) {
      if (t === turn) break;
      if (!t.superseded && t.snapshot.state !== 'streaming' && t.snapshot.text) n += 2;
    }
    return n;
  }

  private async runTurn(turn: StoredTurn, running: Running, settings: EngineSettings, messages: ChatMessage[], prefix = ''): Promise<void> {
    const { turnId } = turn.snapshot;
    if (running.cancelRequested) return this.record(turn, cancelledBeforeStart(settings), false, prefix);
    const configError = validateSettings(settings);
    if (configError) return this.fail(turn, configError, prefix);
    // Keyless providers (the VS Code Language Model API) get an empty key and never the key prompt.
    const keyed = KEY_SOURCES[settings.provider] !== undefined;
    const apiKey = keyed ? await this.deps.getApiKey(settings.provider) : '';
    if (apiKey) this.secrets.add(apiKey);
    if (keyed && !apiKey) {
      this.deps.onMissingKey?.(settings.provider);
      return this.fail(turn, new StreamError({
        kind: 'auth', retryable: false, action: 'set-api-key',
        message: `No ${PROVIDER_LABELS[settings.provider]} API key. Set one with “Stream Explain: Set API Key” (or the ${KEY_SOURCES[settings.provider]?.envVar} environment variable), then Retry.`,
      }), prefix);
    }
    if (running.cancelRequested) return this.record(turn, cancelledBeforeStart(settings), true, prefix);

    const factory = await this.deps.loadProvider(settings.provider);
    const provider = factory({ apiKey: apiKey ?? '', baseUrl: settings.baseUrl });
    const session = new StreamSession({
      provider,
      request: { model: settings.model, system: SYSTEM_PROMPT, messages, maxOutputTokens: settings.maxOutputTokens },
      priceFor: (model) => findPrice(settings.prices, settings.provider, model),
      loadTokenCounter: this.deps.loadTokenCounter,
      idleTimeoutMs: settings.idleTimeoutMs,
      totalTimeoutMs: settings.totalTimeoutMs,
      retry: settings.retry,
    });
    running.session = session;
    if (running.cancelRequested) session.cancel();

    // The snapshot grows with what was posted, not what was received, so a history replay never repeats buffered text.
    const coalescer = new DeltaCoalescer((text) => {
      turn.snapshot.text += text;
      this.deps.post({ type: 'delta', turnId, text });
      this.checkpoint();
    }, this.deps.frameMs ?? 16);
    this.log(`[${turnId}] → ${settings.provider} ${settings.model} (${messages.length} message${messages.length === 1 ? '' : 's'})`);
    const result = await session.run({
      onDelta: (text) => coalescer.push(text),
      onRetry: ({ attempt, maxAttempts, delayMs, error }) => {
        this.log(`[${turnId}] ${error.kind} (${error.status ?? 'no status'}): ${error.detail ?? error.message}; retry ${attempt}/${maxAttempts} in ${delayMs} ms`);
        this.deps.post({ type: 'turn-status', turnId, text: error.message, retry: { inMs: delayMs, attempt, maxAttempts } });
      },
    });
    coalescer.dispose();
    this.record(turn, result, true, prefix);
  }

  private fail(turn: StoredTurn, error: StreamError, prefix = ''): void {
    this.record(turn, {
      status: 'error', text: '', model: turn.snapshot.model, finishReason: 'error', rawFinishReason: null,
      usage: { inputTokens: 0, outputTokens: 0, estimated: false }, costUsd: 0,
      metrics: { ttftMs: null, totalMs: 0, tokensPerSecond: null }, attempts: 0, error,
    }, false, prefix);
  }

  /** Publish a finished session: the panel message, the snapshot, and (for requests that were sent) the ledger. */
  private record(turn: StoredTurn, result: SessionResult, sent = true, prefix = ''): void {
    const s = turn.snapshot;
    const { turnId } = s;
    s.text = prefix + result.text;
    if (result.status === 'error' && result.error) {
      const error: ErrorView = { kind: result.error.kind, message: result.error.message, retryable: result.error.retryable, action: result.error.action };
      s.state = 'error';
      s.error = error;
      this.log(`[${turnId}] ✗ ${result.error.kind}${result.error.status ? ` ${result.error.status}` : ''}: ${result.error.detail ?? result.error.message}`);
      this.deps.post({ type: 'turn-error', turnId, error, partialText: s.text });
    } else {
      s.state = result.status === 'cancelled' ? 'cancelled' : 'done';
      s.end = {
        finishReason: result.finishReason,
        usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, estimated: result.usage.estimated },
        costUsd: result.costUsd, ...(result.costIncluded ? { costIncluded: true } : {}),
        metrics: result.metrics,
      };
      this.log(`[${turnId}] ${s.state} (${result.rawFinishReason ?? result.finishReason}) ${result.usage.inputTokens}/${result.usage.outputTokens} tokens${result.usage.estimated ? ' (est.)' : ''}, ${Math.round(result.metrics.totalMs)} ms`);
      this.deps.post({ type: 'turn-end', turnId, ...s.end });
    }
    this.cancelCheckpoint();
    this.deps.onConversationChange?.();
    if (!sent) return;
    const entry = ledgerEntry({ turnId, conversationId: this.turns[0]?.snapshot.turnId ?? turnId }, s.provider, result);
    this.ledger.add(entry);
    this.deps.onTurnRecorded?.(entry);
  }
}

const CONTINUE_INSTRUCTION = 'Your previous answer was cut off. Continue it exactly where it stopped, without repeating anything or adding a preamble.';

/** An answer worth continuing: it has text and did not finish on its own. */
export function canContinue(s: TurnSnapshot): boolean {
  if (!s.text || s.state === 'streaming') return false;
  return s.state === 'error' || s.state === 'cancelled' || s.end?.finishReason === 'length';
}

function cancelledBeforeStart(settings: EngineSettings): SessionResult {
  return {
    status: 'cancelled', text: '', model: settings.model, finishReason: 'cancelled', rawFinishReason: null,
    usage: { inputTokens: 0, outputTokens: 0, estimated: true }, costUsd: 0,
    metrics: { ttftMs: null, totalMs: 0, tokensPerSecond: null }, attempts: 0,
  };
}

/** Settings problems caught before any request is sent. */
export function validateSettings(s: EngineSettings): StreamError | undefined {
  const config = (message: string) => new StreamError({ kind: 'config', retryable: false, action: 'open-settings', message });
  const label = PROVIDER_LABELS[s.provider];
  if (!s.model.trim()) return config(`No ${label} model is set. Set “streamExplain.${s.provider}.model”.`);
  if (s.baseUrl) {
    let url: URL | undefined;
    try { url = new URL(s.baseUrl); } catch { /* reported below */ }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return config(`The ${label} base URL “${s.baseUrl}” is not an http(s) URL. Fix “streamExplain.${s.provider}.baseUrl” or clear it.`);
    }
  }
  if (!Number.isInteger(s.maxOutputTokens) || s.maxOutputTokens < 1) {
    return config('“streamExplain.maxOutputTokens” must be a whole number of at least 1.');
  }
  return undefined;
}
