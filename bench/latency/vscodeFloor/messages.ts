/**
 * The floor extension's messages. Host → page: the panel's own `delta` shape ({ type: 'delta', turnId, text }), so
 * the recorder counts its arrivals and --split finds it in the workbench's WebSocket frames exactly as for the panel;
 * a turn's start and end around it. Page → host: only 'ready'. Both sides check what they receive.
 */

export type FloorMessage =
  | { type: 'turn-start'; turnId: string }
  | { type: 'delta'; turnId: string; text: string }
  | { type: 'turn-end'; turnId: string };

/** Longer ids or texts are not the floor's own (a delta is one SSE event's text). */
const MAX_ID = 100;
const MAX_TEXT = 64 * 1024;

/** One message per delta, nothing added or merged: the floor posts what the SDK gave it. */
export const deltaMessage = (turnId: string, text: string): FloorMessage => ({ type: 'delta', turnId, text });

export function parseFloorMessage(raw: unknown): FloorMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.turnId !== 'string' || !m.turnId || m.turnId.length > MAX_ID) return undefined;
  if (m.type === 'turn-start' || m.type === 'turn-end') return { type: m.type, turnId: m.turnId };
  if (m.type === 'delta' && typeof m.text === 'string' && m.text.length <= MAX_TEXT) return { type: 'delta', turnId: m.turnId, text: m.text };
  return undefined;
}

/** The page's one message: it has loaded and listens. */
export const isReady = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'ready';
