import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { countRequestTokens, estimateRequest } from '../../src/core/costEstimate';
import { formatEstimate, formatMaxCost } from '../../src/core/format';
import { SYSTEM_PROMPT } from '../../src/core/promptBuilder';
import type { HostMessage } from '../../src/core/protocol';
import type { ChatMessage } from '../../src/core/provider';
import { o200kCounter } from '../../src/core/tokenizer';
import { transcriptPath } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';
import { sessionFor } from './helpers';

type Recorded = { system: string; messages: ChatMessage[] };

/** The prompt a recording was made with, from its .meta.json (both APIs' shapes: a system message or a system field). */
function recordedPrompt(name: string): Recorded {
  const meta = JSON.parse(fs.readFileSync(`${transcriptPath(name)}.meta.json`, 'utf8')) as { request_body: string };
  const body = JSON.parse(meta.request_body) as { system?: Array<{ text: string }>; messages: Array<{ role: string; content: string | Array<{ text: string }> }> };
  const text = (c: string | Array<{ text: string }>) => (typeof c === 'string' ? c : c.map((b) => b.text).join(''));
  const system = body.system ? body.system.map((b) => b.text).join('') : text(body.messages.find((m) => m.role === 'system')!.content);
  const messages = body.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as ChatMessage['role'], content: text(m.content) }));
  return { system, messages };
}

