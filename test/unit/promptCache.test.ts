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

    /** The breakpoints of a request body: where each cache_control sits (system, or message index) and the text it closes. */
    function marks(body: unknown): Array<[string, string]> {
      const b = body as { system: Array<{ text: string; cache_control?: unknown }>; messages: Array<{ content: unknown }> };
      const out: Array<[string, string]> = b.system.filter((x) => x.cache_control).map((x) => ['system', x.text]);
      b.messages.forEach((m, i) => {
        if (!Array.isArray(m.content)) return;
        for (const block of m.content as Array<{ text?: string; cache_control?: unknown }>) {
          if (block.cache_control) {
            assert.deepEqual(block.cache_control, EPHEMERAL);
            out.push([`message ${i}`, block.text ?? '']);
          }
        }
      });
      return out;
    }

    it('Continue of a cut explanation reads the same cached prefix: the system prompt and the code message keep their breakpoints, byte for byte', async () => {
      const h = new EngineHarness(server, 'anthropic');
      const start = server.requests.length;
      server.enqueue({ kind: 'script', text: 'It adds a and', finish: 'length' }, { kind: 'script', text: ' b.' });
      await h.engine.explain({ code: 'function add(a, b) {\n  return a + b;\n}', language: 'javascript', fileName: 'add.js' });
      const [cut] = h.engine.snapshot();
      assert.equal(cut.end?.finishReason, 'length');
      await h.engine.continue(cut.turnId);
      assert.equal(h.engine.snapshot()[0].text, 'It adds a and b.');
      const [first, resumed] = server.requests.slice(start).map((r) => r.body as { system: unknown; messages: Array<{ role: string; content: unknown }> });
      assert.equal(marks(first).length, 2);
      assert.deepEqual(marks(resumed), marks(first));
      assert.deepEqual(resumed.system, first.system);
      assert.deepEqual(resumed.messages[0], first.messages[0], 'the cached prefix is identical, or Continue could not read it');
      // The partial answer goes on unmarked (prefilled): it is new, not part of the cached prefix.
      assert.deepEqual(resumed.messages.slice(1), [{ role: 'assistant', content: 'It adds a and' }]);
    });

    it('Continue of the sixth explanation in a conversation: the same four breakpoints as the turn it continues (its own code among them), never a fifth', async () => {
      const h = new EngineHarness(server, 'anthropic');
      for (let i = 0; i < 5; i++) await h.engine.explain({ code: `const v${i} = ${i};`, language: 'javascript' });
      const start = server.requests.length;
      server.enqueue({ kind: 'script', text: 'It is a', finish: 'length' }, { kind: 'script', text: ' constant.' });
      await h.engine.explain({ code: 'const v5 = 5;', language: 'javascript' });
      const cut = h.engine.snapshot().at(-1)!;
      assert.equal(cut.end?.finishReason, 'length');
      await h.engine.continue(cut.turnId);
      const [asked, resumed] = server.requests.slice(start).map((r) => r.body);
      assert.equal(marks(asked).length, MAX_CACHE_BREAKPOINTS);
      assert.deepEqual(marks(resumed), marks(asked));
      assert.deepEqual(marks(resumed).map(([, text]) => /const v\d/.exec(text)?.[0] ?? 'system'), ['system', 'const v3', 'const v4', 'const v5']);
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
