import { CostLedger } from './costLedger';
import { buildFollowUpPrompt, SYSTEM_PROMPT, type BuiltPrompt, type CodeContext } from './promptBuilder';
import { guardedExplainPrompt } from './explainPrompt';
import type { ChatMessage } from './provider';
import { descriptorFor } from './providers/descriptors';
import type { TurnSnapshot, WebviewMessage } from './protocol';
import { streamTurn } from './turnStream';
import { StreamSession, type SessionResult } from './streamSession';
import { redactSecrets } from './redact';
import { missingKeyError, providerConfig, providerRequest, thinkingOn, validateSettings, type EngineSettings } from './engineSettings';
import { applyTurnOutcome, canContinue, cancelledBeforeStart, failedBeforeStart } from './turnOutcome';
import { SaveThrottle } from './saveThrottle';
import { Conversation } from './conversation/conversation';
import { settingsForChoice, type ModelChoice } from './conversation/modelChoice';
import { routePanelMessage } from './panelRouter';
import { continuationMessages } from './conversation/history';
import type { StoredConversation, StoredTurn } from './conversation/persistence';
import type { ChatEngineDeps } from './engineDeps';
import { RequestSlot, type Running } from './requestSlot';
import { postTurnEstimate } from './draftEstimate';

export { validateSettings, type EngineSettings } from './engineSettings';
export { canContinue } from './turnOutcome';
export type { StoredTurn, StoredConversation } from './conversation/persistence';
export type { ModelChoice } from './conversation/modelChoice';
export type { ChatEngineDeps } from './engineDeps';

let turnCounter = 0;
const newTurnId = () => `t${Date.now().toString(36)}${(turnCounter++).toString(36)}`;

/**
 * The orchestration of one request at a time: from a selection or a question to the provider's stream and the
 * panel's messages, the ledger, and saves. The conversation itself (turns, model choice, what is persisted and sent
 * to the model) is `Conversation`. Plain Node (no vscode), so the whole request path is testable against the local
 * provider server.
 */
export class ChatEngine {
  readonly ledger = new CostLedger();
  readonly conversation: Conversation;
  /** Keys handed to providers, so no log line can carry one. */
  private readonly secrets = new Set<string>();
  private readonly slot: RequestSlot;
  private readonly checkpoint: SaveThrottle;

  constructor(private readonly deps: ChatEngineDeps, restored: StoredConversation | readonly StoredTurn[] = []) {
    this.conversation = new Conversation(restored);
    this.slot = new RequestSlot(deps.onStreamingChange);
    this.checkpoint = new SaveThrottle(() => this.deps.onConversationChange?.(), deps.checkpointMs ?? 1000, deps.clock);
  }

  /** The conversation's turns in a JSON-safe form, a streaming turn as stopped (see `exportConversation`). */
  exportTurns(): StoredTurn[] {
    return this.exportConversation().turns;
  }

  /** What is persisted: the turns and the model chosen for the conversation. */
  exportConversation(): StoredConversation {
    const { prices, baseUrl } = this.deps.settings();
    return this.conversation.export(prices, baseUrl);
  }

  get streaming(): boolean {
    return this.slot.current !== undefined;
  }

  get currentTurnId(): string | undefined { return this.slot.current?.turnId; }

  /** The model chosen for this conversation; undefined: the settings' default. */
  get modelChoice(): ModelChoice | undefined {
    return this.conversation.model ? { ...this.conversation.model } : undefined;
  }

  /** The provider and model the next request goes to. */
  currentModel(): ModelChoice {
    const { provider, model } = this.requestSettings();
    return { provider, model };
  }

  /** Use `choice` for this conversation's next requests (undefined: back to the settings' default); saved with it. */
  setModel(choice: ModelChoice | undefined): void {
    this.conversation.model = choice ? { provider: choice.provider, model: choice.model } : undefined;
    this.announceModel();
    this.deps.onConversationChange?.();
  }

