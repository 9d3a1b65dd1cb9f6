import * as vscode from 'vscode';
import type { ProviderId } from '../core/provider';
import { SET_PRICE_COMMAND } from './ids';
import { SECTION } from './settings';

export { SET_PRICE_COMMAND };
const KEY = `${SECTION}.prices`;

/** A row to complete: the prices are null, so an unfilled row changes nothing (settings.ts skips it) until it is. */
export type PriceTemplate = { [K in 'input' | 'output' | 'cacheRead' | 'cacheWrite']: number | null };
export const PRICE_TEMPLATE: PriceTemplate = { input: null, output: null, cacheRead: null, cacheWrite: null };

type PriceSetting = Partial<Record<ProviderId, Record<string, unknown>>>;

/**
 * "price unknown — set a price": writes a template row for the model into the user's settings.json (the Global
 * target, through the configuration API, so VS Code keeps the file's formatting and comments), opens that file at
 * `streamExplain.prices` with VS Code's own reveal, and puts the cursor on the row's first `null`. The JSON file
 * rather than the Settings editor because VS Code 1.100's Settings editor edits an object setting like this one only
 * as "Edit in settings.json" anyway. A row the user already has is left as it is and only shown.
 */
export async function setPrice(provider: ProviderId, model: string): Promise<vscode.TextEditor | undefined> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = (config.inspect<PriceSetting>('prices')?.globalValue ?? {}) as PriceSetting;
  const rows = current[provider] ?? {};
  if (!(model in rows)) {
    try {
      await config.update('prices', { ...current, [provider]: { ...rows, [model]: { ...PRICE_TEMPLATE } } }, vscode.ConfigurationTarget.Global);
    } catch (err) {
      // E.g. settings.json is open with unsaved changes: VS Code refuses to write it, and says so.
      void vscode.window.showErrorMessage(`Stream Explain: could not add ${model} to ${KEY}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // edit: false: with `edit`, VS Code inserts an empty line into an object setting, leaving the file unsaved.
  await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: KEY, edit: false } });
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const at = rowOffset(editor.document.getText(), provider, model);
  if (at !== undefined) {
    const pos = editor.document.positionAt(at.start);
    editor.selection = new vscode.Selection(pos, editor.document.positionAt(at.end));
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return editor;
}

/**
 * Where the model's row is in settings.json text: its first `null` (what the user types over), else its key. Found by
 * text after the setting's key, the provider's key and the model's quoted name (the file is JSON with comments, and
 * the row was written by VS Code a moment ago, so this is its layout).
 */
export function rowOffset(text: string, provider: string, model: string): { start: number; end: number } | undefined {
  const setting = text.indexOf(JSON.stringify(KEY));
  if (setting < 0) return undefined;
  const prov = text.indexOf(JSON.stringify(provider), setting);
  if (prov < 0) return undefined;
  const name = JSON.stringify(model);
  const row = text.indexOf(name, prov);
  if (row < 0) return undefined;
  const close = text.indexOf('}', row);
  const nul = text.indexOf('null', row);
  if (nul >= 0 && (close < 0 || nul < close)) return { start: nul, end: nul + 4 };
  return { start: row, end: row + name.length };
}
