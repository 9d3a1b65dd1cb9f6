import * as assert from 'node:assert/strict';
import type { ErrorKind } from '../../src/core/errors';
import type { FinishReason } from '../../src/core/streamEvents';
import { listTranscripts } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import { providerFor, sessionFor } from './helpers';
import { expectedWrites, servedBody } from './replayWrites';
import { REDACTED_THINKING } from '../../src/core/streamSession';

interface Expectation {
  status: 'done' | 'error';
  text: string;
  finishReason: FinishReason;
  raw: string | null;
  /** Exact usage from the transcript, or 'estimated' when the stream carried none to the end. */
  usage: { inputTokens: number; outputTokens: number } | 'estimated';
  /** Anthropic reports input tokens in message_start even when the stream is then cut. */
  inputTokens?: number;
  errorKind?: ErrorKind;
  /** Reasoning streamed as `thinking`, kept apart from the text ('' when none). */
  thinking?: string;
  /** Reported reasoning and cached-input tokens, where the transcript has them. */
  reasoningTokens?: number;
  cacheReadTokens?: number;
  /** The SDK throws at this event and stops reading: what follows it is never read. */
  stopsAt?: string;
}

const SUMMARY_0 = '**Reading the reducer**\n\nIt folds the array with `reduce` from 0, so `[]` gives 0.';
const SUMMARY_1 = '**Edge cases**\n\nFloat sums drift — worth a note.';