  /** Tell the panel which model the next request goes to (after a pick, a settings change, a new chat, a restore). */
  announceModel(): void {
    this.deps.post({ type: 'model', ...this.currentModel() });
  }

  /** The settings for the next request: the conversation's model over the configured default. */
  requestSettings(): EngineSettings {
    return settingsForChoice((p) => this.deps.settings(p), this.conversation.model);
  }

  private log(line: string): void {
    this.deps.log?.(redactSecrets(line, this.secrets));
  }

  snapshot(): TurnSnapshot[] { return this.conversation.snapshot(); }

  /** Explain code from the editor (see guardedExplainPrompt: it throws InputRejected when nothing is sendable). */
  async explain(ctx: CodeContext): Promise<void> {
    return this.start(await guardedExplainPrompt(ctx, this.requestSettings().maxInputTokens, this.deps.loadTokenCounter));
  }

  ask(text: string): Promise<void> {
    return this.start(buildFollowUpPrompt(text));
  }

  retry(turnId: string): Promise<void> {
    const turn = this.conversation.find(turnId);
    if (!turn || turn.superseded || turn.snapshot.state === 'streaming') return Promise.resolve();
    turn.superseded = true;
    const { prompt } = turn.snapshot;
    return this.start({ ...prompt, content: turn.content }, turnId);
  }

  /** Stop the running stream (any turn, or only the given one). Resolves when it has ended and been recorded. */
  cancel(turnId?: string): Promise<void> {
    return this.slot.cancel(turnId);
  }

  /** An empty conversation on the settings' default model. */
  async newChat(): Promise<void> {
    await this.cancel();
    const hadChoice = this.conversation.model !== undefined;
    this.conversation.clear();
    if (hadChoice) this.announceModel();
    this.deps.post({ type: 'clear' });
    this.deps.onConversationChange?.();
  }

  /** Messages from the panel, already validated by the bridge. */
  handle(message: WebviewMessage): Promise<void> {
    return routePanelMessage(message, this, this.deps);
  }

  /** The panel (re)loaded: the whole conversation, then the model the next answer comes from. */
  ready(): void {
    this.deps.post({ type: 'history', turns: this.snapshot() });
    this.announceModel();
  }

  /** A new turn at the end of the conversation; `replaces`: the turn it retries. */
  private start(prompt: BuiltPrompt, replaces?: string): Promise<void> {
    return this.slot.run(newTurnId(), async (running) => {
      const settings = this.requestSettings();
      const { content, ...view } = prompt;
      const turn: StoredTurn = {
        content,
        superseded: false,
        snapshot: { turnId: running.turnId, prompt: view, provider: settings.provider, model: settings.model, state: 'streaming', text: '' },
      };
      const history = this.conversation.history(settings.maxInputTokens);
      this.conversation.add(turn);
      this.deps.post({ type: 'turn-start', turnId: running.turnId, prompt: view, provider: settings.provider, model: settings.model, ...(replaces ? { replaces } : {}) });
      const messages: ChatMessage[] = [...history, { role: 'user', content, ...(view.code !== undefined ? { cache: true } : {}) }];
      // The estimate never delays the request or its end (see postTurnEstimate): it is started after it.
      const ended = this.runTurn(turn, running, settings, messages);
      await Promise.all([ended, postTurnEstimate(this.deps, turn.snapshot, settings, messages, ended).catch((err) => this.log(`[${running.turnId}] estimate failed: ${String(err)}`))]);
    });
  }

