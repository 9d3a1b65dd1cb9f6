import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostMessage } from '../../src/core/protocol';
import { DEFAULT_PRICES, findPrice } from '../../src/core/pricing';
import { OPENAI_APIS, parseOpenAIOptions, REASONING_EFFORTS } from '../../src/core/providers/openaiOptions';
import { isReasoningModel } from '../../src/core/providers/responsesRequest';
import type { StreamEvent } from '../../src/core/streamEvents';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { fullBody } from '../server/sseWriters';
import { EngineHarness } from './engineHarness';
import { collectEvents, providerFor, sessionFor, until } from './helpers';

type Msg<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;
type InputItem = { type?: string; role: string; content: string };
type ResponsesBody = { model: string; instructions: string; input: InputItem[]; stream: boolean; max_output_tokens: number; store: boolean; reasoning?: unknown };

const RESPONSES = { api: 'responses' } as const;

/** A StreamSession on the Responses adapter against the local server. */
const responsesSession = (server: ProviderServer, model = 'gpt-5.4-mini', effort?: 'minimal' | 'low' | 'medium' | 'high') =>
  sessionFor(server, 'openai', { model, provider: providerFor(server, 'openai', undefined, { api: 'responses', ...(effort ? { reasoningEffort: effort } : {}) }) });


