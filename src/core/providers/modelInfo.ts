import type { ProviderId } from '../provider';

/**
 * How an answer's cost is known:
 * - 'priced': tokens × the price table (or "price unknown" when the model has no row);
 * - 'reported': the server said what the request cost (OpenRouter's `usage.cost`), shown as exact;
 * - 'included': part of a plan the user already pays for (the VS Code Language Model API);
 * - 'local': a server on this machine (Ollama, LM Studio): free, shown as "local".
 */
export type CostBasis = 'priced' | 'reported' | 'included' | 'local';
export const COST_BASES: readonly CostBasis[] = ['priced', 'reported', 'included', 'local'];

/** A model a provider offers, as the model picker lists it. */
export interface ModelInfo {
  provider: ProviderId;
  /** What goes into the request's `model` (for Azure: the deployment name). */
  id: string;
  label?: string;
  /** A second line, e.g. the owner or the context window. */
  detail?: string;
}
