import type { PriceTable } from '../pricing';
import type { TurnSnapshot } from '../protocol';
import { buildHistory, historyIndexOf } from './history';
import type { ChatMessage } from '../provider';
import type { ModelChoice } from './modelChoice';
import { exportTurn, restoreConversation, type StoredConversation, type StoredTurn } from './persistence';

/**
 * The conversation on the host side: its turns in order and the model chosen for it. Plain data and rules about it
 * (what is sent to the model, what is saved); the engine decides when turns start and end.
 */
export class Conversation {
  private turnList: StoredTurn[];
  /** Undefined: the settings' default provider and model. */
  model: ModelChoice | undefined;

  constructor(restored?: StoredConversation | readonly StoredTurn[]) {
    const { turns, model } = restoreConversation(restored);
    this.turnList = turns;
    this.model = model;
  }

  get turns(): readonly StoredTurn[] {
    return this.turnList;
  }

  add(turn: StoredTurn): void {
    this.turnList.push(turn);
  }

  find(turnId: string): StoredTurn | undefined {
    return this.turnList.find((t) => t.snapshot.turnId === turnId);
  }

  /** A new chat: no turns, and the settings' default model again. */
  clear(): void {
    this.turnList = [];
    this.model = undefined;
  }

  /** What the panel shows, superseded turns marked. */
  snapshot(): TurnSnapshot[] {
    return this.turnList.map((t) => (t.superseded ? { ...structuredClone(t.snapshot), superseded: true } : structuredClone(t.snapshot)));
  }

  /** Earlier turns for the model, within `budgetTokens`. */
  history(budgetTokens: number): ChatMessage[] {
    return buildHistory(this.turnList, budgetTokens);
  }

  /** The history sent with a turn that continues: only what came before it. */
  historyBefore(turn: StoredTurn, budgetTokens: number): ChatMessage[] {
    return this.history(budgetTokens).slice(0, historyIndexOf(this.turnList, turn));
  }

  /** JSON-safe, as it would be restored if the window went away now (a streaming turn saved as stopped). */
  export(prices: PriceTable): StoredConversation {
    const turns = this.turnList.map((t) => exportTurn(t, prices));
    return this.model ? { turns, model: { ...this.model } } : { turns };
  }
}