describe('OpenAI Responses API (streamExplain.openai.api = responses) through the real SDK', () => {
  let server: ProviderServer;
  beforeEach(async () => { server = await startProviderServer(); });
  afterEach(async () => { await server.close(); });

  it('a reasoning summary streams as thinking before the answer, its two parts a blank line apart; then usage, then done', async () => {
    server.enqueue({ kind: 'replay', transcript: 'openai-responses-reasoning-summary.SYNTHETIC' });
    const provider = providerFor(server, 'openai', undefined, RESPONSES);
    const events = await collectEvents((sink) => provider.stream({ model: 'gpt-5.4-mini', system: 's', messages: [{ role: 'user', content: 'q' }], maxOutputTokens: 2048 }, new AbortController().signal, sink));
    const kinds = events.map((e) => e.type).filter((t, i, a) => t !== a[i - 1]);
    assert.deepEqual(kinds, ['start', 'thinking', 'delta', 'usage', 'done'], 'all thinking comes before the first answer token');
    assert.deepEqual(events[0], { type: 'start', model: 'gpt-5.4-mini-2026-03-17' });
    const thinking = events.filter((e): e is Extract<StreamEvent, { type: 'thinking' }> => e.type === 'thinking').map((e) => e.text);
    assert.equal(thinking.join(''), [
      '**Reading the reducer**\n\nIt folds the array with `reduce` from 0, so `[]` gives 0.',
      '**Edge cases**\n\nFloat sums drift — worth a note.',
    ].join('\n\n'), 'summary parts joined by one blank line, nothing of the answer in them');
    assert.deepEqual(events.at(-2), { type: 'usage', inputTokens: 1843, outputTokens: 412, cacheReadTokens: 1536, reasoningTokens: 320 });
    assert.deepEqual(events.at(-1), { type: 'done', finishReason: 'stop', rawFinishReason: 'completed' });
  });

  it('cost: cached input at the cached price, reasoning tokens billed as output (they are inside output_tokens)', async () => {
    server.enqueue({ kind: 'replay', transcript: 'openai-responses-reasoning-summary.SYNTHETIC' });
    const result = await responsesSession(server).run();
    const price = findPrice(DEFAULT_PRICES, 'openai', 'gpt-5.4-mini-2026-03-17');
    assert.deepEqual(price, { input: 0.75, cacheRead: 0.075, output: 4.5 });
    // 1843 input of which 1536 cached; 412 output of which 320 reasoning: (307 × 0.75 + 1536 × 0.075 + 412 × 4.5) / 1e6.
    const expected = (307 * 0.75 + 1536 * 0.075 + 412 * 4.5) / 1e6;
    assert.ok(result.costUsd !== null && Math.abs(result.costUsd - expected) < 1e-12, `cost ${result.costUsd} ≠ ${expected}`);
    assert.equal(result.usage.reasoningTokens, 320);
    assert.equal(result.usage.cacheReadTokens, 1536);
    assert.equal(result.usage.estimated, false);
  });

  it('a stream that ends without response.completed is interrupted, the text kept, even right after the last delta', async () => {
    const cut = fullBody('responses', 'One two three.', { terminator: false });
    server.enqueue({ kind: 'raw', body: cut });
    const result = await responsesSession(server).run();
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'interrupted');
    assert.match(result.error?.message ?? '', /ended before the answer was complete/);
    assert.equal(result.error?.detail, 'stream ended without response.completed');
    assert.equal(result.text, 'One two three.');
    assert.equal(result.attempts, 1, 'text was shown: never retried silently');
  });

  it('a connection reset mid-answer is a network error with the text kept', async () => {
    const body = fullBody('responses', 'One two three four five six.');
    server.enqueue({ kind: 'raw', body, resetAfterBytes: body.indexOf('four') + 40 });
    const result = await responsesSession(server).run();
    assert.equal(result.error?.kind, 'network');
    assert.match(result.text, /^One two three/);
  });

  it('response.incomplete at max_output_tokens ends as "length" with its usage', async () => {
    server.enqueue({ kind: 'replay', transcript: 'openai-responses-incomplete-max-output-tokens.SYNTHETIC' });
    const result = await responsesSession(server).run();
    assert.equal(result.status, 'done');
    assert.equal(result.finishReason, 'length');
    assert.equal(result.rawFinishReason, 'max_output_tokens');
    assert.deepEqual([result.usage.outputTokens, result.usage.reasoningTokens], [96, 80]);
  });

  it('response.incomplete for content_filter ends as filtered', async () => {
    const body = fullBody('responses', 'Partial').replace(
      /event: response\.completed\ndata: (.*)\n\n$/,
      (_m, json: string) => {
        const ev = JSON.parse(json) as { type: string; response: Record<string, unknown> };
        ev.type = 'response.incomplete';
        ev.response.status = 'incomplete';
        ev.response.incomplete_details = { reason: 'content_filter' };
        return `event: response.incomplete\ndata: ${JSON.stringify(ev)}\n\n`;
      });
    assert.match(body, /response\.incomplete/);
    server.enqueue({ kind: 'raw', body });
    const result = await responsesSession(server).run();
    assert.equal(result.finishReason, 'content_filter');
    assert.equal(result.rawFinishReason, 'content_filter');
  });

  it('a refusal streams as the answer text and ends as filtered', async () => {
    const body = fullBody('responses', "I can't help with that.").replaceAll('response.output_text.delta', 'response.refusal.delta');
    server.enqueue({ kind: 'raw', body });
    const result = await responsesSession(server).run();
    assert.equal(result.text, "I can't help with that.");
    assert.equal(result.finishReason, 'content_filter');
    assert.equal(result.rawFinishReason, 'completed');
  });

  it('response.failed carries the provider\'s message, classified by its code', async () => {
    server.enqueue({ kind: 'replay', transcript: 'openai-responses-failed-server-error.SYNTHETIC' });
    const result = await responsesSession(server).run();
    assert.equal(result.error?.kind, 'server');
    assert.match(result.error?.message ?? '', /OpenAI said: “The server had an error processing your request\./);
    assert.equal(result.text, '`total` adds the');
  });

  it('an `error` event (insufficient quota) is a quota error with the provider\'s message, not retried', async () => {
    server.enqueue({ kind: 'replay', transcript: 'openai-responses-error-insufficient-quota.REFRAMED' });
    const result = await responsesSession(server).run();
    assert.equal(result.error?.kind, 'quota');
    assert.equal(result.error?.retryable, false);
    assert.match(result.error?.message ?? '', /You exceeded your current quota/);
    assert.equal(server.requests.length, 1);
  });

  it('a failed response before any text (rate limit) is retried, and its message is the provider\'s', async () => {
    const failed = (seq: number) => `event: response.failed\ndata: ${JSON.stringify({
      type: 'response.failed', sequence_number: seq,
      response: { id: 'resp_x', object: 'response', status: 'failed', model: 'gpt-5.4-mini', output: [], usage: null,
        error: { code: 'rate_limit_exceeded', message: 'Request too large for gpt-5.4-mini on tokens per min (TPM): Limit 30000, Requested 35364.' } },
    })}\n\n`;
    server.enqueue({ kind: 'raw', body: failed(0) }, { kind: 'raw', body: failed(0) }, { kind: 'raw', body: failed(0) });
    const result = await responsesSession(server).run();
    assert.equal(result.error?.kind, 'rate_limit');
    assert.match(result.error?.message ?? '', /OpenAI said: “Request too large for gpt-5\.4-mini/);
    assert.equal(result.attempts, 3, 'retryable before the first token');
  });

  it('a failed response with a code the classifier does not know is a refusal with the provider\'s words', async () => {
    const body = `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: 0,
      response: { id: 'resp_y', status: 'failed', model: 'm', output: [], error: { code: 'invalid_prompt', message: 'Invalid prompt: flagged.' } } })}\n\n`;
    server.enqueue({ kind: 'raw', body });
    const result = await responsesSession(server).run();
    assert.equal(result.error?.kind, 'bad_request');
    assert.equal(result.error?.retryable, false);
    assert.match(result.error?.message ?? '', /invalid_prompt.*“Invalid prompt: flagged\.”/);
  });

  it('an HTTP 401 on /v1/responses is an auth error', async () => {
    server.enqueue({ kind: 'http-error', fixture: 'openai-401-invalid-api-key' });
    const result = await responsesSession(server).run();
    assert.equal(result.error?.kind, 'auth');
    assert.equal(server.requests[0].path, '/v1/responses');
  });

  it('cancelling mid-stream closes the HTTP connection and counts the partial answer as estimated', async () => {
    server.enqueue({ kind: 'script', tokens: 2000, tokensPerSecond: 100 });
    const session = responsesSession(server, 'gpt-4o-mini');
    let got = '';
    const run = session.run({ onDelta: (t) => (got += t) });
    await until(() => got.length > 0, 5000, 'first delta');
    session.cancel();
    const result = await run;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.usage.estimated, true);
    await server.requests[0].ended;
    assert.equal(server.requests[0].clientDisconnected, true);
  });

  describe('the request', () => {
    const body = (i = 0) => server.requests[i].body as unknown as ResponsesBody;

    it('goes to /v1/responses with instructions, message input items, stream, max_output_tokens and store: false', async () => {
      server.enqueue({ kind: 'script', text: 'Hi.' });
      const result = await sessionFor(server, 'openai', { provider: providerFor(server, 'openai', undefined, RESPONSES), prompt: 'Explain `f`.' }).run();
      assert.equal(result.text, 'Hi.');
      assert.equal(server.requests[0].path, '/v1/responses');
      assert.deepEqual(body(), {
        model: 'gpt-4o-mini', instructions: 'You explain code.', input: [{ type: 'message', role: 'user', content: 'Explain `f`.' }],
        stream: true, max_output_tokens: 1024, store: false,
      }, 'a non-reasoning model and no effort: no `reasoning` at all (such models reject it)');
    });

    it('max_output_tokens is never below the API\'s minimum of 16 (a smaller setting would be a 400)', async () => {
      server.enqueue({ kind: 'script', text: 'Hi.' });
      const provider = providerFor(server, 'openai', undefined, RESPONSES);
      await collectEvents((sink) => provider.stream({ model: 'gpt-4o-mini', system: 's', messages: [{ role: 'user', content: 'q' }], maxOutputTokens: 5 }, new AbortController().signal, sink));
      assert.equal(body().max_output_tokens, 16);
    });

    it('the local server speaks the wire format: each event named as its type, sequence numbers from 0 without gaps', async () => {
      server.enqueue({ kind: 'script', text: 'One two three.' });
      const res = await fetch(`${server.openaiBaseUrl}/responses`, {
        method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', input: 'q', stream: true }),
      });
      const events = (await res.text()).split('\n\n').filter(Boolean).map((e) => {
        const [, name, data] = /^event: (\S+)\ndata: (.*)$/.exec(e) ?? [];
        return { name, data: JSON.parse(data) as { type: string; sequence_number: number } };
      });
      assert.ok(events.every((e) => e.name === e.data.type), 'event name = type');
      assert.deepEqual(events.map((e) => e.data.sequence_number), events.map((_, i) => i));
      assert.equal(events.at(-1)?.name, 'response.completed');
      assert.ok(!events.some((e) => e.name === '[DONE]'));
    });

    it('a reasoning model with no effort set asks for a summary only (the model keeps its default effort)', async () => {
      server.enqueue({ kind: 'script', text: 'Hi.' });
      await responsesSession(server, 'gpt-5.4-mini').run();
      assert.deepEqual(body().reasoning, { summary: 'auto' });
    });

    it('an effort set in the settings is sent with the summary request, whatever the model', async () => {
      server.enqueue({ kind: 'script', text: 'Hi.' }, { kind: 'script', text: 'Hi.' });
      await responsesSession(server, 'gpt-5.4-mini', 'high').run();
      await responsesSession(server, 'gpt-4o-mini', 'minimal').run();
      assert.deepEqual(body(0).reasoning, { effort: 'high', summary: 'auto' });
      assert.deepEqual(body(1).reasoning, { effort: 'minimal', summary: 'auto' });
    });
  });

  describe('in the chat engine', () => {
    it('follow-up turns send the conversation as user and assistant input items, in order', async () => {
      const h = new EngineHarness(server, 'openai', { openai: RESPONSES });
      server.enqueue({ kind: 'script', text: 'First answer.' }, { kind: 'script', text: 'Second answer.' });
      await h.engine.explain({ code: 'a()' });
      await h.engine.explain({ code: 'b()' });
      const [first, second] = server.requests.map((r) => r.body as unknown as ResponsesBody);
      assert.equal(server.requests[1].path, '/v1/responses');
      assert.equal(first.input.length, 1);
      assert.deepEqual(second.input.map((m) => [m.type, m.role]), [['message', 'user'], ['message', 'assistant'], ['message', 'user']]);
      assert.equal(second.input[0].content, first.input[0].content, 'the first question, as it was sent');
      assert.equal(second.input[1].content, 'First answer.');
      assert.match(second.input[2].content, /b\(\)/);
      assert.equal(second.instructions, first.instructions);
    });

    it('an answer cut at max_output_tokens is "length" and Continue carries on in the same turn', async () => {
      const words = Array.from({ length: 20 }, (_, i) => `w${i + 1}`);
      const h = new EngineHarness(server, 'openai', { openai: RESPONSES, maxOutputTokens: 16 });
      server.enqueue({ kind: 'script', text: words.join(' ') }, { kind: 'script', text: ' w17 w18 w19 w20' });
      await h.engine.explain({ code: 'count()' });
      const end = h.lastEnd() as Msg<'turn-end'>;
      assert.equal(end.type, 'turn-end');
      assert.equal(end.finishReason, 'length');
      const [turn] = h.engine.snapshot();
      const cut = words.slice(0, 16).join(' ');
      assert.equal(turn.text, cut);
      await h.engine.continue(turn.turnId);
      const [after] = h.engine.snapshot();
      assert.equal(after.text, words.join(' '));
      const input = (server.requests[1].body as unknown as ResponsesBody).input;
      // The Responses API has no assistant prefill: the partial answer goes back, then an instruction to go on.
      assert.deepEqual(input.at(-2), { type: 'message', role: 'assistant', content: cut });
      assert.equal(input.at(-1)?.role, 'user');
      assert.match(input.at(-1)?.content ?? '', /Continue it exactly where it stopped/);
      assert.equal(server.requests[1].path, '/v1/responses');
    });

    it('api "chat" is unchanged: Chat Completions, no reasoning parameters, even with an effort set', async () => {
      for (const openai of [undefined, { api: 'chat' as const, reasoningEffort: 'high' as const }]) {
        const h = new EngineHarness(server, 'openai', openai ? { openai } : {});
        server.enqueue({ kind: 'script', text: 'Chat answer.' });
        await h.engine.explain({ code: 'a()' });
        const req = server.requests.at(-1)!;
        assert.equal(req.path, '/v1/chat/completions');
        assert.deepEqual(Object.keys(req.body).sort(), ['max_completion_tokens', 'messages', 'model', 'stream', 'stream_options']);
        assert.equal(h.engine.snapshot()[0].text, 'Chat answer.');
      }
    });
  });
});

