/** A model as a provider's list endpoint returns it: its id, and a display name where the provider has one. */
export interface ListedModel {
  id: string;
  name?: string;
}

/** The SDK list call of one provider (key, base URL, abort), as loaded from its lazily required bundle. */
export type SdkModelLister = (config: { apiKey: string; baseUrl?: string }, signal: AbortSignal) => Promise<ListedModel[]>;

/** Lists are long on some servers (OpenRouter: hundreds); the picker shows at most this many per provider. */
export const MAX_LISTED = 200;