/** What each recorded stream says, read off the transcript by hand (test/fixtures/README.md describes each file). */
const EXPECTED: Record<string, Expectation> = {
  'anthropic-messages-basic-sonnet-4.sse': {
    status: 'done', finishReason: 'stop', raw: 'end_turn', usage: { inputTokens: 16, outputTokens: 38 },
    text: 'Olá! (That\'s "hi" in Portuguese)\n\nYou could also say "Oi!" which is a more casual way to say hi in Portuguese.',
  },
  'anthropic-messages-basic.sse': {
    status: 'done', finishReason: 'stop', raw: 'end_turn', usage: { inputTokens: 11, outputTokens: 6 }, text: 'Hello there!',
  },
  'anthropic-messages-error-overloaded.ASSEMBLED.sse': {
    status: 'error', errorKind: 'overloaded', finishReason: 'error', raw: null, usage: 'estimated', inputTokens: 16, text: 'Olá! (That',
  },
  'anthropic-messages-redacted-thinking.SYNTHETIC.sse': {
    status: 'done', finishReason: 'stop', raw: 'end_turn', usage: { inputTokens: 97, outputTokens: 187 }, thinking: REDACTED_THINKING,
    text: 'Some of my reasoning was flagged and encrypted, but the answer is unaffected: `x + 1` adds one to `x`.',
  },
  'anthropic-messages-refusal-synthetic.sse': {
    status: 'done', finishReason: 'content_filter', raw: 'refusal', usage: { inputTokens: 20, outputTokens: 0 }, text: '',
  },
  'anthropic-messages-thinking.ASSEMBLED.sse': {
    // The thinking never reaches the answer's text (test/unit/reasoningStreams.test.ts checks where else it goes).
    status: 'done', finishReason: 'stop', raw: 'end_turn', usage: { inputTokens: 424, outputTokens: 51 },
    thinking: 'The user is asking for weather information for Florence, Italy. I have access to a weather function that takes a location parameter. The user has provided the location as "Florence, Italy" which is specific enough for the weather function. I have all the required parameters to make the function call.',
    text: "The current weather in Florence, Italy is 40°C (104°F). That's quite hot! If you're planning to visit or are currently there, make sure to stay hydrated and seek shade or air conditioning when possible.",
  },
  'anthropic-messages-tool-use.sse': {
    status: 'done', finishReason: 'stop', raw: 'tool_use', usage: { inputTokens: 377, outputTokens: 65 },
    text: "I'll check the current weather in Paris for you.",
  },
  'anthropic-messages-truncated.DERIVED.sse': {
    status: 'error', errorKind: 'interrupted', finishReason: 'error', raw: null, usage: 'estimated', inputTokens: 16, text: 'Olá! (That',
  },
  'openai-chat-basic.sse': {
    status: 'done', finishReason: 'stop', raw: 'stop', usage: { inputTokens: 14, outputTokens: 30 },
    text: "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or a weather app.",
  },
  'openai-chat-error-midstream.SYNTHETIC.sse': {
    status: 'error', errorKind: 'server', finishReason: 'error', raw: null, usage: 'estimated', text: 'Olá!',
  },
  'openai-chat-finish-content-filter.SYNTHETIC.sse': {
    status: 'done', finishReason: 'content_filter', raw: 'content_filter', usage: { inputTokens: 20, outputTokens: 2 }, text: 'Olá!',
  },
  'openai-chat-finish-length.sse': {
    status: 'done', finishReason: 'length', raw: 'length', usage: { inputTokens: 79, outputTokens: 1 }, text: '{"',
  },
  'openai-chat-include-usage-gpt-4o-mini.sse': {
    status: 'done', finishReason: 'stop', raw: 'stop', usage: { inputTokens: 20, outputTokens: 2 }, text: 'Olá!',
  },
  'openai-chat-reasoning-tokens-o4-mini.sse': {
    status: 'done', finishReason: 'stop', raw: 'stop', usage: { inputTokens: 19, outputTokens: 84 }, reasoningTokens: 64, text: 'Olá!',
  },
  'openai-chat-refusal.sse': {
    // The refusal text is what the user should read; the turn is marked as filtered.
    status: 'done', finishReason: 'content_filter', raw: 'stop', usage: { inputTokens: 79, outputTokens: 11 },
    text: "I'm sorry, I can't assist with that request.",
  },
  'openai-chat-tool-call.sse': {
    status: 'done', finishReason: 'stop', raw: 'tool_calls', usage: { inputTokens: 76, outputTokens: 24 }, text: '',
  },
  'openai-chat-truncated.DERIVED.sse': {
    status: 'error', errorKind: 'interrupted', finishReason: 'error', raw: null, usage: 'estimated', text: 'Olá!',
  },
  'openai-responses-basic.sse': {
    status: 'done', finishReason: 'stop', raw: 'completed', usage: { inputTokens: 20, outputTokens: 8 },
    reasoningTokens: 0, cacheReadTokens: 0, text: 'Hi in Portuguese is "Oi!"',
  },
  'openai-responses-error-insufficient-quota.REFRAMED.sse': {
    // The SDK throws at `event: error`; the response.failed after it is left unread.
    status: 'error', errorKind: 'quota', finishReason: 'error', raw: null, usage: 'estimated', text: '', stopsAt: 'event: error\n',
  },
  'openai-responses-failed-server-error.SYNTHETIC.sse': {
    status: 'error', errorKind: 'server', finishReason: 'error', raw: null, usage: 'estimated', text: '`total` adds the',
  },
  'openai-responses-incomplete-max-output-tokens.SYNTHETIC.sse': {
    status: 'done', finishReason: 'length', raw: 'max_output_tokens', usage: { inputTokens: 1843, outputTokens: 96 },
    reasoningTokens: 80, cacheReadTokens: 0, thinking: SUMMARY_0, text: '`total` adds the numbers with `reduce`, starting',
  },
  'openai-responses-reasoning-summary.SYNTHETIC.sse': {
    status: 'done', finishReason: 'stop', raw: 'completed', usage: { inputTokens: 1843, outputTokens: 412 },
    reasoningTokens: 320, cacheReadTokens: 1536, thinking: `${SUMMARY_0}\n\n${SUMMARY_1}`,
    text: '`total` adds the numbers with `reduce`, starting at `0`, so `[]` gives `0`.\n\n**Watch out:** float sums drift; use Kahan summation when precision matters.',
  },
  'openai-responses-truncated.DERIVED.sse': {
    status: 'error', errorKind: 'interrupted', finishReason: 'error', raw: null, usage: 'estimated', text: 'Hi in Portuguese is "',
  },
};

/**
 * Records the body chunks each response hands to the SDKs (both call the global fetch), passing every chunk on
 * unchanged, so each replay below also shows that the SDK read it in as many pieces as the server wrote.
 */
