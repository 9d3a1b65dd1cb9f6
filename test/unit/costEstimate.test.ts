import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countRequestTokens, estimateRequest } from '../../src/core/costEstimate';
import { formatEstimate, formatMaxCost } from '../../src/core/format';
import { SYSTEM_PROMPT } from '../../src/core/promptBuilder';
import type { HostMessage } from '../../src/core/protocol';
import type { ChatMessage } from '../../src/core/provider';
import { descriptorFor } from '../../src/core/providers/descriptors';
import { o200kCounter } from '../../src/core/tokenizer';
import { transcriptPath } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';
import { providerFor, sessionFor } from './helpers';

type Recorded = { system: string; messages: ChatMessage[] };
type Content = string | Array<{ text: string }>;

/**
 * The prompt a recording was made with, from its .meta.json: a system field (Anthropic), a system message (Chat
 * Completions) or the Responses API's input list.
 */
function recordedPrompt(name: string): Recorded {
  const meta = JSON.parse(fs.readFileSync(`${transcriptPath(name)}.meta.json`, 'utf8')) as { request_body: string };
  const body = JSON.parse(meta.request_body) as { system?: Array<{ text: string }>; messages?: Array<{ role: string; content: Content }>; input?: Array<{ role: string; content: Content }> };
  const text = (c: Content) => (typeof c === 'string' ? c : c.map((b) => b.text).join(''));
  const all = body.messages ?? body.input ?? [];
  const system = body.system ? body.system.map((b) => b.text).join('') : text(all.find((m) => m.role === 'system')!.content);
  const messages = all.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as ChatMessage['role'], content: text(m.content) }));
  return { system, messages };
}

/** Recorded Anthropic prompts with the API's count (test/fixtures/estimate/anthropic-prompt-counts.json names each source). */
const ANTHROPIC_COUNTS = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'estimate', 'anthropic-prompt-counts.json'), 'utf8')) as {
  cases: Array<Recorded & { name: string; reported: number; transcript?: string }>;
}).cases;

/** Signed error of an estimate against the provider's count, in per cent, one decimal. */
const errorPct = (estimated: number, reported: number) => Math.round(((estimated - reported) / reported) * 1000) / 10;

