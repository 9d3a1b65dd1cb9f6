import * as assert from 'node:assert/strict';
import type { HostMessage } from '../../src/core/protocol';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { EngineHarness } from './engineHarness';

type Body = { messages: Array<{ role: string; content: string }> };

describe('Continue: an answer that stopped early goes on in the same turn', () => {
  let server: ProviderServer;
  beforeEach(async () => { server = await startProviderServer(); });
  afterEach(async () => { await server.close(); });

  it('Anthropic continues from the partial answer prefilled as the assistant turn', async () => {
    const h = new EngineHarness(server, 'anthropic');
    server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-truncated.DERIVED' }, { kind: 'script', text: "'s hi in Portuguese.)" });
    await h.engine.explain({ code: 'greet()' });
    const [turn] = h.engine.snapshot();
    assert.equal(turn.state, 'error');
    assert.equal(turn.text, 'Olá! (That');
    h.posted.length = 0;
    await h.engine.handle({ type: 'continue', turnId: turn.turnId });
    assert.deepEqual(h.posted.map((m) => m.type).filter((t, i, a) => t !== 'delta' || a[i - 1] !== 'delta'), ['turn-resume', 'delta', 'turn-end']);
    assert.ok(h.posted.every((m) => (m as { turnId?: string }).turnId === turn.turnId), 'the same turn, not a new one');
    const [after] = h.engine.snapshot();
    assert.equal(after.state, 'done');
    assert.equal(after.text, "Olá! (That's hi in Portuguese.)");
    const sent = (server.requests[1].body as Body).messages;
    assert.deepEqual(sent.at(-1), { role: 'assistant', content: 'Olá! (That' });
    assert.equal(sent.at(-2)!.role, 'user');
    assert.equal(h.engine.ledger.all().length, 2, 'each request is billed');
  });

  it('OpenAI gets the partial answer and an instruction to go on, as it has no prefill', async () => {
    const h = new EngineHarness(server, 'openai');
    server.enqueue({ kind: 'script', text: 'one two three four', finish: 'length' }, { kind: 'script', text: ' five six.' });
    await h.engine.explain({ code: 'count()' });
    const [turn] = h.engine.snapshot();
    assert.equal(turn.end?.finishReason, 'length');
    await h.engine.continue(turn.turnId);
    const [after] = h.engine.snapshot();
    assert.equal(after.text, 'one two three four five six.');
    const sent = (server.requests[1].body as Body).messages;
    assert.equal(sent.at(-2)!.content, 'one two three four');
    assert.match(sent.at(-1)!.content, /Continue it exactly where it stopped/);
  });

  it('a continued turn that is interrupted again keeps everything received so far', async () => {
    const h = new EngineHarness(server, 'anthropic');
    server.enqueue({ kind: 'replay', transcript: 'anthropic-messages-truncated.DERIVED' }, { kind: 'replay', transcript: 'anthropic-messages-truncated.DERIVED' });
    await h.engine.explain({ code: 'x' });
    const id = h.engine.snapshot()[0].turnId;
    await h.engine.continue(id);
    const err = h.posted.at(-1) as Extract<HostMessage, { type: 'turn-error' }>;
    assert.equal(err.partialText, 'Olá! (ThatOlá! (That');
  });

  it('a complete answer is not continued', async () => {
    const h = new EngineHarness(server, 'openai');
    server.enqueue({ kind: 'script', text: 'Done.' });
    await h.engine.explain({ code: 'x' });
    await h.engine.continue(h.engine.snapshot()[0].turnId);
    assert.equal(server.requests.length, 1);
  });
});