describe('cost before sending: the estimate of what a request would cost at most', () => {
  let server: ProviderServer;
  before(async () => (server = await startProviderServer({ defaultScenario: { kind: 'script', text: 'A Map keeps insertion order.', tokensPerSecond: 2000 } })));
  after(() => server.close());

  /** What the provider counted for the recording, read through the real SDK from the replayed stream. */
  async function reportedInput(provider: 'openai' | 'anthropic', transcript: string): Promise<number> {
    server.enqueue({ kind: 'replay', transcript });
    const result = await sessionFor(server, provider).run();
    assert.equal(result.usage.estimated, false);
    return result.usage.inputTokens;
  }

  it('on the recorded prompts: OpenAI gpt-4o-mini 20 tokens estimated against 20 reported (exact); Anthropic claude-sonnet-4 20 against 16 (+25 %, o200k is not Claude’s tokenizer)', async () => {
    const cases = [
      { provider: 'openai' as const, transcript: 'openai-chat-include-usage-gpt-4o-mini', estimate: 20, reported: 20 },
      { provider: 'anthropic' as const, transcript: 'anthropic-messages-basic-sonnet-4', estimate: 20, reported: 16 },
    ];
    for (const c of cases) {
      const prompt = recordedPrompt(c.transcript);
      const estimated = countRequestTokens(prompt.system, prompt.messages, o200kCounter);
      const reported = await reportedInput(c.provider, c.transcript);
      assert.equal(reported, c.reported, `${c.transcript}: the provider's count`);
      assert.equal(estimated, c.estimate, `${c.transcript}: our estimate`);
      // Never under: the estimate is the base of "at most".
      assert.ok(estimated >= reported, `${c.transcript}: ${estimated} < ${reported}`);
    }
  });

  it('the most it can cost: every input token at the input price plus maxOutputTokens of output (hand-computed)', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'Explain this code.' }];
    const inputTokens = countRequestTokens('You explain code.', messages, o200kCounter);
    // 3 priming + (4 framing + 4) system + (4 framing + 4) user
    assert.equal(o200kCounter.count('You explain code.'), 4);
    assert.equal(o200kCounter.count('Explain this code.'), 4);
    assert.equal(inputTokens, 19);
    const e = estimateRequest({ system: 'You explain code.', messages, maxOutputTokens: 2048, price: { input: 3, output: 15 }, basis: 'priced', counter: o200kCounter });
    // 19 × $3/M + 2,048 × $15/M = $0.000057 + $0.03072
    assert.deepEqual(e, { inputTokens: 19, maxCostUsd: 0.030777, costBasis: 'priced' });
    assert.equal(formatEstimate(e), '≈ 19 tokens in · at most $0.04');
  });

  it('an unpriced model reads "price unknown"; a local server or a plan shows the tokens alone; a priced model on a local proxy is priced', () => {
    const base = { system: 'S', messages: [{ role: 'user' as const, content: 'Q' }], maxOutputTokens: 100, counter: o200kCounter };
    assert.equal(formatEstimate(estimateRequest({ ...base, price: undefined, basis: 'priced' })), '≈ 13 tokens in · price unknown');
    assert.equal(formatEstimate(estimateRequest({ ...base, price: undefined, basis: 'local' })), '≈ 13 tokens in');
    assert.equal(formatEstimate(estimateRequest({ ...base, price: undefined, basis: 'included' })), '≈ 13 tokens in');
    assert.equal(estimateRequest({ ...base, price: { input: 1, output: 1 }, basis: 'local' }).costBasis, 'priced');
  });

  it('formats the bound rounded up, thousands separated: "≈ 2,340 tokens in · at most $0.03"', () => {
    assert.equal(formatEstimate({ inputTokens: 2340, maxCostUsd: 0.0251, costBasis: 'priced' }), '≈ 2,340 tokens in · at most $0.03');
    assert.equal(formatMaxCost(0.03), '$0.03');
    assert.equal(formatMaxCost(0.00123), '$0.0013');
    assert.equal(formatMaxCost(0.00001), '<$0.0001');
    assert.equal(formatEstimate({ inputTokens: 1, maxCostUsd: 0, costBasis: 'priced' }), '≈ 1 token in · at most $0.00');
  });

  describe('through the engine', () => {
    type Estimate = Extract<HostMessage, { type: 'draft-estimate' }>;
    const drafts = (h: EngineHarness) => h.posted.filter((m): m is Estimate => m.type === 'draft-estimate');

    it('a draft is estimated as the engine would send it: system prompt, the conversation so far, then the draft', async () => {
      const h = new EngineHarness(server, 'anthropic');
      await h.engine.handle({ type: 'draft', text: 'Why a Map?', seq: 1 });
      const empty = drafts(h)[0];
      assert.equal(empty.seq, 1);
      assert.equal(empty.estimate.inputTokens, countRequestTokens(SYSTEM_PROMPT, [{ role: 'user', content: 'Why a Map?' }], o200kCounter));

      await h.engine.explain({ code: 'const cache = new Map<string, number>();', language: 'typescript' });
      await h.engine.handle({ type: 'draft', text: '  Why a Map?  ', seq: 2 });
      const after = drafts(h)[1];
      const history = h.engine.conversation.history(h.settings.maxInputTokens);
      assert.equal(history.length, 2, 'the explained turn and its answer');
      assert.equal(after.estimate.inputTokens, countRequestTokens(SYSTEM_PROMPT, [...history, { role: 'user', content: 'Why a Map?' }], o200kCounter));
      // The conversation adds exactly its two messages: their tokens and 4 framing tokens each.
      assert.equal(after.estimate.inputTokens - empty.estimate.inputTokens, 8 + o200kCounter.count(history[0].content) + o200kCounter.count(history[1].content));
      assert.match(history[0].content, /new Map<string, number>/);
      // claude-sonnet-4 at $3 in / $15 out, 512 output tokens at most.
      assert.equal(after.estimate.maxCostUsd, (after.estimate.inputTokens * 3 + 512 * 15) / 1_000_000);
    });

    it('an empty draft is not estimated; an unpriced model’s draft says so', async () => {
      const h = new EngineHarness(server, 'openai', { model: 'my-own-model', baseUrl: 'https://example.invalid/v1' });
      await h.engine.handle({ type: 'draft', text: '   ', seq: 4 });
      assert.equal(drafts(h).length, 0);
      await h.engine.handle({ type: 'draft', text: 'Hello', seq: 5 });
      assert.deepEqual({ ...drafts(h)[0].estimate, inputTokens: 0 }, { inputTokens: 0, maxCostUsd: null, costBasis: 'priced' });
    });

    it('the first request never waits for the tokenizer: it is loaded after the turn ended, and the figures are then saved', async () => {
      let loads = 0;
      let postedAtLoad: string[] = [];
      const saved: boolean[] = [];
      const h: EngineHarness = new EngineHarness(server, 'openai', {}, {
        loadTokenCounter: async () => {
          loads++;
          postedAtLoad = h.posted.map((m) => m.type);
          return o200kCounter;
        },
        onConversationChange: () => saved.push(h.engine.exportTurns()[0]?.snapshot.prompt.estimate !== undefined),
      });
      server.enqueue({ kind: 'script', text: 'A short answer.' });
      await h.engine.ask('What does it do?');
      assert.equal(loads, 1);
      assert.ok(postedAtLoad.includes('turn-end'), `the tokenizer was loaded after the turn ended (posted by then: ${postedAtLoad.join(', ')})`);
      assert.deepEqual(h.posted.map((m) => m.type).slice(-2), ['turn-end', 'turn-estimate']);
      assert.deepEqual(saved.slice(-2), [false, true], 'the ended turn was saved, then saved again with its figures');
    });

    it('once the tokenizer is in memory (a draft was estimated), a sent question gets its figures before its answer', async () => {
      const h = new EngineHarness(server, 'openai');
      await h.engine.handle({ type: 'draft', text: 'What does it do?', seq: 1 });
      server.enqueue({ kind: 'script', text: 'A short answer.' });
      await h.engine.ask('What does it do?');
      const types = h.posted.map((m) => m.type);
      assert.ok(types.indexOf('turn-estimate') < types.indexOf('delta'), types.join(', '));
      const sent = h.posted.find((m): m is Extract<HostMessage, { type: 'turn-estimate' }> => m.type === 'turn-estimate')!;
      assert.equal(sent.estimate.inputTokens, drafts(h)[0].estimate.inputTokens, 'the figures the draft showed');
    });

    it('a sent explanation carries the same figures: turn-estimate, kept on the saved question', async () => {
      const h = new EngineHarness(server, 'openai');
      await h.engine.explain({ code: 'x => x * 2', language: 'javascript' });
      const sent = h.posted.find((m): m is Extract<HostMessage, { type: 'turn-estimate' }> => m.type === 'turn-estimate');
      assert.ok(sent, 'turn-estimate posted');
      const [turn] = h.engine.exportTurns();
      assert.equal(sent.turnId, turn.snapshot.turnId);
      assert.equal(sent.estimate.inputTokens, countRequestTokens(SYSTEM_PROMPT, [{ role: 'user', content: turn.content }], o200kCounter));
      assert.deepEqual(turn.snapshot.prompt.estimate, sent.estimate);
      // Against the local server's own count of the same request: our estimate is what the engine sent.
      assert.equal(server.requests.at(-1)!.body.max_completion_tokens, 512);
    });
  });
});
