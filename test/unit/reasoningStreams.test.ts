import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { DEFAULT_PRICES, findPrice, type ModelPrice } from '../../src/core/pricing';
import type { Provider, ProviderRequest } from '../../src/core/provider';
import type { StreamEvent } from '../../src/core/streamEvents';
import { REDACTED_THINKING } from '../../src/core/streamSession';
import { fixturesDir, transcriptPath } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { collectEvents, providerFor, sessionFor } from './helpers';

const compat = (name: string) => `${fixturesDir()}/compat/${name}.sse`;
const REQUEST: ProviderRequest = { model: 'reasoner', system: 'You explain code.', messages: [{ role: 'user', content: 'Explain `x + 1`.' }], maxOutputTokens: 1024 };

/** Every event a real SDK-backed adapter sinks for one request. */
async function events(provider: Provider, request: ProviderRequest = REQUEST): Promise<StreamEvent[]> {
  return collectEvents((sink) => provider.stream(request, new AbortController().signal, sink));
}

const joined = (evs: StreamEvent[], type: 'thinking' | 'delta') => evs.map((e) => (e.type === type ? e.text : '')).join('');

/** The transcript's own record of what it carries, read straight off its `data:` lines (the oracle, not the adapter). */
function wireFields(file: string): { reasoning: string; content: string } {
  let reasoning = '';
  let content = '';
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const delta = (JSON.parse(line.slice(6)) as { choices?: Array<{ delta?: Record<string, unknown> }> }).choices?.[0]?.delta ?? {};
    const r = delta.reasoning_content ?? delta.reasoning;
    if (typeof r === 'string') reasoning += r;
    if (typeof delta.content === 'string') content += delta.content;
  }
  return { reasoning, content };
}

