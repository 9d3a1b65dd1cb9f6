import * as assert from 'node:assert/strict';
import { ChatEngine, type EngineSettings } from '../../src/core/chatEngine';
import { costReportMarkdown } from '../../src/core/ledger/markdown';
import { recordFromEntry } from '../../src/core/ledger/fromEntry';
import { fixedOffsetCalendar } from '../../src/core/ledger/calendar';
import { isStreamError, StreamError } from '../../src/core/errors';
import { formatStatsLine } from '../../src/core/format';
import { DEFAULT_PRICES, findPrice, mergePrices, type PriceTable } from '../../src/core/pricing';
import type { HostMessage } from '../../src/core/protocol';
import { parseHostMessage } from '../../src/core/protocolParse';
import type { ProviderRequest } from '../../src/core/provider';
import type { StreamEvent } from '../../src/core/streamEvents';
import { StreamSession } from '../../src/core/streamSession';
import { descriptorFor } from '../../src/core/providers/descriptors';
import { mapLmError, NO_MODEL_MESSAGE } from '../../src/extension/providers/lmErrors';
import { FIRST_AVAILABLE, JUSTIFICATION, parseModelSelector, toLmTurns } from '../../src/extension/providers/lmRequest';
import { streamFromLm, type LmAccess } from '../../src/extension/providers/lmStream';
import { collectEvents } from './helpers';
import { accessTo, ScriptedModel } from './lmModel';

const request = (model = FIRST_AVAILABLE, content = 'Explain `x + 1`.'): ProviderRequest => ({
  model, system: 'You explain code.', messages: [{ role: 'user', content }], maxOutputTokens: 512,
});

async function collect(access: LmAccess, req: ProviderRequest, signal = new AbortController().signal): Promise<StreamEvent[]> {
  return collectEvents((sink) => streamFromLm(access, req, signal, sink));
}

async function rejection(p: Promise<unknown>): Promise<StreamError> {
  try {
    await p;
  } catch (err) {
    assert.ok(isStreamError(err), `a StreamError, not ${String(err)}`);
    return err;
  }
  throw new Error('expected a rejection');
}

const lmError = (code: string, message = `${code} happened`) => Object.assign(new Error(message), { name: 'LanguageModelError', code });

function sessionOver(access: LmAccess, prices: PriceTable = DEFAULT_PRICES, idleTimeoutMs = 30_000): StreamSession {
  return new StreamSession({
    provider: { id: 'vscode-lm', stream: (req, signal, sink) => streamFromLm(access, req, signal, sink) },
    request: request(),
    priceFor: (m) => findPrice(prices, 'vscode-lm', m),
    costBasis: descriptorFor('vscode-lm').costBasis({}),
    idleTimeoutMs,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxTotalWaitMs: 10 },
  });
}

