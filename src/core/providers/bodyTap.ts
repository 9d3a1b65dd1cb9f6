/**
 * Lets the adapters see a streamed response body's bytes as the SDK reads them, at the cost of one promise callback
 * per read. Piping the body through a TransformStream did the same at several promise hops, a writable and a readable
 * per chunk (two of them on OpenAI's path: a third of the host's CPU per token over the bare SDK, see
 * bench/results/host-cpu-profile-*.txt). The body stays the platform's own ReadableStream: only the two ways the SDKs
 * read it are wrapped on this instance, a reader's `read` (openai) and async iteration (@anthropic-ai/sdk).
 */
export type ChunkTap = (chunk: Uint8Array) => void;

interface ReadResultLike {
  done?: boolean;
  value?: unknown;
}

interface AsyncIteratorLike {
  next(...args: unknown[]): Promise<ReadResultLike>;
}

export function tapBody(res: Response, tap: ChunkTap): Response {
  const body = res.body;
  if (!body) return res;
  const seen = <R extends ReadResultLike>(r: R): R => {
    if (!r.done && r.value instanceof Uint8Array) tap(r.value);
    return r;
  };
  const getReader = body.getReader.bind(body) as (options?: unknown) => { read(...args: unknown[]): Promise<ReadResultLike> };
  define(body, 'getReader', (options?: unknown) => {
    const reader = getReader(options);
    const read = reader.read.bind(reader);
    define(reader, 'read', (...args: unknown[]) => read(...args).then(seen));
    return reader;
  });
  const iterable = body as unknown as Record<PropertyKey, ((...args: unknown[]) => AsyncIteratorLike) | undefined>;
  for (const key of [Symbol.asyncIterator, 'values'] as const) {
    const iterate = iterable[key]?.bind(body);
    if (!iterate) continue;
    define(body, key, (...args: unknown[]) => {
      const it = iterate(...args);
      const next = it.next.bind(it);
      define(it, 'next', (...a: unknown[]) => next(...a).then(seen));
      return it;
    });
  }
  return res;
}

function define(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
}
