import * as assert from 'node:assert/strict';
import type { ChatMessage } from '../../src/core/provider';
import { MAX_CACHE_BREAKPOINTS, withCacheBreakpoints } from '../../src/core/providers/anthropicCache';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';

const EPHEMERAL = { type: 'ephemeral' };

/** Every cache_control in a request body, wherever it is. */
function breakpoints(body: unknown): unknown[] {
  const found: unknown[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'cache_control') found.push(x);
        else walk(x);
      }
    }
  };
  walk(body);
  return found;
}

describe('cheaper follow-ups: Anthropic prompt-cache breakpoints', () => {
  it('the system prompt and the message holding the code are marked; the rest stays plain text', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Explain this code: ```x```', cache: true },
      { role: 'assistant', content: 'It adds one.' },
      { role: 'user', content: 'Why?' },
    ];
    const p = withCacheBreakpoints('SYS', messages);
    assert.deepEqual(p.system, [{ type: 'text', text: 'SYS', cache_control: EPHEMERAL }]);
    assert.deepEqual(p.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Explain this code: ```x```', cache_control: EPHEMERAL }] },
      { role: 'assistant', content: 'It adds one.' },
      { role: 'user', content: 'Why?' },
    ]);
  });

  it('never more than four breakpoints: with five explanations in one conversation the latest three code messages keep theirs', () => {
    const messages: ChatMessage[] = [];
    for (let i = 0; i < 5; i++) messages.push({ role: 'user', content: `code ${i}`, cache: true }, { role: 'assistant', content: `answer ${i}` });
    const p = withCacheBreakpoints('SYS', messages);
    assert.equal(breakpoints(p).length, MAX_CACHE_BREAKPOINTS);
    const marked = p.messages.flatMap((m) => (Array.isArray(m.content) ? [(m.content[0] as { text: string }).text] : []));
    assert.deepEqual(marked, ['code 2', 'code 3', 'code 4']);
  });

  describe('in the request the local server received (real SDKs)', () => {
    let server: ProviderServer;
    before(async () => (server = await startProviderServer({ defaultScenario: { kind: 'script', text: 'It adds its two arguments.', tokensPerSecond: 2000 } })));
    after(() => server.close());

    it('Anthropic: the first explanation writes the cache and the follow-up carries the same two breakpoints, the question unmarked', async () => {
      const h = new EngineHarness(server, 'anthropic');
      const start = server.requests.length;
      await h.engine.explain({ code: 'function add(a, b) {\n  return a + b;\n}', language: 'javascript', fileName: 'add.js' });
      await h.engine.ask('What if b is undefined?');
      const [first, followUp] = server.requests.slice(start).map((r) => r.body as { system: unknown; messages: Array<{ role: string; content: unknown }> });
      for (const body of [first, followUp]) {
        assert.deepEqual((body.system as Array<{ cache_control: unknown }>).map((b) => b.cache_control), [EPHEMERAL]);
        const code = body.messages[0].content as Array<{ type: string; text: string; cache_control?: unknown }>;
        assert.equal(code.length, 1);
        assert.match(code[0].text, /return a \+ b;/);
        assert.deepEqual(code[0].cache_control, EPHEMERAL);
        assert.equal(breakpoints(body).length, 2);
      }
      assert.equal(followUp.messages.length, 3);
      assert.equal(typeof followUp.messages[1].content, 'string', 'the answer is plain');
      assert.equal(followUp.messages[2].content, 'What if b is undefined?', 'the new question is not a breakpoint');
      // The cached prefix is byte-identical from one request to the next, or the follow-up could not read it.
      assert.deepEqual(followUp.system, first.system);
      assert.deepEqual(followUp.messages[0], first.messages[0]);
    });

    it('a conversation that starts with a question (no code) marks only the system prompt', async () => {
      const h = new EngineHarness(server, 'anthropic');
      const start = server.requests.length;
      await h.engine.ask('What is a closure?');
      await h.engine.ask('And a generator?');
      for (const r of server.requests.slice(start)) assert.equal(breakpoints(r.body).length, 1);
    });

    it('OpenAI caches on its own: no cache_control is sent', async () => {
      const h = new EngineHarness(server, 'openai');
      const start = server.requests.length;
      await h.engine.explain({ code: 'x++', language: 'c' });
      await h.engine.ask('Why?');
      for (const r of server.requests.slice(start)) assert.deepEqual(breakpoints(r.body), []);
    });
  });
});