describe('reasoning from every source, through the real SDKs against the local server', () => {
  let server: ProviderServer;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });

  describe('Anthropic extended thinking', () => {
    const THINKING = 'The user is asking for weather information for Florence, Italy. I have access to a weather function that takes a location parameter. The user has provided the location as "Florence, Italy" which is specific enough for the weather function. I have all the required parameters to make the function call.';
    const SIGNATURE_START = 'EtYDCkYICxgCKkAVHEWRYo6RgSMs4ZZDX4gW16kdfp2EIXftcLesVephGa';

    for (const chunkBytes of [undefined, 7, 1]) {
      it(`thinking_delta → thinking events, the signed block whole, the text apart${chunkBytes ? ` (${chunkBytes}-byte writes)` : ''}`, async () => {
        server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-thinking.ASSEMBLED', chunkBytes });
        const evs = await events(providerFor(server, 'anthropic'));
        assert.equal(joined(evs, 'thinking'), THINKING);
        assert.ok(!joined(evs, 'delta').includes('Florence, Italy. I have'), 'no thinking in the answer');
        assert.match(joined(evs, 'delta'), /^The current weather in Florence/);
        const blocks = evs.filter((e) => e.type === 'thinkingBlock');
        assert.equal(blocks.length, 1);
        const block = blocks[0].type === 'thinkingBlock' ? blocks[0].block : undefined;
        assert.equal(block?.type, 'thinking');
        if (block?.type !== 'thinking') return;
        assert.equal(block.thinking, THINKING);
        assert.ok(block.signature.startsWith(SIGNATURE_START) && block.signature.endsWith('VeDhPFVAYAQ=='), 'the signature, whole');
        // Thinking streams first, the block is complete before the first answer token.
        assert.ok(evs.findIndex((e) => e.type === 'thinkingBlock') < evs.findIndex((e) => e.type === 'delta'));
        const usage = evs.find((e) => e.type === 'usage');
        assert.equal(usage?.type === 'usage' ? usage.reasoningTokens : 'no usage', undefined, 'Anthropic reports no thinking token count');
      });
    }

    it('redacted_thinking → a "redacted" thinking event and the block with its data, no text in the answer', async () => {
      server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-redacted-thinking.SYNTHETIC', chunkBytes: 5 });
      const evs = await events(providerFor(server, 'anthropic'));
      const data = (JSON.parse(fs.readFileSync(transcriptPath('anthropic-messages-redacted-thinking.SYNTHETIC'), 'utf8')
        .split('\n').find((l) => l.includes('"redacted_thinking"'))!.slice(6)) as { content_block: { data: string } }).content_block.data;
      assert.deepEqual(evs.filter((e) => e.type === 'thinking'), [{ type: 'thinking', text: '', redacted: true }]);
      assert.deepEqual(evs.filter((e) => e.type === 'thinkingBlock'), [{ type: 'thinkingBlock', block: { type: 'redacted_thinking', data } }]);
      assert.equal(joined(evs, 'delta'), 'Some of my reasoning was flagged and encrypted, but the answer is unaffected: `x + 1` adds one to `x`.');
      server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-redacted-thinking.SYNTHETIC' });
      const heard: Array<[string, boolean | undefined]> = [];
      await sessionFor(server, 'anthropic').run({ onThinking: (text, redacted) => heard.push([text, redacted]) });
      assert.deepEqual(heard, [[REDACTED_THINKING, true]], 'the session passes "redacted" on to its listener, with a note for the panel');
    });

    it('a stream cut after its thinking is not retried (the thinking was shown): interrupted, thinking and its signed block kept', async () => {
      // The whole thinking block, then the connection ends before any answer text.
      const whole = fs.readFileSync(transcriptPath('anthropic-messages-thinking.ASSEMBLED'), 'utf8');
      const cut = whole.slice(0, whole.indexOf('event: content_block_start', whole.indexOf('event: content_block_stop')));
      server.enqueue({ kind: 'raw', body: cut }, { kind: 'replay', transcript: 'anthropic-messages-thinking.ASSEMBLED' });
      const result = await sessionFor(server, 'anthropic').run();
      assert.equal(result.status, 'error');
      assert.equal(result.error?.kind, 'interrupted');
      assert.equal(result.attempts, 1, 'a retry would show the thinking a second time');
      assert.equal(result.thinking, THINKING);
      assert.equal(result.blocks?.length, 1);
      assert.equal(result.blocks?.[0].type === 'thinking' && result.blocks[0].thinking, THINKING);
      assert.equal(result.text, '');
    });
  });

  describe('OpenAI-compatible servers', () => {
    for (const [name, source] of [['zai-chat-reasoning-content-glm-4.7-flash', 'reasoning_content'], ['openrouter-chat-reasoning-grok-4.1-fast', 'reasoning']] as const) {
      for (const chunkBytes of [undefined, 3]) {
        it(`delta.${source} → thinking, content → the answer, both exact (${name}${chunkBytes ? `, ${chunkBytes}-byte writes` : ''})`, async () => {
          const want = wireFields(compat(name));
          assert.ok(want.reasoning.length > 100 && want.content.length > 0, 'the transcript has both');
          server.enqueue({ kind: 'replay', transcript: compat(name), chunkBytes });
          let thinking = '';
          const result = await sessionFor(server, 'openai').run({ onThinking: (t) => (thinking += t) });
          assert.equal(result.status, 'done', result.error?.message);
          assert.equal(thinking, want.reasoning);
          assert.equal(result.text, want.content);
        });
      }
    }

    it('z.ai: reasoning_tokens → usage.reasoningTokens, billed as output (inside completion_tokens, not on top)', async () => {
      server.enqueue({ kind: 'replay', transcript: compat('zai-chat-reasoning-content-glm-4.7-flash') });
      const price: ModelPrice = { input: 1, output: 10, cacheRead: 0.1 };
      const result = await sessionFor(server, 'openai', { priceFor: () => price }).run();
      assert.deepEqual(
        { in: result.usage.inputTokens, out: result.usage.outputTokens, cached: result.usage.cacheReadTokens, reasoning: result.usage.reasoningTokens },
        { in: 266, out: 71, cached: 177, reasoning: 49 },
      );
      assert.equal(result.costUsd, ((266 - 177) * 1 + 177 * 0.1 + 71 * 10) / 1e6);
    });

    it('OpenRouter: reasoning_tokens counted, the reported cost used as is', async () => {
      server.enqueue({ kind: 'replay', transcript: compat('openrouter-chat-reasoning-grok-4.1-fast') });
      const result = await sessionFor(server, 'openai').run();
      assert.equal(result.usage.reasoningTokens, 165);
      assert.equal(result.usage.outputTokens, 167);
      assert.equal(result.costBasis, 'reported');
      assert.equal(result.costUsd, 0.0000919);
    });
  });

  describe('Chat Completions usage', () => {
    it('o4-mini: completion_tokens_details.reasoning_tokens → reasoningTokens; cost bills them once, as output', async () => {
      server.enqueue({ kind: 'replay', transcript: 'openai-chat-reasoning-tokens-o4-mini' });
      // o4-mini's list price (USD per million tokens); not in the default table.
      const price: ModelPrice = { input: 1.1, cacheRead: 0.275, output: 4.4 };
      const result = await sessionFor(server, 'openai', { priceFor: () => price }).run();
      assert.equal(result.text, 'Olá!');
      assert.equal(result.usage.reasoningTokens, 64);
      assert.equal(result.usage.outputTokens, 84);
      assert.equal(result.costUsd, (19 * 1.1 + 84 * 4.4) / 1e6);
    });

    it('a model that reports reasoning_tokens: 0 has no reasoning count', async () => {
      server.enqueue({ kind: 'replay', transcript: 'openai-chat-include-usage-gpt-4o-mini' });
      const result = await sessionFor(server, 'openai', { priceFor: (m) => findPrice(DEFAULT_PRICES, 'openai', m) }).run();
      assert.equal(result.usage.reasoningTokens, undefined);
    });
  });

  describe('<think> in the content (Ollama, LM Studio)', () => {
    const THINK = '\nThe user wants `x + 1` explained. It is an addition; nothing can throw.\n';
    const ANSWER = '`x + 1` adds one to `x` and returns the sum.';

    for (const chunkBytes of [undefined, 1]) {
      it(`the recorded shape: thinking and answer exact${chunkBytes ? ' (1-byte writes)' : ''}`, async () => {
        server.enqueue({ kind: 'replay', transcript: compat('ollama-chat-think-tags.SYNTHETIC'), chunkBytes });
        const evs = await events(providerFor(server, 'openai'));
        assert.equal(joined(evs, 'thinking'), THINK);
        assert.equal(joined(evs, 'delta'), ANSWER);
      });
    }

    it('the content cut into two deltas at every byte, each stream through the real SDK', async () => {
      const content = `<think>${THINK}</think>\n\n${ANSWER}`;
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'qwen3:8b', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      for (let i = 0; i <= content.length; i++) {
        const body = chunk({ role: 'assistant', content: content.slice(0, i) }) + chunk({ content: content.slice(i) }) + chunk({}, 'stop') + 'data: [DONE]\n\n';
        server.enqueue({ kind: 'raw', body });
        const evs = await events(providerFor(server, 'openai'));
        assert.equal(joined(evs, 'thinking'), THINK, `cut at ${i}`);
        assert.equal(joined(evs, 'delta'), ANSWER, `cut at ${i}`);
      }
    });
  });
});
