import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import type { ProviderServer, RecordedRequest } from '../../server/providerServer';

/**
 * Typed access to the code-server driver (test/e2e/host/codeServer.mjs, plain ESM without declarations) and the
 * workbench gestures the UI tests share. Only the part of the driver these tests use is typed here.
 */

export interface CodeServer {
  port: number;
  url: string;
  pid: number;
  dirs: { root: string; home: string; tmp: string; userData: string; extensions: string; logs: string };
  output(): string;
  exited: Promise<number | string | null>;
  stop(opts?: { graceMs?: number }): Promise<void>;
}

export interface CodeServerDriver {
  startCodeServer(opts: {
    env?: Record<string, string>;
    settings?: Record<string, unknown>;
    workspace?: string;
    args?: string[];
    /** .vsix files installed into the instance's own extensions dir before it starts. */
    installExtensions?: string[];
    onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
    startTimeoutMs?: number;
  }): Promise<CodeServer>;
  launchBrowser(opts?: { viewport?: { width: number; height: number }; headless?: boolean; args?: string[] }): Promise<BrowserContext>;
  openWorkbench(
    server: CodeServer,
    context: BrowserContext,
    opts: { folder?: string; extensionDevelopmentPath?: string; timeoutMs?: number; forward?: boolean; out?: NodeJS.WritableStream },
  ): Promise<Page>;
  runCommandFromPalette(page: Page, label: string, opts?: { timeoutMs?: number }): Promise<void>;
}

/** The driver is ESM; a computed specifier keeps TypeScript from looking for declarations it does not have. */
export async function loadDriver(): Promise<CodeServerDriver> {
  const specifier = pathToFileURL(path.join(__dirname, '..', 'host', 'codeServer.mjs')).href;
  return (await import(specifier)) as CodeServerDriver;
}

/** scripts/package.mjs, typed: production bundles packed into a .vsix by vsce. */
export interface Packager {
  packageVsix(opts?: { out?: string; stage?: string; quiet?: boolean }): { vsix: string; bytes: number };
}

export async function loadPackager(): Promise<Packager> {
  const specifier = pathToFileURL(path.join(__dirname, '..', '..', '..', 'scripts', 'package.mjs')).href;
  return (await import(specifier)) as Packager;
}

/**
 * The panel's content: the webview view's outer iframe, then its active inner frame. Read it with locators only: the
 * webview's CSP has no 'unsafe-eval', and playwright's evaluate/waitForFunction rely on eval.
 */
export function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** A status-bar entry by its full id (`<publisher>.<name>.<item id>` for extension items). */
export function statusItem(page: Page, id: string): Locator {
  return page.locator(`.part.statusbar .statusbar-item[id="${id}"]`);
}

/** The line of the active editor whose text contains `text`. */
export function editorLine(page: Page, text: string): Locator {
  return page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: text }).first();
}

/** Quick Open (Ctrl+P), type the name, pick the row: the file opens in the editor. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().click();
}

/**
 * Select whole lines `from`..`to` (1-based, inclusive) of the focused editor with the keyboard: Go to Line, then
 * Shift+Down and Shift+End, as a user would.
 */
