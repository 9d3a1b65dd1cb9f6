import * as assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Provider } from '../../src/core/provider';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { generatedTokens } from '../server/sseWriters';
import { providerFor, sessionFor, TEST_KEY } from './helpers';

/**
 * The adapters push each event into the session's sink from inside their loop over the SDK's stream (issue 13). An
 * async generator between them cost a few promises per event (4 per token, measured at the generator version) and
 * the microtask rounds to resolve them; CPU per token is bench:host's to measure, but whether a hop came back is a
 * count: promises created over one answer, beside the bare SDK loop reading the same answer.
 */

const TOKENS = 1000;
type Wire = 'openai' | 'responses' | 'anthropic';

/** Promises created while `f` runs (the local server's own included: it writes the same answer for both readers). */
async function promisesDuring(f: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const hook = createHook({ init: (_id, type) => { if (type === 'PROMISE') n++; } });
  hook.enable();
  try {
    await f();
  } finally {
    hook.disable();
  }
  return n;
}

/** The SDK's own loop over the same request, nothing around it: the text, concatenated. */
async function bare(server: ProviderServer, wire: Wire): Promise<string> {
  let text = '';
  const messages = [{ role: 'user' as const, content: 'Explain `x + 1`.' }];
  if (wire === 'anthropic') {
    const client = new Anthropic({ apiKey: TEST_KEY, baseURL: server.anthropicBaseUrl, maxRetries: 0 });
    const stream = await client.messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 1024, messages, stream: true });
    for await (const ev of stream) if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') text += ev.delta.text;
    return text;
  }
  const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.openaiBaseUrl, maxRetries: 0 });
  if (wire === 'responses') {
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: messages, max_output_tokens: 1024, stream: true });
    for await (const ev of stream) if (ev.type === 'response.output_text.delta') text += ev.delta;
    return text;
  }
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_completion_tokens: 1024, stream: true, stream_options: { include_usage: true } });
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

/** The extension's path to the listener: the real adapter and a StreamSession. */
async function ours(server: ProviderServer, wire: Wire): Promise<string> {
  const provider: Provider = wire === 'responses' ? providerFor(server, 'openai', undefined, { api: 'responses' }) : providerFor(server, wire);
  const result = await sessionFor(server, wire === 'anthropic' ? 'anthropic' : 'openai', { provider }).run();
  assert.equal(result.status, 'done');
  return result.text;
}

describe('adapter → session: events pushed, no async hop per event', function () {
  this.timeout(60_000);
  let server: ProviderServer;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });

  for (const wire of ['openai', 'responses', 'anthropic'] as const) {
    it(`${wire}: StreamSession over the adapter creates no more promises per token than the bare SDK loop`, async () => {
      const read = async (reader: typeof bare) => {
        server.enqueue({ kind: 'script', tokens: TOKENS, ttftMs: 0 });
        let text = '';
        const promises = await promisesDuring(async () => { text = await reader(server, wire); });
        assert.equal(text, generatedTokens(TOKENS).join(''));
        return promises / TOKENS;
      };
      // Once each first: the first reads create their SDK's lazily built parts.
      await read(bare);
      await read(ours);
      const bareLoop = await read(bare);
      const session = await read(ours);
      // Same chunks, same SDK work: equal but for a few per answer (the body tap, the session's own awaits).
      assert.ok(session - bareLoop < 0.5, `${session.toFixed(2)} promises per token against the bare loop's ${bareLoop.toFixed(2)}`);
    });
  }
});
