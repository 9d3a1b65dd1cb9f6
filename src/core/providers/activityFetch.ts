import { tapBody, type ChunkTap } from './bodyTap';

/**
 * A fetch for the SDK clients that reports every chunk of a response body as it arrives. The SDKs parse SSE
 * themselves and keep keep-alives to themselves (comment lines, Anthropic's `ping` events), so the bytes are the only
 * place a stream that is alive but quiet can be told from a dead one.
 */
export type SdkFetch = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

const platformFetch: SdkFetch = (url, init) => fetch(url, init);

export function activityFetch(onActivity: (() => void) | undefined, base: SdkFetch = platformFetch): SdkFetch {
  if (!onActivity) return base;
  return tappedFetch(() => onActivity(), base);
}

/** A fetch whose response bodies report each chunk read to `tap` (see bodyTap.ts). */
export function tappedFetch(tap: ChunkTap, base: SdkFetch = platformFetch): SdkFetch {
  return async (url, init) => tapBody(await base(url, init), tap);
}
