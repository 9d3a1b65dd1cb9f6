import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/core/protocol';
import { renderWebviewHtml } from '../../src/extension/webviewHtml';
import { themeScript, type ThemeName } from './themes';

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

const ROOT = path.join(__dirname, '..', '..');
/** The page's origin: served by page.route, never by the network. https, so it is a secure context like a webview. */
export const ORIGIN = 'https://panel.test';

/**
 * What VS Code's acquireVsCodeApi gives the page, recording what the panel posts; and a recorder of CSP violations.
 * Installed as an init script (it runs before the page's own scripts, outside its CSP).
 */
const STUB = `
window.__sent = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
// The panel's pending animation-frame callbacks, so "rendered" can mean "nothing left to render", not "some frames
// passed" (a big tail may wait a few frames; on a slow machine longer).
const rawRaf = window.requestAnimationFrame.bind(window);
const rawCaf = window.cancelAnimationFrame.bind(window);
window.__rafPending = new Set();
window.__rawRaf = rawRaf;
window.requestAnimationFrame = (cb) => {
  const h = rawRaf((t) => { window.__rafPending.delete(h); cb(t); });
  window.__rafPending.add(h);
  return h;
};
window.cancelAnimationFrame = (h) => { window.__rafPending.delete(h); rawCaf(h); };
window.__yield = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
// Rendering is spread over animation frames (and a big tail may skip some): wait until the panel has no frame
// requested and two frames in a row changed nothing in the DOM.
window.__frame = () => new Promise((r) => {
  let quiet = 0;
  const mo = new MutationObserver(() => { quiet = 0; });
  mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  const tick = () => {
    if (window.__rafPending.size > 0) quiet = 0;
    if (++quiet > 2) { mo.disconnect(); r(); } else rawRaf(tick);
  };
  rawRaf(tick);
});
window.__deliver = async (ms) => {
  for (const m of ms) window.postMessage(m, '*');
  await new Promise((r) => setTimeout(r, 0));
  await window.__frame();
};`;

export interface PageFiles {
  /** Path of the panel's script, relative to the repository (default: the real bundle). */
  script?: string;
  /** Path of the panel's stylesheet, relative to the repository (default: media/panel.css). */
  style?: string;
}

/**
 * Serves the real webview HTML (src/extension/webviewHtml.ts: its CSP, its nonce'd script, its stylesheet) with
 * dist/webview.js and media/panel.css, from a fake https origin.
 */