  /**
   * Continue an answer that stopped early (interrupted, stopped, or cut at max tokens) in the same turn, with the
   * partial answer prefilled where the provider allows it (see `continuationMessages`).
   */
  continue(turnId: string): Promise<void> {
    const turn = this.conversation.find(turnId);
    if (!turn || !canContinue(turn.snapshot)) return Promise.resolve();
    return this.slot.run(turnId, async (running) => {
      const settings = this.requestSettings();
      const prefix = turn.snapshot.text;
      turn.snapshot.state = 'streaming';
      delete turn.snapshot.end;
      delete turn.snapshot.error;
      const history = this.conversation.historyBefore(turn, settings.maxInputTokens);
      this.deps.post({ type: 'turn-resume', turnId });
      const messages = continuationMessages(descriptorFor(settings.provider).continueByPrefill && !thinkingOn(settings), history, turn, prefix);
      await this.runTurn(turn, running, settings, messages, prefix);
    });
  }

  private async runTurn(turn: StoredTurn, running: Running, settings: EngineSettings, messages: ChatMessage[], prefix = ''): Promise<void> {
    const { turnId } = turn.snapshot;
    if (running.cancelRequested) return this.record(turn, cancelledBeforeStart(settings.model), false, prefix);
    const configError = validateSettings(settings);
    if (configError) return this.record(turn, failedBeforeStart(turn.snapshot.model, configError), false, prefix);
    // Keyless providers (the VS Code Language Model API) get an empty key and never the key prompt.
    const descriptor = descriptorFor(settings.provider);
    const apiKey = descriptor.key ? await this.deps.getApiKey(settings.provider) : '';
    if (apiKey) this.secrets.add(apiKey);
    if (descriptor.key && !apiKey) {
      this.deps.onMissingKey?.(settings.provider);
      return this.record(turn, failedBeforeStart(turn.snapshot.model, missingKeyError(settings.provider)), false, prefix);
    }
    if (running.cancelRequested) return this.record(turn, cancelledBeforeStart(settings.model), true, prefix);

    const factory = await this.deps.loadProvider(settings.provider);
    const config = providerConfig(settings, apiKey);
    const provider = factory(config);
    const session = new StreamSession({
      provider,
      request: providerRequest(settings, SYSTEM_PROMPT, messages),
      priceFor: (model) => descriptor.priceFor(settings.prices, model),
      costBasis: descriptor.costBasis(config),
      loadTokenCounter: this.deps.loadTokenCounter,
      framing: descriptor.promptFraming,
      idleTimeoutMs: settings.idleTimeoutMs,
      totalTimeoutMs: settings.totalTimeoutMs,
      retry: settings.retry,
      clock: this.deps.clock,
    });
    running.session = session;
    if (running.cancelRequested) session.cancel();

    const stream = streamTurn(turn.snapshot, (m) => this.deps.post(m), () => this.checkpoint.changed(), this.deps);
    this.log(`[${turnId}] → ${settings.provider} ${settings.model} (${messages.length} message${messages.length === 1 ? '' : 's'})`);
    const result = await session.run({
      ...stream.listener,
      onRetry: ({ attempt, maxAttempts, delayMs, error }) => {
        this.log(`[${turnId}] ${error.kind} (${error.status ?? 'no status'}): ${error.detail ?? error.message}; retry ${attempt}/${maxAttempts} in ${delayMs} ms`);
        this.deps.post({ type: 'turn-status', turnId, text: error.message, retry: { inMs: delayMs, attempt, maxAttempts } });
      },
    });
    stream.dispose();
    this.record(turn, result, true, prefix);
  }

  /** Publish a finished session: the panel message, the snapshot, a save, and (for requests that were sent) the ledger. */
  private record(turn: StoredTurn, result: SessionResult, sent: boolean, prefix: string): void {
    // The conversation's id is its first turn's: it survives a reload and changes with New chat.
    const conversationId = this.conversation.turns[0]?.snapshot.turnId ?? turn.snapshot.turnId;
    const { message, logLine, entry } = applyTurnOutcome(turn, result, prefix, conversationId);
    this.log(logLine);
    this.deps.post(message);
    this.checkpoint.cancel();
    this.deps.onConversationChange?.();
    if (!sent) return;
    this.ledger.add(entry);
    this.deps.onTurnRecorded?.(entry);
  }
}
