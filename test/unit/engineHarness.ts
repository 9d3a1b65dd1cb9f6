import { ChatEngine, type ChatEngineDeps, type EngineSettings } from '../../src/core/chatEngine';
import { formatRetryWait } from '../../src/core/format';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import type { HostMessage } from '../../src/core/protocol';
import { parseHostMessage } from '../../src/core/protocolParse';
import type { ProviderId } from '../../src/core/provider';
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createAzureProvider } from '../../src/core/providers/azureProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import { o200kCounter } from '../../src/core/tokenizer';
import type { ProviderServer } from '../server/providerServer';
import { TEST_KEY } from './helpers';

type Msg<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

/** A ChatEngine wired to the local server, recording what it posts to the panel and logs. */
export class EngineHarness {
  readonly posted: HostMessage[] = [];
  readonly logs: string[] = [];
  readonly missingKey: ProviderId[] = [];
  settings: EngineSettings;
  key: string | undefined = TEST_KEY;
  readonly engine: ChatEngine;
  /** What `post` returns for each message: its delivery, which the flow window waits on (nothing by default). */
  deliver: ((m: HostMessage) => PromiseLike<unknown>) | undefined;

  constructor(server: ProviderServer, provider: ProviderId = 'openai', overrides: Partial<EngineSettings> = {}, deps: Partial<ChatEngineDeps> = {}) {
    this.settings = {
      provider,
      model: provider === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-20250514',
      baseUrl: provider === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl,
      maxOutputTokens: 512, maxInputTokens: 32_000, idleTimeoutMs: 5000, totalTimeoutMs: 60_000,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 2000 },
      prices: DEFAULT_PRICES,
      ...overrides,
    };
    this.engine = new ChatEngine({
      post: (m) => {
        if (!parseHostMessage(JSON.parse(JSON.stringify(m)))) throw new Error(`invalid message posted: ${JSON.stringify(m)}`);
        this.posted.push(m);
        return this.deliver?.(m);
      },
      settings: () => this.settings,
      getApiKey: async () => this.key,
      loadProvider: async (id) => (id === 'openai' ? createOpenAIProvider : id === 'azure' ? createAzureProvider : createAnthropicProvider),
      loadTokenCounter: async () => o200kCounter,
      onMissingKey: (p) => this.missingKey.push(p),
      log: (line) => this.logs.push(line),
      ...deps,
    });
  }

  /** The one turn's outcome as the panel saw it. */
  lastEnd(): Msg<'turn-end'> | Msg<'turn-error'> {
    const end = [...this.posted].reverse().find((m): m is Msg<'turn-end'> | Msg<'turn-error'> => m.type === 'turn-end' || m.type === 'turn-error');
    if (!end) throw new Error('no turn ended');
    return end;
  }

  shownText(turnId: string): string {
    return this.posted.filter((m): m is Msg<'delta'> => m.type === 'delta' && m.turnId === turnId).map((m) => m.text).join('');
  }

  statuses(): string[] {
    return this.posted.filter((m): m is Msg<'turn-status'> => m.type === 'turn-status').map((m) => (m.retry ? `${m.text} ${formatRetryWait(m.retry.inMs, m.retry.attempt, m.retry.maxAttempts)}` : m.text));
  }

  ends(): Array<Msg<'turn-end'> | Msg<'turn-error'>> {
    return this.posted.filter((m): m is Msg<'turn-end'> | Msg<'turn-error'> => m.type === 'turn-end' || m.type === 'turn-error');
  }
}

/** Timers and sockets alive in this process, for leak checks. */
export function liveHandles(): { timers: number; sockets: number } {
  const info = process.getActiveResourcesInfo();
  return { timers: info.filter((r) => r === 'Timeout').length, sockets: info.filter((r) => r === 'TCPSocketWrap').length };
}

/**
 * Waits until the process holds no more timers and sockets than `before` (connections take a moment to close on
 * both ends), then returns what is live; the caller asserts on it.
 */
export async function settledHandles(before: { timers: number; sockets: number }, ms = 5000): Promise<{ timers: number; sockets: number }> {
  const end = Date.now() + ms;
  let now = liveHandles();
  while ((now.timers > before.timers || now.sockets > before.sockets) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    now = liveHandles();
  }
  return now;
}