export async function selectLines(page: Page, from: number, to: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${from}:1`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  for (let i = from; i < to; i++) await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
}

/** Widen the primary side bar by dragging its sash, so the panel is readable next to the code. */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('no side bar');
  if (box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/**
 * "Developer: Reload Window", resolved once the reloaded workbench has loaded: the old page's status bar and panel
 * stay on screen for a moment after the command, so waiting on them alone could pass before the reload happened.
 */
export async function reloadWindow(driver: CodeServerDriver, page: Page): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: 90_000 });
  await driver.runCommandFromPalette(page, 'Developer: Reload Window');
  await loaded;
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
}

/**
 * After a reload: wait for the panel's question box to come back with the restored side bar, and if it has not
 * within `graceMs`, run "Stream Explain: Focus Question Box", which opens the view and never closes it. (Clicking the
 * activity-bar icon instead toggled the side bar CLOSED when it was already opening on a loaded machine.) Being
 * idempotent, the command is tried again while the reloaded workbench is still too busy to open its command palette.
 */
export async function showPanelAfterReload(driver: CodeServerDriver, page: Page, graceMs = 30_000): Promise<void> {
  const ask = panel(page).locator('[data-role=ask-input]');
  if (await ask.waitFor({ state: 'visible', timeout: graceMs }).then(() => true, () => false)) return;
  for (let attempt = 1; ; attempt++) {
    const shown = await driver.runCommandFromPalette(page, 'Stream Explain: Focus Question Box', { timeoutMs: 30_000 })
      .then(() => ask.waitFor({ state: 'visible', timeout: 30_000 }))
      .then(() => true, () => false);
    if (shown) return;
    if (attempt === 3) throw new Error('the panel did not come back after the reload, even with Focus Question Box');
    await page.keyboard.press('Escape');
  }
}

/**
 * Set one user setting through the Settings editor (opened if it is not), as a user would: a running code-server did
 * not pass a rewrite of its settings.json on to the extension host, the editor's writes always reach it. Choices are
 * picked on the setting's <select>, text and numbers typed into its box and committed with Tab.
 *
 * Resolved only once the write has landed in the instance's User settings.json. The editor debounces its writes (200 ms
 * for choices, 1 s for text and numbers) and, when a second setting changes while the first is still pending, writes
 * the second at once and drops the first's pending write (VS Code 1.100 settingsEditor2 onDidChangeSetting): typing
 * the next setting too soon lost the previous one. A change of another setting can also re-render the row being
 * typed into and reset it, so an edit that did not land is made again.
 */
export async function setSetting(driver: CodeServerDriver, page: Page, server: CodeServer, key: string, value: string | number): Promise<void> {
  if (!(await page.locator('.settings-editor').isVisible())) await driver.runCommandFromPalette(page, 'Preferences: Open Settings (UI)');
  const setting = page.locator(`.settings-editor .setting-item-contents[data-key="${key}"]`);
  // The search box is a small editor: select what it holds and type over it, again until the setting is listed.
  const search = page.locator('.settings-editor .settings-header .suggest-input-container');
  for (let attempt = 1; ; attempt++) {
    await search.click();
    // Typed only once the box has the focus: the settings list, refreshing after the previous write, can take it back.
    const focused = await search.locator('.monaco-editor.focused').waitFor({ state: 'attached', timeout: 2_000 }).then(() => true, () => false);
    if (focused) {
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(key);
      if (await setting.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) break;
    }
    if (attempt === 5) throw new Error(`the Settings editor did not list ${key}`);
  }
  // The editor writes a setting set back to its default as no entry at all.
  const expected = value === settingDefault(key) ? undefined : value;
  for (let attempt = 1; ; attempt++) {
    const select = setting.locator('select');
    if ((await select.count()) > 0) {
      await select.selectOption(String(value));
    } else {
      const box = setting.locator('input').first();
      await box.fill(String(value));
      await box.press('Tab');
    }
    if (await until(() => writtenSetting(server, key) === expected, 5_000)) return;
    if (attempt === 3) throw new Error(`settings.json has ${key} = ${JSON.stringify(writtenSetting(server, key))}, not ${JSON.stringify(expected)}`);
  }
}

const SETTINGS_MISSING = Symbol('settings.json unreadable');

/** `key` in the instance's User settings.json (undefined: not set); a file caught mid-write reads as unreadable. */
function writtenSetting(server: CodeServer, key: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(path.join(server.dirs.userData, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>)[key];
  } catch {
    return SETTINGS_MISSING;
  }
}

/** The extension's declared default of `key` (package.json contributes.configuration). */
function settingDefault(key: string): unknown {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } | Array<{ properties: Record<string, { default?: unknown }> }> };
  };
  const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
  return sections.find((s) => key in s.properties)?.properties[key].default;
}

/** Poll `condition` every 50 ms; true as soon as it holds, false if it still does not after `ms`. */
async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolve with `promise`, or fail naming `what` after `ms` (for server-side events that have no locator). */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The content of the webview (a panel view or an editor tab) that shows `selector`: with the panel and the cost report
 * both open there are two webview frames, and `panel()` alone would not say which.
 */
export async function webviewWith(page: Page, selector: string, timeoutMs = 60_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frames = page.locator('iframe.webview.ready');
    const n = await frames.count();
    for (let i = 0; i < n; i++) {
      // Pinned by the frame's own name (a webview's id) when it has one: an index would move as webviews come and go.
      const name = await frames.nth(i).getAttribute('name').catch(() => null);
      const frame = name ? page.locator(`iframe.webview.ready[name="${name}"]`) : frames.nth(i);
      const content = frame.contentFrame().frameLocator('iframe#active-frame');
      if ((await content.locator(selector).count().catch(() => 0)) > 0) return content;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector} (${n} webviews)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Request number `index` (0-based) to the local provider server, once it has arrived. The server records a request
 * when its body has been read and has no event to wait on, so its list is watched.
 */
export async function nthRequest(provider: ProviderServer, index: number, timeoutMs = 30_000): Promise<RecordedRequest> {
  const deadline = Date.now() + timeoutMs;
  while (provider.requests.length <= index) {
    if (Date.now() > deadline) throw new Error(`the provider server received ${provider.requests.length} requests, not ${index + 1}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return provider.requests[index];
}

/** For a UI file's afterEach: a screenshot of the page when the test failed, `<dir>/ui-<suite>-FAILED-<title>.png`. */
export async function screenshotIfFailed(test: Mocha.Test | undefined, page: Page | undefined, dir: string, suite: string): Promise<void> {
  if (test?.state !== 'failed' || !page) return;
  const name = (test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60) || 'test').toLowerCase();
  await page.screenshot({ path: path.join(dir, `ui-${suite}-FAILED-${name}.png`) }).catch(() => undefined);
}

/** For a UI file's after: closes what its before opened (any of it may be missing if the before failed). */
export async function closeUiSuite(s: {
  browser?: BrowserContext; server?: CodeServer; provider?: ProviderServer; workspace?: string; packaged?: string; log?: fs.WriteStream;
}): Promise<void> {
  await s.browser?.close().catch(() => undefined);
  await s.server?.stop();
  await s.provider?.close();
  for (const dir of [s.workspace, s.packaged]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => (s.log ? s.log.end(r) : r(undefined)));
}
