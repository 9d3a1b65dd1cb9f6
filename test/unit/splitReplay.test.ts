import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { listTranscripts } from '../server/fixtures';
import { startProviderServer, type ProviderServer } from '../server/providerServer';
import type { Wire } from '../server/sseWriters';
import { expectedWrites, servedBody, utf8Cuts } from './replayWrites';

/**
 * The replays really arrive in the pieces they are written in. Read below any SDK: the client socket's reads (each
 * `data` event of the socket is one read from the kernel) and the body chunks of `fetch`, which both SDKs use. The
 * response's own `data` events cannot show it: Node's HTTP parser emits one per chunked-encoding chunk even when
 * many chunks came in a single read.
 */

const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer test-key', 'anthropic-version': '2023-06-01' };
const CRLF = Buffer.from('\r\n');

const wireOf = (file: string): Wire => (file.startsWith('openai-responses') ? 'responses' : file.startsWith('openai') ? 'openai' : 'anthropic');
const PATHS: Record<Wire, string> = { openai: '/v1/chat/completions', responses: '/v1/responses', anthropic: '/v1/messages' };
const pathOf = (wire: Wire) => PATHS[wire];

interface RawExchange {
  status: number;
  /** Every read of the client socket, HTTP framing included. */
  reads: Buffer[];
  /** The de-chunked body. */
  body: Buffer;
}

/** One request over a fresh connection (no keep-alive), recording each read of its socket. */
function rawExchange(server: ProviderServer, wire: Wire): Promise<RawExchange> {
  const agent = new http.Agent({ keepAlive: false });
  return new Promise<RawExchange>((resolve, reject) => {
    const reads: Buffer[] = [];
    const body: Buffer[] = [];
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathOf(wire), method: 'POST', agent, headers: HEADERS }, (res) => {
      res.on('data', (c: Buffer) => body.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reads, body: Buffer.concat(body) }));
      res.on('error', reject);
    });
    req.on('socket', (socket) => socket.on('data', (d: Buffer) => reads.push(d)));
    req.on('error', reject);
    req.end(JSON.stringify({ model: 'm', stream: true }));
  }).finally(() => agent.destroy());
}

/** The body chunks as `fetch` (what the SDKs read) hands them over. */
async function fetchChunks(server: ProviderServer, wire: Wire): Promise<Uint8Array[]> {
  const res = await fetch(`${server.url}${pathOf(wire)}`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ model: 'm', stream: true }) });
  assert.equal(res.status, 200);
  assert.ok(res.body);
  const chunks: Uint8Array[] = [];
  const reader = res.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return chunks;
}

/** One chunk of HTTP/1.1 chunked encoding, as it is on the wire. */
const framed = (piece: Buffer) => Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, CRLF]);

describe('split replays reach the client one write per read', () => {
  let server: ProviderServer;
  before(async () => { server = await startProviderServer(); });
  after(async () => { await server.close(); });

  for (const size of [undefined, 7, 1]) {
    describe(size ? `${size}-byte writes` : 'one event per write', () => {
      for (const file of listTranscripts()) {
        it(`${file}: head, each write and last chunk are one socket read each; body byte for byte`, async () => {
          const writes = expectedWrites(servedBody(file), size);
          server.enqueue({ kind: 'replay', transcript: file, chunkBytes: size });
          const got = await rawExchange(server, wireOf(file));
          assert.equal(got.status, 200);
          assert.ok(got.body.equals(servedBody(file)), 'reassembled body equals the transcript');
          assert.equal(got.reads.length, writes.length + 2, `${writes.length} writes + head + last chunk`);
          const head = got.reads[0].toString('latin1');
          assert.ok(head.startsWith('HTTP/1.1 200 OK\r\n') && head.endsWith('\r\n\r\n'), 'the first read is the head alone');
          const wrong = writes.findIndex((w, i) => !got.reads[i + 1].equals(framed(w)));
          assert.equal(wrong, -1, `read ${wrong + 1} is not write ${wrong} alone: ${JSON.stringify(got.reads[wrong + 1]?.toString('latin1'))}`);
          assert.equal(got.reads[got.reads.length - 1].toString('latin1'), '0\r\n\r\n');
        });
      }
    });
  }

  for (const size of [undefined, 7, 1]) {
    it(`fetch (the SDKs' HTTP client) gets one body chunk per write: openai-chat-basic, ${size ? `${size}-byte writes` : 'one event per write'}`, async () => {
      const writes = expectedWrites(servedBody('openai-chat-basic'), size);
      server.enqueue({ kind: 'replay', transcript: 'openai-chat-basic', chunkBytes: size });
      const chunks = await fetchChunks(server, 'openai');
      assert.equal(chunks.length, writes.length);
      assert.equal(writes.findIndex((w, i) => !w.equals(chunks[i])), -1, 'each chunk is its write');
    });
  }

  describe('UTF-8 split across chunks', () => {
    const OLA_ANSWER = 'Olá! (That\'s "hi" in Portuguese)\n\nYou could also say "Oi!" which is a more casual way to say hi in Portuguese.';
    const cases: Array<{ file: string; size: number; text: string }> = [
      { file: 'anthropic-messages-basic-sonnet-4', size: 7, text: OLA_ANSWER },
      { file: 'anthropic-messages-basic-sonnet-4', size: 1, text: OLA_ANSWER },
      { file: 'openai-chat-include-usage-gpt-4o-mini', size: 1, text: 'Olá!' },
    ];
    for (const { file, size, text } of cases) {
      it(`${file}, ${size}-byte writes: "á" arrives in two chunks; decoding each chunk alone garbles it, a streaming decoder is exact`, async () => {
        server.enqueue({ kind: 'replay', transcript: file, chunkBytes: size });
        const chunks = await fetchChunks(server, wireOf(file));
        const cuts = utf8Cuts(chunks);
        assert.equal(cuts.length, 1, 'the one multi-byte character is cut between two chunks');
        const whole = Buffer.concat(chunks);
        assert.deepEqual([...whole.subarray(cuts[0] - 1, cuts[0] + 1)], [0xc3, 0xa1], 'the cut falls inside "á" (C3 A1)');

        // The broken client path: each chunk turned into text on its own before the SSE lines are cut.
        const perChunk = chunks.map((c) => Buffer.from(c).toString('utf8')).join('');
        assert.notEqual(sseText(perChunk), text);
        assert.match(sseText(perChunk), /Ol\uFFFD\uFFFD!/, 'each half of "á" becomes a replacement character');
        // The same decoding is exact when the body is read in one piece, so only a split delivery exposes it.
        assert.equal(sseText(whole.toString('utf8')), text);

        const decoder = new TextDecoder();
        const streamed = chunks.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode();
        assert.equal(sseText(streamed), text);
      });
    }
  });
});

interface SseData {
  type?: string;
  delta?: { type?: string; text?: string };
  choices?: Array<{ delta?: { content?: string | null } }>;
}

/** The answer text in a whole SSE body, either wire (a minimal reader for this test, not the SDKs' parser). */
function sseText(stream: string): string {
  let out = '';
  for (const line of stream.split('\n')) {
    if (!line.startsWith('data:') || line.trim() === 'data: [DONE]') continue;
    const ev = JSON.parse(line.slice('data:'.length)) as SseData;
    if (ev.type === 'content_block_delta' && ev.delta?.type === 'text_delta') out += ev.delta.text ?? '';
    out += ev.choices?.[0]?.delta?.content ?? '';
  }
  return out;
}
