/**
 * A bench:latency session: its own code-server with one extension loaded from a folder (extensionDevelopmentPath),
 * its own browser with the recorder injected, the extension's webview view opened from the activity bar.
 */
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { panel, type CodeServerDriver } from '../../test/e2e/ui/workbench';
import { activateInspector, inspectPort } from './hostProfile';
import { BINDING, recorderScript, type VisibleRecord } from './recorder';

export interface Session {
  label: string;
  browser: BrowserContext;
  page: Page;
  view: FrameLocator;
  close(): Promise<void>;
  /** With --host-profile: the extension host's inspector port. */
  inspect?: number;
}

export interface SessionOptions {
  label: string;
  /** The extension's folder (its package.json, and what it loads). */
  dir: string;
  /** The activity-bar item that opens its view (the start of its aria-label). */
  activity: string;
  /** What the view shows once its page has loaded. */
  loaded: string;
}

/** code-server with the extension in `o.dir`, a browser with the recorder, the view open. */
export async function openSession(
  driver: CodeServerDriver, o: SessionOptions, workspace: string, settings: Record<string, unknown>, visible: VisibleRecord[], split: boolean, hostProfile = false,
): Promise<Session> {
  // --host-profile: the extension host's inspector port (NODE_OPTIONS reaches it through code-server).
  const inspect = hostProfile ? inspectPort() : undefined;
  const env = { OPENAI_API_KEY: 'bench-key', ANTHROPIC_API_KEY: 'bench-key', ...(inspect ? { NODE_OPTIONS: `--inspect-port=${inspect}` } : {}) };
  const server = await driver.startCodeServer({ env, settings });
  const browser = await driver.launchBrowser({ viewport: { width: 1400, height: 860 } });
  const close = async () => {
    await browser.close().catch(() => undefined);
    await server.stop();
  };
  try {
    await browser.addInitScript({ content: recorderScript(split) });
    await browser.exposeBinding(BINDING, (_source, payload: string) => {
      for (const r of JSON.parse(payload) as VisibleRecord[]) visible.push(r);
    });
    const page = await driver.openWorkbench(server, browser, { folder: workspace, extensionDevelopmentPath: o.dir, forward: false });
    page.setDefaultTimeout(60_000);
    const view = panel(page);
    await page.locator(`.part.activitybar .action-item a[aria-label^="${o.activity}"]`).click();
    await view.locator(o.loaded).waitFor({ state: 'visible' });
    if (inspect) await activateInspector(server.pid);
    return { label: o.label, browser, page, view, close, inspect };
  } catch (err) {
    await close();
    throw err;
  }
}
