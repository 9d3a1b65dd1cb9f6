import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import type { Provider, ProviderId, StreamSink } from '../../src/core/provider';
import type { StreamEvent } from '../../src/core/streamEvents';
import type { OpenAIOptions } from '../../src/core/providers/openaiOptions';
import { DEFAULT_PRICES, findPrice } from '../../src/core/pricing';
import { StreamSession, type SessionOptions } from '../../src/core/streamSession';
import { o200kCounter } from '../../src/core/tokenizer';
import type { ProviderServer } from '../server/providerServer';

export const TEST_KEY = 'test-key-not-a-secret';

/** Every event a push stream sinks, in order, once its promise resolved (a rejection is passed on). */
export async function collectEvents(stream: (sink: StreamSink) => Promise<void>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  await stream((ev) => out.push(ev));
  return out;
}

/** A real SDK-backed provider pointed at the local server (OpenAI: `openai` picks the wire API, Chat Completions by default). */
export function providerFor(server: ProviderServer, id: ProviderId, apiKey = TEST_KEY, openai?: OpenAIOptions): Provider {
  return id === 'openai'
    ? createOpenAIProvider({ apiKey, baseUrl: server.openaiBaseUrl, ...(openai ? { openai } : {}) })
    : createAnthropicProvider({ apiKey, baseUrl: server.anthropicBaseUrl });
}

export function sessionFor(
  server: ProviderServer,
  id: ProviderId,
  overrides: Partial<SessionOptions> & { model?: string; prompt?: string } = {},
): StreamSession {
  const { model, prompt, ...rest } = overrides;
  const m = model ?? (id === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-20250514');
  return new StreamSession({
    provider: providerFor(server, id),
    request: { model: m, system: 'You explain code.', messages: [{ role: 'user', content: prompt ?? 'Explain `x + 1`.' }], maxOutputTokens: 1024 },
    priceFor: (name) => findPrice(DEFAULT_PRICES, id, name),
    loadTokenCounter: async () => o200kCounter,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 1000 },
    ...rest,
  });
}

/** Resolves once `predicate` holds, polling; rejects after `ms`. */
export async function until(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
