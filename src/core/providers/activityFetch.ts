/**
 * A fetch for the SDK clients that reports every chunk of a response body as it arrives. The SDKs parse SSE
 * themselves and keep keep-alives to themselves (comment lines, Anthropic's `ping` events), so the bytes are the only
 * place a stream that is alive but quiet can be told from a dead one.
 */
export type SdkFetch = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function activityFetch(onActivity: (() => void) | undefined, base: SdkFetch = (url, init) => fetch(url, init)): SdkFetch {
  if (!onActivity) return base;
  return async (url, init) => {
    const res = await base(url, init);
    if (!res.body) return res;
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onActivity();
        controller.enqueue(chunk);
      },
    });
    return new Response(res.body.pipeThrough(tap), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