describe('cost before sending: the estimate of what a request would cost at most', () => {
  let server: ProviderServer;
  before(async () => (server = await startProviderServer({ defaultScenario: { kind: 'script', text: 'A Map keeps insertion order.', tokensPerSecond: 2000 } })));
  after(() => server.close());

  /** What the provider counted for the recording, read through the real SDK from the replayed stream. */
  async function reportedInput(provider: 'openai' | 'anthropic', transcript: string, api?: 'responses'): Promise<number> {
    server.enqueue({ kind: 'replay', transcript });
    const result = await sessionFor(server, provider, api ? { provider: providerFor(server, 'openai', undefined, { api }) } : {}).run();
    assert.equal(result.usage.estimated, false);
    return result.usage.inputTokens;
  }

  it('Claude, on every recorded prompt with its count: 16/16, 10/10, 1,114/1,114 (0 %) and a follow-up 1,478 for 1,517 (−2.6 %); the chat framing was the +25 %', async () => {
    // Measured with o200k and Claude's framing (5 per request, 2 per message); with OpenAI's chat framing the same
    // prompts gave 20 (+25 %), 14 (+40 %), 1,118 (+0.4 %) and 1,486 (−2.0 %): a fixed overhead, wrong for Claude.
    // The follow-up's −2.6 % is the tokenizer: its markdown answer is 352 o200k tokens, 391 of Claude's (its recorded
    // output_tokens). Bound: exact under 200 tokens; within ±5 % over 200, which holds the markdown's 11 % density
    // difference diluted in a conversation. Code has no recorded Claude count to measure against (not claimed).
    // The other Anthropic transcripts with a count cannot be used: anthropic-messages-basic (claude-3-opus, 11) and
    // -tool-use (377) come without their request; -thinking's 424 includes tool definitions; the SYNTHETIC ones' are ours.
    const measured: Array<[number, number]> = [[16, 0], [10, 0], [1114, 0], [1478, -2.6]];
    assert.equal(ANTHROPIC_COUNTS.length, measured.length);
    for (const [i, c] of ANTHROPIC_COUNTS.entries()) {
      const estimated = countRequestTokens(c.system, c.messages, o200kCounter, descriptorFor('anthropic').promptFraming);
      if (c.transcript) assert.equal(await reportedInput('anthropic', c.transcript), c.reported, `${c.name}: the count read through the SDK`);
      const error = errorPct(estimated, c.reported);
      assert.deepEqual([estimated, error], measured[i], `${c.name}: ${estimated} estimated for ${c.reported} counted`);
      if (c.reported < 200) assert.equal(estimated, c.reported, c.name);
      else assert.ok(Math.abs(error) <= 5, `${c.name}: ${error} %`);
    }
  });

  it('OpenAI, on the recorded prompts: gpt-4o-mini 20/20 on Chat Completions and on Responses; o4-mini 20 for 19 (+5.3 %, its framing is a token shorter)', async () => {
    const cases = [
      { transcript: 'openai-chat-include-usage-gpt-4o-mini', estimate: 20, reported: 20 },
      { transcript: 'openai-responses-basic', estimate: 20, reported: 20, api: 'responses' as const },
      { transcript: 'openai-chat-reasoning-tokens-o4-mini', estimate: 20, reported: 19 },
    ];
    for (const c of cases) {
      const prompt = recordedPrompt(c.transcript);
      const estimated = countRequestTokens(prompt.system, prompt.messages, o200kCounter, descriptorFor('openai').promptFraming);
      assert.equal(await reportedInput('openai', c.transcript, c.api), c.reported, `${c.transcript}: the provider's count`);
      assert.equal(estimated, c.estimate, `${c.transcript}: our estimate`);
      // Never under on OpenAI: o200k is its tokenizer, and the estimate is the base of "at most".
      assert.ok(estimated >= c.reported, `${c.transcript}: ${estimated} < ${c.reported}`);
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
      const claude = descriptorFor('anthropic').promptFraming;
      assert.equal(empty.estimate.inputTokens, countRequestTokens(SYSTEM_PROMPT, [{ role: 'user', content: 'Why a Map?' }], o200kCounter, claude));

      await h.engine.explain({ code: 'const cache = new Map<string, number>();', language: 'typescript' });
      await h.engine.handle({ type: 'draft', text: '  Why a Map?  ', seq: 2 });
      const after = drafts(h)[1];
      const history = h.engine.conversation.history(h.settings.maxInputTokens);
      assert.equal(history.length, 2, 'the explained turn and its answer');
      assert.equal(after.estimate.inputTokens, countRequestTokens(SYSTEM_PROMPT, [...history, { role: 'user', content: 'Why a Map?' }], o200kCounter, claude));
      // The conversation adds exactly its two messages: their tokens and Claude's 2 framing tokens each.
      assert.equal(after.estimate.inputTokens - empty.estimate.inputTokens, 4 + o200kCounter.count(history[0].content) + o200kCounter.count(history[1].content));
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
      // An event-loop turn after turn-end must pass before the load blocks the thread, so the answer's last messages
      // leave the process first.
      let ioTurnAfterEnd = false;
      let ioTurnBeforeLoad = false;
      let loads = 0;
      let postedAtLoad: string[] = [];
      const saved: boolean[] = [];
      const h: EngineHarness = new EngineHarness(server, 'openai', {}, {
        loadTokenCounter: async () => {
          loads++;
          ioTurnBeforeLoad = ioTurnAfterEnd;
          postedAtLoad = h.posted.map((m) => m.type);
          return o200kCounter;
        },
        onConversationChange: () => saved.push(h.engine.exportTurns()[0]?.snapshot.prompt.estimate !== undefined),
      });
      const push = h.posted.push.bind(h.posted);
      h.posted.push = (...ms: HostMessage[]) => {
        if (ms.some((m) => m.type === 'turn-end')) setImmediate(() => { ioTurnAfterEnd = true; });
        return push(...ms);
      };
      server.enqueue({ kind: 'script', text: 'A short answer.' });
      await h.engine.ask('What does it do?');
      assert.equal(loads, 1);
      assert.ok(postedAtLoad.includes('turn-end'), `the tokenizer was loaded after the turn ended (posted by then: ${postedAtLoad.join(', ')})`);
      assert.ok(ioTurnBeforeLoad, 'the load waited for an event-loop turn after the turn ended');
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
