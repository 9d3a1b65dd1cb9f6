import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadHttpError, transcriptPath } from './fixtures';
import { splitEvents, streamBytes } from './bodyPieces';
import { azureRefusal, matchAzureChat } from './routes/azure';
import { serveModels } from './routes/models';
import { responsesFrames } from './responsesFrames';
import { anthropicFrames, generatedTokens, openaiFrames, tokenize, type Wire } from './sseWriters';
import { estimateInputTokens, readBody, streamHeaders, wantsUsage } from './requestFacts';
import { Writer, type Faults } from './writer';

export type { Faults } from './writer';

/**
 * A real HTTP server on 127.0.0.1 that speaks OpenAI Chat Completions, OpenAI Responses and Anthropic Messages streaming, byte for byte,
 * so the official SDKs can be pointed at it with baseURL. Scenarios are queued per test (or chosen by model name, for
 * the demo and settings-driven runs: "replay:<transcript>", "script:tokens=200,rate=50").
 */

export type Scenario =
  | ({
      kind: 'replay';
      /** Transcript name in test/fixtures/transcripts (with or without .sse) or an absolute path. */
      transcript: string;
      /** Bytes per write; default: one SSE event per write. */
      chunkBytes?: number;
      /** Pause between writes. */
      delayMs?: number;
      /** Write the body in pieces cut at these byte offsets (overrides chunkBytes). */
      splitAt?: number[];
      /** End with a socket reset instead of a clean end (for truncated transcripts). */
      endWith?: 'end' | 'reset';
    } & Faults)
  | ({
      kind: 'script';
      /** Exact answer text (tokenized into word pieces), or a generated answer of `tokens` tokens. */
      text?: string;
      tokens?: number;
      tokensPerSecond?: number;
      /** Delay before the first token. */
      ttftMs?: number;
      finish?: 'stop' | 'length';
      /** OpenAI only: send the usage chunk even when the client did not ask (default: when asked). */
      includeUsage?: boolean;
      model?: string;
    } & Faults)
  /** A recorded HTTP error; `headers` adds or (with null) removes response headers, `body` replaces the body. */
  | { kind: 'http-error'; fixture: string; status?: number; headers?: Record<string, string | null>; body?: string }
  /** Arbitrary bytes after a 200 event-stream head (malformed JSON, missing terminators…). */
  | ({ kind: 'raw'; body: string; chunkBytes?: number; splitAt?: number[]; delayMs?: number; endWith?: 'end' | 'reset' } & Faults);

export interface RecordedRequest {
  wire: Wire;
  path: string;
  /** The query string (Azure's api-version), '' when none. */
  query: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  scenario: Scenario;
  startedAt: number;
  endedAt?: number;
  /** The client closed the connection before the response was complete. */
  clientDisconnected: boolean;
  /** The server wrote the whole response. */
  completed: boolean;
  /** Resolves when the exchange is over, either way. */
  ended: Promise<void>;
  /** With the `stamp` option only: its time at each body write, and when the response closed. */
  writeTimes?: number[];
  closedAt?: number;
}