function tapFetch(): { bodies: Uint8Array[][]; restore(): void } {
  const original = globalThis.fetch;
  const bodies: Uint8Array[][] = [];
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await original(input, init);
    if (!res.body) return res;
    const chunks: Uint8Array[] = [];
    bodies.push(chunks);
    const counted = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        chunks.push(chunk);
        controller.enqueue(chunk);
      },
    }));
    return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
  }) as typeof fetch;
  return { bodies, restore: () => { globalThis.fetch = original; } };
}

describe('recorded provider streams through the real SDK adapters', () => {
  let server: ProviderServer;
  let tap: ReturnType<typeof tapFetch>;
  before(async () => {
    server = await startProviderServer();
    tap = tapFetch();
  });
  after(async () => {
    tap.restore();
    await server.close();
  });

  it('has an expectation for every transcript in test/fixtures', () => {
    assert.deepEqual(listTranscripts(), Object.keys(EXPECTED).sort());
  });

  // Whole events, then every 7 bytes (splits JSON and multi-byte UTF-8), then 1 byte at a time. Each write reaches
  // the SDK as its own chunk (test/unit/splitReplay.test.ts shows it at the socket).
  for (const chunkBytes of [undefined, 7, 1]) {
    describe(chunkBytes ? `replayed in ${chunkBytes}-byte writes` : 'replayed one event per write', () => {
      for (const [file, want] of Object.entries(EXPECTED)) {
        it(`${file} → ${want.status}${want.errorKind ? ` (${want.errorKind})` : ` (${want.finishReason})`}, text and usage exact`, async () => {
          const wire = file.startsWith('openai') ? 'openai' : 'anthropic';
          // Responses transcripts are read by the Responses adapter (streamExplain.openai.api = responses).
          const provider = file.startsWith('openai-responses') ? providerFor(server, 'openai', undefined, { api: 'responses' }) : undefined;
          server.enqueue({ kind: 'replay', transcript: file, chunkBytes });
          tap.bodies.length = 0;
          let streamed = '';
          let thought = '';
          const result = await sessionFor(server, wire, provider ? { provider } : {}).run({
            onDelta: (t) => (streamed += t),
            onThinking: (t) => (thought += t),
          });
          assert.equal(tap.bodies.length, 1, 'one response');
          const writes = expectedWrites(servedBody(file), chunkBytes);
          if (want.stopsAt) {
            const read = Buffer.concat(tap.bodies[0]);
            const body = servedBody(file);
            const stop = body.indexOf('\n\n', body.indexOf(want.stopsAt)) + 2;
            assert.ok(read.equals(body.subarray(0, read.length)), 'what the SDK read is the start of the transcript, byte for byte');
            assert.ok(read.length >= stop && read.length < body.length, 'the SDK read through the event it stops at, not to the end');
          } else {
            assert.equal(tap.bodies[0].length, writes.length, 'the SDK read one chunk per write');
            assert.ok(Buffer.concat(tap.bodies[0]).equals(servedBody(file)), 'the SDK read the transcript byte for byte');
          }
          assert.equal(result.status, want.status, result.error?.message);
          assert.equal(result.text, want.text);
          assert.equal(streamed, want.text, 'deltas concatenate to the final text');
          assert.equal(thought, want.thinking ?? '', 'thinking streams apart from the text');
          assert.equal(result.finishReason, want.finishReason);
          assert.equal(result.rawFinishReason, want.raw);
          assert.equal(result.error?.kind, want.errorKind);
          if (want.usage === 'estimated') {
            assert.equal(result.usage.estimated, true);
            assert.equal(result.usage.outputTokens > 0, want.text !== '', 'partial text is counted, and nothing when there is none');
            if (want.inputTokens !== undefined) assert.equal(result.usage.inputTokens, want.inputTokens);
          } else {
            assert.equal(result.usage.estimated, false);
            assert.equal(result.usage.inputTokens, want.usage.inputTokens);
            assert.equal(result.usage.outputTokens, want.usage.outputTokens);
            assert.equal(result.usage.reasoningTokens, want.reasoningTokens);
            assert.equal(result.usage.cacheReadTokens, want.cacheReadTokens ?? result.usage.cacheReadTokens);
          }
          assert.equal(result.attempts, 1, 'mid-stream failures are never retried silently');
        });
      }
    });
  }
});
