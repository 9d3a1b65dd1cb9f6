import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChatEngine, type EngineSettings } from '../../src/core/chatEngine';
import type { LedgerEntry } from '../../src/core/costLedger';
import { recordFromEntry } from '../../src/core/ledger/fromEntry';
import { nodeLedgerFs } from '../../src/core/ledger/nodeLedgerFs';
import { serializeRecord } from '../../src/core/ledger/record';
import { LedgerStore } from '../../src/core/ledger/store';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import { createAnthropicProvider } from '../../src/core/providers/anthropicProvider';
import { createOpenAIProvider } from '../../src/core/providers/openaiProvider';
import { o200kCounter } from '../../src/core/tokenizer';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { rec } from './ledgerFixtures';
import { until } from './helpers';

const KEY = ['sk', 'proj', 'LEDGERTESTKEY0123456789abcdef'].join('-'); // assembled: no key-shaped literal in the tree
const CODE_MARKER = 'function secretSauce_7f3a() { return PROMPT_MARKER_91c2; }';
const ANSWER_MARKER = 'ANSWER_MARKER_5d8e';

/** The engine as the extension wires it: every recorded request appended to the ledger on disk. */
describe('Cost ledger wiring: every request the engine sends lands in the ledger, with nothing secret', () => {
  let server: ProviderServer;
  let dir: string;
  let store: LedgerStore;
  let settings: EngineSettings;
  let engine: ChatEngine;
  let appends: Array<Promise<void>>;

  beforeEach(async () => {
    server = await startProviderServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-ledger-wiring-'));
    store = new LedgerStore(dir, nodeLedgerFs);
    appends = [];
    settings = {
      provider: 'openai', model: 'gpt-4o-mini', baseUrl: server.openaiBaseUrl, maxOutputTokens: 512, maxInputTokens: 32_000,
      idleTimeoutMs: 5000, totalTimeoutMs: 60_000, prices: DEFAULT_PRICES,
      retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 5, maxTotalWaitMs: 0 },
    };
    engine = new ChatEngine({
      post: () => {},
      settings: () => settings,
      getApiKey: async () => KEY,
      loadProvider: async (id) => (id === 'openai' ? createOpenAIProvider : createAnthropicProvider),
      loadTokenCounter: async () => o200kCounter,
      onTurnRecorded: (entry: LedgerEntry) => appends.push(store.append(recordFromEntry(entry, 'sample-ws'))),
    });
  });
  afterEach(async () => {
    await engine.cancel();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const explain = () => engine.explain({ code: CODE_MARKER, language: 'javascript', fileName: 'secret.js', startLine: 1, endLine: 1 });
  const ledgerText = () => fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');

  it('done, stopped, interrupted and failed requests each leave one record; no key, prompt or answer text in the file', async () => {
    server.enqueue({ kind: 'script', text: `First ${ANSWER_MARKER} answer.`, tokensPerSecond: 400 });
    await explain();
    server.enqueue({ kind: 'script', tokens: 400, tokensPerSecond: 100 });
    const stopped = engine.ask(`Why ${CODE_MARKER}?`);
    await until(() => (engine.snapshot()[1]?.text.length ?? 0) > 0, 10_000, 'the second answer to start');
    await engine.cancel();
    await stopped;
    server.enqueue({ kind: 'script', text: `${ANSWER_MARKER} `.repeat(200), tokensPerSecond: 2000, resetAfterBytes: 1800 });
    await engine.ask('And then?');
    server.enqueue({ kind: 'http-error', fixture: 'openai-401-invalid-api-key' });
    await engine.ask('Once more?');
    await Promise.all(appends);

    const { records, skipped } = await store.read();
    assert.equal(skipped, 0);
    assert.deepEqual(records.map((r) => r.finish), ['done', 'stopped', 'interrupted', 'failed']);
    const first = records[0];
    assert.ok(records.every((r) => r.conversationId === first.turnId), 'one conversation: its id is its first turn\'s');
    assert.deepEqual([first.workspace, first.provider, first.model, first.estimated, first.reasoningTokens], ['sample-ws', 'openai', 'gpt-4o-mini', false, 0]);
    assert.ok(typeof first.cost === 'number' && first.cost > 0 && first.ttftMs !== null && first.durationMs > 0);
    assert.equal(records[1].estimated, true, 'a stopped answer has no usage from the server: estimated');
    assert.ok(records[2].outputTokens > 0, 'the interrupted answer\'s tokens so far are counted');
    assert.deepEqual([records[3].outputTokens, records[3].ttftMs], [0, null]);

    const text = ledgerText();
    for (const secret of [KEY, 'LEDGERTESTKEY', 'secretSauce', 'PROMPT_MARKER', ANSWER_MARKER, 'Why ', 'And then', 'Once more']) {
      assert.ok(!text.includes(secret), `${secret} must not be in the ledger`);
    }
  });

  it('a new chat starts a new conversation id; cache-read and cache-write tokens are recorded (Anthropic)', async () => {
    await explain();
    await engine.newChat();
    settings = { ...settings, provider: 'anthropic', model: 'claude-sonnet-4-20250514', baseUrl: server.anthropicBaseUrl };
    const transcript = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'transcripts', 'anthropic-messages-basic-sonnet-4.sse'), 'utf8')
      .replace(/"cache_creation_input_tokens":0,"cache_read_input_tokens":0/g, '"cache_creation_input_tokens":300,"cache_read_input_tokens":1200');
    server.enqueue({ kind: 'raw', body: transcript });
    await explain();
    await Promise.all(appends);
    const [a, b] = (await store.read()).records;
    assert.notEqual(a.conversationId, b.conversationId);
    assert.equal(b.conversationId, b.turnId);
    assert.deepEqual([b.provider, b.inputTokens, b.cacheReadTokens, b.cacheWriteTokens, b.outputTokens], ['anthropic', 16 + 1200 + 300, 1200, 300, 38]);
    // claude-sonnet-4: $3 input, $0.30 cache read, $3.75 cache write, $15 output per million.
    assert.ok(typeof b.cost === 'number' && Math.abs(b.cost - (16 * 3 + 1200 * 0.3 + 300 * 3.75 + 38 * 15) / 1e6) < 1e-12, `cost ${b.cost}`);
  });

  it('a model on a local server with no price is recorded as local (free); a priced one there stays priced', async () => {
    settings = { ...settings, model: 'llama3.2-local' };
    server.enqueue({ kind: 'script', text: 'A local answer.', tokensPerSecond: 400 });
    await explain();
    settings = { ...settings, model: 'gpt-4o-mini' };
    server.enqueue({ kind: 'script', text: 'A priced answer.', tokensPerSecond: 400 });
    await engine.ask('Again?');
    await Promise.all(appends);
    const [a, b] = (await store.read()).records;
    assert.deepEqual([a.model, a.cost, a.costBasis], ['llama3.2-local', 0, 'local']);
    assert.equal(b.costBasis, 'priced');
    assert.ok(typeof b.cost === 'number' && b.cost > 0);
  });

  it('the record type lets nothing else through: extra properties are dropped, key-shaped names redacted', () => {
    const carrying = Object.assign(rec({ model: `gpt-4o ${KEY}`, workspace: 'ws\nwith\u0007controls' }), {
      apiKey: KEY, prompt: CODE_MARKER, text: ANSWER_MARKER, content: 'the whole conversation',
    });
    const line = serializeRecord(carrying);
    assert.ok(line.endsWith('}\n') && line.indexOf('\n') === line.length - 1, 'exactly one line');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), Object.keys(rec()), 'exactly the record\'s fields, schema first');
    for (const s of [KEY, CODE_MARKER, ANSWER_MARKER, 'whole conversation']) assert.ok(!line.includes(s), `${s} leaked`);
    assert.equal(parsed.model, 'gpt-4o [redacted key]');
    assert.equal(parsed.workspace, 'ws with controls');
    assert.ok(Buffer.byteLength(serializeRecord(rec({ model: 'm'.repeat(10_000), workspace: 'w'.repeat(10_000) }))) < 1024, 'a line stays small');
  });
});