export async function servePanel(page: Page, files: PageFiles = {}): Promise<void> {
  const nonce = 'N0nce' + Math.random().toString(36).slice(2);
  const html = renderWebviewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/media/panel.css`, nonce });
  const script = files.script ?? 'dist/webview.js';
  const style = files.style ?? 'media/panel.css';
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    const body = (file: string, contentType: string) => route.fulfill({ status: 200, contentType, body: fs.readFileSync(path.join(ROOT, file)) });
    if (url.pathname === '/') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    if (url.pathname === '/dist/webview.js') return body(script, 'text/javascript; charset=utf-8');
    if (url.pathname === '/media/panel.css') return body(style, 'text/css; charset=utf-8');
    return route.fulfill({ status: 404, body: '' });
  });
}

export interface OpenOptions {
  theme?: ThemeName;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** A script run in the page before the panel's own (after the acquireVsCodeApi stub). */
  initScript?: string;
}

/**
 * The panel as VS Code shows it: the real webview HTML and CSP, the real dist/webview.js and media/panel.css, a stub
 * acquireVsCodeApi that records what the panel posts, and VS Code's theme variables. Driven with the same protocol
 * messages the host sends.
 */
export class PanelPage {
  private constructor(readonly page: Page) {}

  pageErrors: string[] = [];

  static async open(browser: Browser, options: OpenOptions = {}): Promise<PanelPage> {
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 480, height: 720 }, deviceScaleFactor: options.deviceScaleFactor ?? 1 });
    const p = new PanelPage(page);
    page.on('pageerror', (e) => p.pageErrors.push(String(e)));
    // Plain JS strings, not functions: tsx's transpiler would inject helpers the page does not have.
    await page.addInitScript({ content: STUB + themeScript(options.theme ?? 'dark') + (options.initScript ?? '') });
    await servePanel(page);
    // WEBVIEW_CPU_SLOWDOWN=4 runs the page as on a machine four times slower: how flaky waits are caught here.
    const slowdown = Number(process.env.WEBVIEW_CPU_SLOWDOWN ?? 1);
    if (slowdown > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction('window.__sent.length > 0');
    return p;
  }

  /** Deliver host messages the way VS Code does (a window message event), and wait until they are rendered. */
  async send(...messages: Array<HostMessage | Record<string, unknown>>): Promise<void> {
    await this.page.evaluate(`window.__deliver(${JSON.stringify(messages)})`);
  }

  /**
   * Deliver each message in its own task, as separate postMessage calls from the host arrive; with `everyFrame`,
   * wait for a rendered frame after each one (so every message is rendered on its own). Then wait a frame.
   */
  async stream(messages: Array<HostMessage | Record<string, unknown>>, options: { everyFrame?: boolean } = {}): Promise<void> {
    await this.page.evaluate(`(async (ms, everyFrame) => {
      for (const m of ms) {
        window.postMessage(m, '*');
        await window.__yield();
        if (everyFrame) await new Promise((r) => window.__rawRaf(() => r()));
      }
      await window.__frame();
    })(${JSON.stringify(messages)}, ${options.everyFrame === true})`);
  }

  /** Animation frames until the DOM is quiet: whatever was queued is rendered. */
  async frame(): Promise<void> {
    await this.page.evaluate('window.__frame()');
  }

  sent(): Promise<WebviewMessage[]> {
    return this.page.evaluate('window.__sent') as Promise<WebviewMessage[]>;
  }

  violations(): Promise<string[]> {
    return this.page.evaluate('window.__violations') as Promise<string[]>;
  }

  /** Evaluates a script (a string: tsx would add helpers to a function that the page does not have). */
  eval<T>(script: string): Promise<T> {
    return this.page.evaluate(script) as Promise<T>;
  }

  /**
   * Polls `script` (an expression) until it is truthy. (page.waitForFunction would evaluate it with eval inside the
   * page, which the panel's CSP forbids.)
   */
  async until(script: string, what: string, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await this.eval<unknown>(script))) {
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** `fn` (function source, e.g. "(e) => e.className") applied to the first element matching `selector`. */
  $eval<T>(selector: string, fn: string): Promise<T> {
    return this.eval<T>(`(${fn})(document.querySelector(${JSON.stringify(selector)}))`);
  }

  /** `fn` (function source) applied to the array of elements matching `selector`. */
  $$eval<T>(selector: string, fn: string): Promise<T> {
    return this.eval<T>(`(${fn})([...document.querySelectorAll(${JSON.stringify(selector)})])`);
  }

  turn(turnId: string) {
    return this.page.locator(`[data-turn-id="${turnId}"]`);
  }

  answer(turnId: string) {
    return this.turn(turnId).locator('[data-role=answer]');
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/**
 * Mocha hooks for a suite of panel tests: one browser for the suite, a fresh panel for each test (handed to `use`),
 * and after each test, no uncaught page error and no CSP violation.
 */
export function panelPerTest(use: (panel: PanelPage) => void, options: OpenOptions = {}): void {
  let browser: Browser;
  let panel: PanelPage;
  before(async () => { browser = await launchChromium(); });
  after(async () => { await browser?.close(); });
  beforeEach(async () => {
    panel = await PanelPage.open(browser, options);
    use(panel);
  });
  afterEach(async () => {
    assert.deepEqual(panel.pageErrors, [], 'no uncaught errors in the page');
    assert.deepEqual(await panel.violations(), [], 'no CSP violations under the real webview CSP');
    await panel.close();
  });
}
