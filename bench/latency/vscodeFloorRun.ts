/**
 * The vscode-floor target of bench:latency: the floor extension (vscodeFloor/) in its own code-server, fed the same
 * streams as the panel. One answer per run, started with its command from the palette, as the panel's runs start
 * from its question box.
 */
import type { Page } from 'playwright-core';
import type { Session, SessionOptions } from './session';

export const VSCODE_FLOOR = 'vscode-floor';
/** The same page, its host posting through the panel's own pacing (--vscode-floor-paced). */
export const VSCODE_FLOOR_PACED = `${VSCODE_FLOOR}, paced`;

export const vscodeFloorSession = (dir: string, paced = false): SessionOptions => ({ label: paced ? VSCODE_FLOOR_PACED : VSCODE_FLOOR, dir, activity: 'Latency Floor', loaded: '[data-role=empty]' });

/** The floor extension's settings, taken from the panel's: the same provider, server and models; `paced`: the panel's pacing. */
export function vscodeFloorSettings(panel: Record<string, unknown>, paced = false): Record<string, unknown> {
  return {
    ...panel,
    'latencyFloor.paced': paced,
    'latencyFloor.provider': panel['streamExplain.provider'],
    'latencyFloor.openaiBaseUrl': panel['streamExplain.openai.baseUrl'],
    'latencyFloor.openaiModel': panel['streamExplain.openai.model'],
    'latencyFloor.anthropicBaseUrl': panel['streamExplain.anthropic.baseUrl'],
    'latencyFloor.anthropicModel': panel['streamExplain.anthropic.model'],
  };
}

/**
 * Streams one answer into the floor's view and resolves with its turn id once the frame that showed its last text has
 * run. `previous`: the last run's turn id, still on screen until the new turn replaces it.
 */
export async function vscodeFloorAsk(session: Session, runCommand: (page: Page, label: string) => Promise<void>, previous: string): Promise<string> {
  await runCommand(session.page, 'Latency Floor: Stream an Answer');
  const done = session.view.locator(`[data-turn-id][data-state=done]:not([data-turn-id="${previous}"])`);
  await done.waitFor({ state: 'attached' });
  return (await done.getAttribute('data-turn-id')) ?? '';
}