export interface ProviderServer {
  url: string;
  port: number;
  /** baseURL for the OpenAI SDK (…/v1). */
  openaiBaseUrl: string;
  /** baseURL for the Anthropic SDK (the SDK appends /v1/messages). */
  anthropicBaseUrl: string;
  requests: RecordedRequest[];
  /** Queue scenarios for the next requests, in order; when empty, `defaultScenario` answers. */
  enqueue(...scenarios: Scenario[]): void;
  defaultScenario: Scenario;
  /** TCP connections currently open, idle keep-alive ones included. */
  openConnections(): number;
  /** Responses still being written (a stream nobody stopped). */
  activeResponses(): number;
  /** Close idle keep-alive connections (their sockets and timers), so leak checks see only what is really in use. */
  dropIdleConnections(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The moment the server handed one token's frame of a scripted stream to the socket (benchmarks only: bench/latency
 * matches it to the moment the panel shows that text). `at` is epoch milliseconds on the high-resolution clock,
 * `performance.timeOrigin + performance.now()`, which a browser on the same machine reads the same way.
 */
export interface ChunkStamp {
  /** The request's sequence number on this server (1 = the first request it answered). */
  request: number;
  wire: Wire;
  /** The token's index in the answer, and its text. */
  index: number;
  text: string;
  at: number;
}

export const DEFAULT_ANSWER = [
  '## Summary\n\nThis code adds up a list of numbers and returns the total.\n\n',
  '## How it works\n\n1. `reduce` walks the array once, carrying an accumulator.\n',
  '2. The accumulator starts at `0`, so an empty array returns `0` instead of throwing.\n\n',
  '```ts\nconst total = items.reduce((sum, n) => sum + n, 0);\n```\n\n',
  '**Watch out:** very large arrays of floats accumulate rounding error; use a compensated sum if precision matters.',
].join('');

export interface ServerOptions {
  port?: number;
  defaultScenario?: Scenario;
  azureApiKey?: string;
  /**
   * Off by default. A clock (e.g. process.hrtime in ms, comparable across processes): each request then records the
   * time of every body write and of its close, for bench/host.ts's write → panel and Stop → closed figures.
   */
  stamp?: () => number;
  /** Off by default: called right after each token's frame of a scripted stream is written (see ChunkStamp). */
  onChunk?: (stamp: ChunkStamp) => void;
}

export async function startProviderServer(options: ServerOptions = {}): Promise<ProviderServer> {
  const queue: Scenario[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let nextId = 1;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err), type: 'server_error' } }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const api: ProviderServer = {
    url: '', port: 0, openaiBaseUrl: '', anthropicBaseUrl: '', requests,
    defaultScenario: options.defaultScenario ?? { kind: 'script', text: DEFAULT_ANSWER, tokensPerSecond: 80, ttftMs: 150 },
    enqueue: (...s) => queue.push(...s),
    openConnections: () => sockets.size,
    activeResponses: () => requests.filter((r) => r.endedAt === undefined).length,
    dropIdleConnections: async () => {
      server.closeIdleConnections();
      // Let both ends see the close.
      await new Promise((r) => setTimeout(r, 20));
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (serveModels(req, url, res)) return;
    const azure = matchAzureChat(req.method, url);
    const wire: Wire | undefined =
      req.method === 'POST' && (url.pathname === '/v1/chat/completions' || azure) ? 'openai'
      : req.method === 'POST' && url.pathname === '/v1/messages' ? 'anthropic'
      : req.method === 'POST' && url.pathname === '/v1/responses' ? 'responses'
      : undefined;
    if (req.method === 'GET' && url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!wire) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Unknown endpoint ${req.method} ${url.pathname}`, type: 'invalid_request_error', code: 'unknown_url' } }));
      return;
    }
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Invalid JSON body', type: 'invalid_request_error' } }));
      return;
    }
    const model = typeof body.model === 'string' ? body.model : '';
    const refusal = azure ? azureRefusal(req.headers, url, options.azureApiKey) : authFailure(wire, req.headers);
    const scenario = refusal ?? queue.shift() ?? scenarioFromModel(model) ?? api.defaultScenario;
    let markEnded!: () => void;
    const record: RecordedRequest = {
      wire, path: url.pathname, query: url.search, headers: req.headers, body, scenario, startedAt: Date.now(),
      clientDisconnected: false, completed: false, ended: new Promise((r) => (markEnded = r)),
    };
    requests.push(record);
    const { stamp } = options;
    const writeTimes: number[] = [];
    if (stamp) record.writeTimes = writeTimes;
    const out = new Writer(res, stamp && (() => writeTimes.push(stamp())));
    res.on('close', () => {
      if (stamp) record.closedAt = stamp();
      record.completed = res.writableFinished;
      record.clientDisconnected = !res.writableFinished && !out.serverReset;
      record.endedAt = Date.now();
      markEnded();
    });
    await serve(wire, scenario, body, out, nextId++, options.onChunk);
  }

  function authFailure(wire: Wire, headers: http.IncomingHttpHeaders): Scenario | undefined {
    if (wire !== 'anthropic') {
      const auth = headers.authorization;
      return typeof auth === 'string' && /^Bearer \S+/.test(auth) ? undefined : { kind: 'http-error', fixture: 'openai-401-invalid-api-key' };
    }
    // @anthropic-ai/sdk 1.x sends the key as `Authorization: Bearer`; older clients send `x-api-key`. Both are accepted.
    const bearer = typeof headers.authorization === 'string' && /^Bearer \S+/.test(headers.authorization);
    const apiKey = typeof headers['x-api-key'] === 'string' && headers['x-api-key'] !== '';
    const ok = (bearer || apiKey) && typeof headers['anthropic-version'] === 'string';
    return ok ? undefined : { kind: 'http-error', fixture: 'anthropic-401-authentication-error' };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  api.port = port;
  api.url = `http://127.0.0.1:${port}`;
  api.openaiBaseUrl = `${api.url}/v1`;
  api.anthropicBaseUrl = api.url;
  return api;
}

/** "replay:openai-chat-basic" or "script:tokens=300,rate=60,ttft=200,finish=length" as a model name picks a scenario. */
export function scenarioFromModel(model: string): Scenario | undefined {
  if (model.startsWith('replay:')) return { kind: 'replay', transcript: model.slice('replay:'.length) };
  if (model.startsWith('error:')) return { kind: 'http-error', fixture: model.slice('error:'.length) };
  if (model.startsWith('script:')) {
    const params = new Map(model.slice('script:'.length).split(',').map((kv) => kv.split('=') as [string, string]));
    const num = (k: string) => (params.has(k) ? Number(params.get(k)) : undefined);
    return {
      kind: 'script',
      tokens: num('tokens'),
      text: num('tokens') === undefined ? DEFAULT_ANSWER : undefined,
      tokensPerSecond: num('rate'),
      ttftMs: num('ttft'),
      finish: params.get('finish') === 'length' ? 'length' : 'stop',
    };
  }
  return undefined;
}

async function serve(
  wire: Wire, scenario: Scenario, body: Record<string, unknown>, out: Writer, seq: number, onChunk?: (stamp: ChunkStamp) => void,
): Promise<void> {
  const requestId = `req_local${String(seq).padStart(6, '0')}`;
  switch (scenario.kind) {
    case 'http-error': {
      const fx = loadHttpError(scenario.fixture);
      const headers: Record<string, string> = { ...fx.headers };
      for (const [k, v] of Object.entries(scenario.headers ?? {})) {
        if (v === null) delete headers[k];
        else headers[k] = v;
      }
      const text = scenario.body ?? fx.body;
      out.head(scenario.status ?? fx.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
      out.end(text);
      return;
    }
    case 'raw':
      out.head(200, streamHeaders(wire, requestId), scenario);
      return streamBytes(out, Buffer.from(scenario.body, 'utf8'), scenario, (b) => [b]);
    case 'replay': {
      const file = transcriptPath(scenario.transcript);
      let bytes = fs.readFileSync(file);
      // SDK-test fixture files lack the final blank line the real API always sends; the Anthropic SDK would drop
      // the last event without it (test/fixtures/README.md).
      if (!bytes.subarray(-2).equals(Buffer.from('\n\n'))) {
        bytes = Buffer.concat([bytes, Buffer.from(bytes.subarray(-1).equals(Buffer.from('\n')) ? '\n' : '\n\n')]);
      }
      out.head(200, streamHeaders(wire, requestId), scenario);
      return streamBytes(out, bytes, scenario, splitEvents);
    }
    case 'script': {
      const model = scenario.model ?? (typeof body.model === 'string' && !body.model.includes(':') ? body.model : wire === 'anthropic' ? 'claude-sonnet-4-20250514' : 'gpt-4o-mini-2024-07-18');
      const tokens = scenario.text !== undefined ? tokenize(scenario.text) : generatedTokens(scenario.tokens ?? 60);
      const maxTokens = Number(wire === 'openai' ? body.max_completion_tokens ?? body.max_tokens : wire === 'responses' ? body.max_output_tokens : body.max_tokens);
      const cut = Number.isFinite(maxTokens) && maxTokens > 0 && tokens.length > maxTokens;
      const answer = {
        model,
        tokens: cut ? tokens.slice(0, maxTokens) : tokens,
        inputTokens: estimateInputTokens(body),
        finish: cut ? ('length' as const) : scenario.finish ?? 'stop',
        // The Responses API always reports usage (in response.completed / response.incomplete).
        includeUsage: scenario.includeUsage ?? (wire !== 'openai' || wantsUsage(body)),
      };
      const created = Math.floor(Date.now() / 1000);
      const frames = wire === 'openai' ? openaiFrames(answer, `chatcmpl-local${seq}`, created)
        : wire === 'responses' ? responsesFrames(answer, `resp_local${String(seq).padStart(8, '0')}`, created, Number.isFinite(maxTokens) ? maxTokens : null)
        : anthropicFrames(answer, `msg_local${String(seq).padStart(8, '0')}`);
      out.head(200, streamHeaders(wire, requestId), scenario);
      for (const f of frames.first) if (!(await out.send(f))) return;
      if (scenario.ttftMs) await out.pause(scenario.ttftMs);
      const gap = scenario.tokensPerSecond ? 1000 / scenario.tokensPerSecond : 0;
      const t0 = Date.now();
      for (let i = 0; i < frames.perToken.length; i++) {
        if (!(await out.send(frames.perToken[i]))) return;
        onChunk?.({ request: seq, wire, index: i, text: answer.tokens[i], at: performance.timeOrigin + performance.now() });
        // Pace against the schedule, not per sleep, so timer slack does not accumulate.
        if (gap) await out.pause(Math.max(0, t0 + (i + 1) * gap - Date.now()));
      }
      for (const f of frames.last) if (!(await out.send(f))) return;
      out.end();
      return;
    }
  }
}
