import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/core/protocol';

/** Debian's Chromium with the flags this machine needs (no sandbox as root, no background network). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(p)) throw new Error(`Chromium not found at ${p}: run .ci/run (it apt-installs chromium) or set CHROMIUM_PATH.`);
  return p;
}

/** chromium.launch gives every browser a fresh temporary profile (its own --user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

const bundle = () => fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'webview.js'), 'utf8');
const css = () => fs.readFileSync(path.join(__dirname, '..', '..', 'media', 'panel.css'), 'utf8');

const STUB = `
window.__sent = [];
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
window.__deliver = async (ms) => {
  for (const m of ms) window.postMessage(m, '*');
  await new Promise((r) => setTimeout(r, 0));
};`;

/**
 * A plain page with an empty body, a stub acquireVsCodeApi that records what the panel posts, and the real
 * dist/webview.js. The panel is driven with the same protocol messages the host sends.
 */
export class PanelPage {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser): Promise<PanelPage> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    // Plain JS strings, not functions: tsx's transpiler would inject helpers the page does not have.
    await page.addScriptTag({ content: STUB });
    await page.addStyleTag({ content: css() });
    await page.addScriptTag({ content: bundle() });
    const p = new PanelPage(page);
    p.pageErrors = errors;
    return p;
  }

  pageErrors: string[] = [];

  /** Deliver host messages the way VS Code does (a window message event), and wait until they are handled. */
  async send(...messages: Array<HostMessage | Record<string, unknown>>): Promise<void> {
    await this.page.evaluate(`window.__deliver(${JSON.stringify(messages)})`);
  }

  sent(): Promise<WebviewMessage[]> {
    return this.page.evaluate('window.__sent') as Promise<WebviewMessage[]>;
  }

  turn(turnId: string) {
    return this.page.locator(`[data-turn-id="${turnId}"]`);
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
