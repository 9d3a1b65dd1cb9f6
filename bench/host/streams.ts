/**
 * One answer read two ways, against the same server and scenario: "ours" is the extension's path (the real SDK
 * through the provider adapter, StreamSession, ChatEngine and its DeltaCoalescer, to a stand-in panel that validates
 * each message as ChatView.post does and stamps it), "bare" is the SDK alone (`for await` over the stream,
 * concatenating the text). Both record when the text reached each length, on the clock the server stamps with.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { ChatEngine } from '../../src/core/chatEngine';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import { PanelWindow } from '../../src/core/panelWindow';
import type { HostMessage } from '../../src/core/protocol';
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import type { ProviderFactory } from '../../src/core/provider';
import { o200kCounter } from '../../src/core/tokenizer';
import { DeliveringPanel } from './deliveringPanel';
import { stampNow } from './clock';
import { StandInPanel, type Arrival } from './standInPanel';
import type { StampedServer } from './serverClient';

export type Wire = 'openai' | 'anthropic';
/**
 * ours: the engine without flow control (the DeltaCoalescer's ≤ 4 ms gap); flow: the engine with the PanelWindow the
 * extension ships, its posts delivered by a stand-in page (deliveringPanel.ts); bare: the SDK's own loop.
 */
export type Reader = 'ours' | 'flow' | 'bare';
export type { Arrival } from './standInPanel';
export { StandInPanel } from './standInPanel';

export interface ReadResult {
  arrivals: Arrival[];
  /** Ours only: when the provider adapter sank the text (before StreamSession and the coalescer). */
  adapterArrivals?: Arrival[];
  text: string;
  /** Ours only: the delta messages posted to the panel. */
  messages?: number;
  /** Stamped just before the request was made. */
  startedAt: number;
  endedAt: number;
}

export interface ReadOptions {
  wire: Wire;
  /** Unique per run: the server's stamps are looked up by it. */
  model: string;
  prompt: string;
  signal?: AbortSignal;
  /** Ours only: stamp the adapter's deltas too (--split; a stamp and a wrapper call per event, so not in CPU runs by default). */
  split?: boolean;
  /** Called once the first text arrived (the cancel runs use it to aim at a point of the stream). */
  onText?: (length: number) => void;
}

const KEY = 'bench-key-not-a-secret';
const MAX_OUTPUT = 100_000;

/** The adapter as the engine loads it, stamping each text delta it sinks: splits ours into SDK + adapter and the rest. */
function stampedFactory(factory: ProviderFactory, arrivals: Arrival[]): ProviderFactory {
  return (config) => {
    const provider = factory(config);
    return {
      ...provider,
      stream(request, signal, sink) {
        let length = 0;
        return provider.stream(request, signal, (event) => {
          if (event.type === 'delta') {
            length += event.text.length;
            arrivals.push({ at: stampNow(), length });
          }
          sink(event);
        });
      },
    };
  };
}

/** One loader for every engine, as the extension has: once the tokenizer is loaded, questions are estimated at once. */
const loadTokenCounter = async () => o200kCounter;

/** A ChatEngine wired as the extension wires it, minus VS Code: settings, key, provider loading, the panel. */
export function benchEngine(server: StampedServer, wire: Wire, model: string, panel: StandInPanel, adapterArrivals?: Arrival[], flow?: PanelWindow): ChatEngine {
  const engine: ChatEngine = new ChatEngine({
    post: (m) => panel.post(m),
    ...(flow ? { flow } : {}),
    settings: () => ({
      provider: wire, model, baseUrl: wire === 'openai' ? server.openaiBaseUrl : server.anthropicBaseUrl,
      maxOutputTokens: MAX_OUTPUT, maxInputTokens: 32_000, idleTimeoutMs: 30_000, totalTimeoutMs: 300_000, prices: DEFAULT_PRICES,
    }),
    getApiKey: async () => KEY,
    loadProvider: async (id) => {
      const factory = id === 'anthropic' ? createAnthropicProvider : createOpenAIProvider;
      return adapterArrivals ? stampedFactory(factory, adapterArrivals) : factory;
    },
    loadTokenCounter,
    // The extension saves the exported conversation here (to workspaceState); the export is the host's work.
    onConversationChange: () => void engine.exportConversation(),
  });
  return engine;
}

/** `paced`: the engine runs with the shipped PanelWindow, and the stand-in panel's posts are delivered as VS Code's are. */
export async function readOurs(server: StampedServer, o: ReadOptions, paced = false): Promise<ReadResult> {
  const panel = paced ? new DeliveringPanel() : new StandInPanel();
  panel.onText = o.onText;
  const adapterArrivals = o.split ? [] : undefined;
  const engine = benchEngine(server, o.wire, o.model, panel, adapterArrivals, paced ? new PanelWindow() : undefined);
  o.signal?.addEventListener('abort', () => void engine.cancel(), { once: true });
  const startedAt = stampNow();
  await engine.ask(o.prompt);
  const end = panel.messages.filter((m) => m.type !== 'turn-estimate').at(-1);
  if (!o.signal?.aborted && end?.type !== 'turn-end') throw new Error(`ours: the turn ended with ${end?.type} ${JSON.stringify(end).slice(0, 300)}`);
  const text = panel.messages.filter((m): m is Extract<HostMessage, { type: 'delta' }> => m.type === 'delta').map((m) => m.text).join('');
  return { arrivals: panel.arrivals, adapterArrivals, text, messages: panel.arrivals.length, startedAt, endedAt: stampNow() };
}

/** The same request the adapters make, read with nothing around the SDK. */
export async function readBare(server: StampedServer, o: ReadOptions): Promise<ReadResult> {
  const arrivals: Arrival[] = [];
  let text = '';
  const got = (piece: string | undefined) => {
    if (!piece) return;
    text += piece;
    arrivals.push({ at: stampNow(), length: text.length });
    o.onText?.(text.length);
  };
  const startedAt = stampNow();
  const messages = [{ role: 'user' as const, content: o.prompt }];
  try {
    if (o.wire === 'openai') {
      const client = new OpenAI({ apiKey: KEY, baseURL: server.openaiBaseUrl, maxRetries: 0 });
      const stream = await client.chat.completions.create(
        { model: o.model, messages: [{ role: 'system', content: 'You explain code.' }, ...messages], max_completion_tokens: MAX_OUTPUT, stream: true, stream_options: { include_usage: true } },
        { signal: o.signal },
      );
      for await (const chunk of stream) got(chunk.choices[0]?.delta?.content ?? undefined);
    } else {
      const client = new Anthropic({ apiKey: KEY, baseURL: server.anthropicBaseUrl, maxRetries: 0 });
      const stream = await client.messages.create({ model: o.model, system: 'You explain code.', max_tokens: MAX_OUTPUT, messages, stream: true }, { signal: o.signal });
      for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') got(event.delta.text);
    }
  } catch (err) {
    if (!o.signal?.aborted) throw err;
  }
  return { arrivals, text, startedAt, endedAt: stampNow() };
}

export const read = (reader: Reader, server: StampedServer, o: ReadOptions): Promise<ReadResult> =>
  reader === 'bare' ? readBare(server, o) : readOurs(server, o, reader === 'flow');