describe('OpenAI options and reasoning models', () => {
  it('settings values parse to an API and an effort; anything unknown falls back to chat and the model default', () => {
    assert.deepEqual(parseOpenAIOptions('responses', 'high'), { api: 'responses', reasoningEffort: 'high' });
    assert.deepEqual(parseOpenAIOptions('responses', ' Low '), { api: 'responses', reasoningEffort: 'low' });
    assert.deepEqual(parseOpenAIOptions(undefined, ''), { api: 'chat' });
    assert.deepEqual(parseOpenAIOptions('assistants', 'extreme'), { api: 'chat' });
    assert.deepEqual(parseOpenAIOptions(42, 7), { api: 'chat' });
  });

  it('reasoning models are told apart by name', () => {
    for (const m of ['o3', 'o4-mini', 'o1-2024-12-17', 'gpt-5', 'gpt-5-mini', 'gpt-5.4-mini-2026-03-17', 'gpt-6.1-terra', 'codex-mini-latest', 'gpt-oss-120b', 'openai/gpt-5']) {
      assert.equal(isReasoningModel(m), true, m);
    }
    for (const m of ['gpt-4o', 'gpt-4o-mini-2024-07-18', 'gpt-4.1', 'gpt-5-chat-latest', 'gpt-3.5-turbo', 'omni-moderation-latest', 'llama3']) {
      assert.equal(isReasoningModel(m), false, m);
    }
  });

  it('package.json declares both settings with exactly the values the core reads', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { enum?: string[]; default?: unknown; enumDescriptions?: string[]; markdownDescription?: string }> } };
    };
    const props = pkg.contributes.configuration.properties;
    const api = props['streamExplain.openai.api'];
    const effort = props['streamExplain.openai.reasoningEffort'];
    assert.deepEqual(api.enum, [...OPENAI_APIS]);
    assert.equal(api.default, 'chat');
    assert.deepEqual(effort.enum, ['', ...REASONING_EFFORTS]);
    assert.equal(effort.default, '');
    assert.equal(api.enumDescriptions?.length, api.enum?.length);
    assert.equal(effort.enumDescriptions?.length, effort.enum?.length);
    assert.match(api.markdownDescription ?? '', /Azure OpenAI always uses Chat Completions/);
  });
});