describe('vscode-lm provider (VS Code Language Model API), translation in plain Node', () => {
  it('reads the model setting as any model, a vendor/family, or a model id', () => {
    assert.deepEqual(parseModelSelector(''), {});
    assert.deepEqual(parseModelSelector(FIRST_AVAILABLE), {});
    assert.deepEqual(parseModelSelector(' copilot/gpt-4o '), { vendor: 'copilot', family: 'gpt-4o' });
    assert.deepEqual(parseModelSelector('claude-3.5-sonnet'), { id: 'claude-3.5-sonnet' });
    assert.deepEqual(parseModelSelector('/odd'), { id: '/odd' }, 'no vendor: taken as an id');
  });

  it('folds the system prompt into the first user turn (the stable API has no system role) and keeps the order', () => {
    const turns = toLmTurns({
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'A1' }, { role: 'user', content: 'Q2' }],
    });
    assert.deepEqual(turns.map((t) => t.role), ['user', 'assistant', 'user']);
    assert.ok(turns[0].content.startsWith('Be brief.') && turns[0].content.endsWith('Q1'));
    assert.deepEqual(turns.slice(1), [{ role: 'assistant', content: 'A1' }, { role: 'user', content: 'Q2' }]);
  });

  it('maps LanguageModelError codes and other failures to errors a user can act on', () => {
    const denied = mapLmError(lmError('NoPermissions'));
    assert.equal(denied.kind, 'permission');
    assert.match(denied.message, /^Allow Stream Explain to use the model/);
    assert.equal(denied.action, 'retry');
    const missing = mapLmError(lmError('NotFound'));
    assert.equal(missing.message, NO_MODEL_MESSAGE);
    assert.equal(missing.action, 'open-settings');
    const blocked = mapLmError(lmError('Blocked', 'quota exceeded'));
    assert.equal(blocked.kind, 'rate_limit');
    assert.match(blocked.message, /blocked.*“quota exceeded”/);
    const other = mapLmError(new Error(`upstream failed\n${'x'.repeat(500)}`));
    assert.equal(other.kind, 'server');
    assert.match(other.message, /The text so far is kept\. It said: “upstream failed x+…”$/);
    assert.ok(other.message.length < 320, 'another extension’s text is bounded');
    assert.match(other.detail ?? '', /^Error: upstream failed/);
    const gone = mapLmError(Object.assign(new Error('Canceled'), { name: 'Canceled' }));
    assert.equal(gone.kind, 'interrupted');
    const own = new StreamError({ kind: 'config', retryable: false, message: 'mine' });
    assert.equal(mapLmError(own), own);
  });

  it('streams start (model id, counted input), the pieces, usage counted and marked estimated, then done', async () => {
    const model = new ScriptedModel({ pieces: ['It ', 'adds ', 'one.'] });
    const access = accessTo([model]);
    const events = await collect(access, request());
    const input = toLmTurns(request()).reduce((n, t) => n + Math.ceil(t.content.length / 4), 0);
    assert.deepEqual(events, [
      { type: 'start', model: 'scripted-1', inputTokens: input },
      { type: 'delta', text: 'It ' }, { type: 'delta', text: 'adds ' }, { type: 'delta', text: 'one.' },
      { type: 'usage', inputTokens: input, outputTokens: Math.ceil('It adds one.'.length / 4), estimated: true },
      { type: 'done', finishReason: 'stop', rawFinishReason: null },
    ]);
    assert.deepEqual(access.selectors, [{}]);
    assert.deepEqual(model.sent, [toLmTurns(request())]);
    assert.equal(model.justification, JUSTIFICATION);
  });

  it('picks the model the setting names; when none matches, says how to get one and sends nothing', async () => {
    const a = new ScriptedModel({ id: 'a', vendor: 'copilot', family: 'gpt-4o', pieces: ['A'] });
    const b = new ScriptedModel({ id: 'b', vendor: 'copilot', family: 'claude', pieces: ['B'] });
    const events = await collect(accessTo([a, b]), request('copilot/claude'));
    assert.equal(events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : '')).join(''), 'B');
    assert.equal(a.sent.length, 0);

    const err = await rejection(collect(accessTo([a, b]), request('other/family')));
    assert.equal(err.kind, 'not_found');
    assert.equal(err.action, 'open-settings');
    assert.ok(err.message.startsWith(NO_MODEL_MESSAGE));
    assert.match(err.message, /“other\/family”/);
    assert.equal(a.sent.length + b.sent.length, 1, 'the failed selection sent nothing');
    const none = await rejection(collect(accessTo([]), request()));
    assert.equal(none.message, NO_MODEL_MESSAGE);
  });

  it('refuses, before sending, a conversation longer than the model accepts', async () => {
    const model = new ScriptedModel({ maxInputTokens: 10 });
    const err = await rejection(collect(accessTo([model]), request(FIRST_AVAILABLE, 'x'.repeat(400))));
    assert.equal(err.kind, 'context_length');
    assert.match(err.message, /more than scripted-1 accepts \(10\)/);
    assert.equal(model.sent.length, 0);
  });

  it('a refused consent surfaces as “Allow Stream Explain…” with Retry, and is not retried behind the user’s back', async () => {
    const model = new ScriptedModel({ rejectSend: lmError('NoPermissions') });
    const result = await sessionOver(accessTo([model])).run();
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'permission');
    assert.equal(result.attempts, 1);
  });

  describe('through a StreamSession (the path every provider takes)', () => {
    it('tokens are estimated and the cost is “included in your plan” unless the user priced the model', async () => {
      const included = await sessionOver(accessTo([new ScriptedModel()])).run();
      assert.equal(included.status, 'done');
      assert.equal(included.text, 'Hello, world.');
      assert.equal(included.model, 'scripted-1');
      assert.equal(included.usage.estimated, true);
      assert.equal(included.costUsd, 0);
      assert.equal(included.costBasis, 'included');
      const line = formatStatsLine({ ...included.usage, ...included.metrics, costUsd: included.costUsd, costBasis: included.costBasis });
      assert.match(line, /out tokens \(est\.\)/);
      assert.match(line, /included in your plan$/);

      const priced = mergePrices(DEFAULT_PRICES, { 'vscode-lm': { 'scripted-1': { input: 1_000_000, output: 2_000_000 } } });
      const paid = await sessionOver(accessTo([new ScriptedModel()]), priced).run();
      assert.equal(paid.costBasis, 'priced');
      assert.equal(paid.costUsd, paid.usage.inputTokens + 2 * paid.usage.outputTokens);
      assert.match(formatStatsLine({ ...paid.usage, ...paid.metrics, costUsd: paid.costUsd }), /\$\d+\.\d\d \(est\.\)$/);
    });

    it('Stop reaches the model’s cancellation signal at once, even from a model that ignores it; the text is kept', async () => {
      const model = new ScriptedModel({ pieces: ['one ', 'two ', 'three ', 'four'], stallAfter: 2 });
      const session = sessionOver(accessTo([model]));
      let deltas = 0;
      const result = await session.run({ onDelta: () => { if (++deltas === 2) session.cancel(); } });
      assert.equal(result.status, 'cancelled');
      assert.equal(result.text, 'one two ');
      assert.equal(model.signals[0].aborted, true, 'the model was told to stop');
      assert.equal(result.usage.estimated, true);
    });

    it('the idle timeout stops a model that goes quiet: partial text kept, the model told to stop', async () => {
      const model = new ScriptedModel({ pieces: ['start ', 'more'], stallAfter: 1 });
      const result = await sessionOver(accessTo([model]), DEFAULT_PRICES, 50).run();
      assert.equal(result.status, 'error');
      assert.equal(result.error?.kind, 'idle_timeout');
      assert.match(result.error?.message ?? '', /No data from VS Code language model/);
      assert.equal(result.text, 'start ');
      assert.equal(model.signals[0].aborted, true);
    });

    it('an error in the middle of the answer keeps the partial text and says what went wrong', async () => {
      const model = new ScriptedModel({ pieces: ['part ', 'two ', 'never'], failAfter: { pieces: 2, error: new Error('model exploded') } });
      const result = await sessionOver(accessTo([model])).run();
      assert.equal(result.status, 'error');
      assert.equal(result.text, 'part two ');
      assert.equal(result.error?.kind, 'server');
      assert.match(result.error?.message ?? '', /stopped with an error.*“model exploded”/);
      assert.equal(result.attempts, 1, 'not retried once text was shown');
    });
  });

  it('through the ChatEngine: no key asked for, the panel gets estimated tokens and “included”, the ledger too', async () => {
    const posted: HostMessage[] = [];
    let keyAsked = 0;
    const missing: string[] = [];
    const settings: EngineSettings = {
      provider: 'vscode-lm', model: FIRST_AVAILABLE, maxOutputTokens: 512, maxInputTokens: 32_000,
      idleTimeoutMs: 5000, totalTimeoutMs: 60_000, prices: DEFAULT_PRICES,
    };
    const model = new ScriptedModel({ pieces: ['Adds ', 'one.'] });
    const engine = new ChatEngine({
      post: (m) => {
        assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), `valid message ${JSON.stringify(m)}`);
        posted.push(m);
      },
      settings: () => settings,
      getApiKey: async () => { keyAsked++; return undefined; },
      onMissingKey: (p) => missing.push(p),
      loadProvider: async () => () => ({ id: 'vscode-lm', stream: (req, signal, sink) => streamFromLm(accessTo([model]), req, signal, sink) }),
      minGapMs: 0,
    });
    await engine.ask('What does x + 1 do?');
    assert.equal(keyAsked, 0, 'a keyless provider never asks for a key');
    assert.deepEqual(missing, []);
    const end = posted.find((m) => m.type === 'turn-end');
    assert.ok(end && end.type === 'turn-end', `ended: ${JSON.stringify(posted.at(-1))}`);
    assert.equal(end.usage.estimated, true);
    assert.equal(end.costUsd, 0);
    assert.equal(end.costBasis, 'included');
    assert.equal(engine.snapshot()[0].text, 'Adds one.');
    assert.match(model.sent[0][0].content, /What does x \+ 1 do\?$/);
    assert.equal(engine.ledger.all()[0].costIncluded, true);
    const record = recordFromEntry(engine.ledger.all()[0], 'ws');
    assert.equal(record.cost, 'included', 'the persistent ledger says the plan covered it');
    assert.match(costReportMarkdown([record], Date.parse(record.time), fixedOffsetCalendar(0)), /included in a plan/);
  });

  it('the protocol carries the cost basis "included" and rejects anything else', () => {
    const end = { type: 'turn-end', turnId: 't1', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, estimated: true }, costUsd: 0, metrics: { ttftMs: 1, totalMs: 2, tokensPerSecond: null } };
    assert.ok(parseHostMessage({ ...end, costBasis: 'included' }));
    assert.ok(parseHostMessage(end));
    assert.equal(parseHostMessage({ ...end, costBasis: 'yes' }), null);
  });
});
