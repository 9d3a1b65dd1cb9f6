import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Calendar } from '../../src/core/ledger/calendar';
import type { LedgerRecord } from '../../src/core/ledger/record';
import { ReportController } from '../../src/core/ledger/reportController';
import type { ReportHostMessage } from '../../src/core/ledger/reportProtocol';
import { renderWebviewHtml } from '../../src/extension/webviewHtml';
import { themeScript, type ThemeName } from './themes';

const ROOT = path.join(__dirname, '..', '..');
const ORIGIN = 'https://report.test';

/**
 * acquireVsCodeApi recording what the page posts; CSP violations; and a count of host messages the page has finished
 * handling (a timer queued by the first 'message' listener runs after every listener of that event, the page's too).
 */
const STUB = `
window.__sent = [];
window.__violations = [];
window.__handled = 0;
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.addEventListener('message', () => setTimeout(() => { window.__handled++; }, 0));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))),
  getState: () => undefined,
  setState: () => {},
});`;

/**
 * Serves the report page to `page` as VS Code would (the real webview HTML and CSP, dist/report.js, media/report.css,
 * theme variables, the acquireVsCodeApi stub); returns the URL to open. The benchmark uses it too.
 */
export async function serveReportPage(page: Page, theme: ThemeName = 'dark'): Promise<string> {
  await page.addInitScript({ content: STUB + themeScript(theme) });
  const nonce = 'N0nce' + Math.random().toString(36).slice(2);
  const html = renderWebviewHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/report.js`, styleUri: `${ORIGIN}/media/report.css`, nonce, title: 'Cost Report' });
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    const file = (f: string, type: string) => route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(path.join(ROOT, f)) });
    if (url.pathname === '/') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    if (url.pathname === '/dist/report.js') return file('dist/report.js', 'text/javascript; charset=utf-8');
    if (url.pathname === '/media/report.css') return file('media/report.css', 'text/css; charset=utf-8');
    return route.fulfill({ status: 404, body: '' });
  });
  return `${ORIGIN}/`;
}

export interface ReportHostDouble {
  records: LedgerRecord[];
  now: number;
  calendar: Calendar;
  /** What the save dialog answers (undefined: cancelled). */
  savePath?: string;
  confirmClear?: boolean;
}

/**
 * The report page as VS Code shows it (the real webview HTML and CSP, dist/report.js, media/report.css, theme
 * variables), wired to the real ReportController in Node: what the page posts is handed to the controller, what the
 * controller posts is delivered to the page. Only the VS Code dialogs and the clipboard are doubles.
 */
export class ReportPage {
  readonly pageErrors: string[] = [];
  readonly posted: ReportHostMessage[] = [];
  readonly saved: Array<{ csv: string; name: string }> = [];
  readonly copied: string[] = [];
  readonly controller: ReportController;
  private taken = 0;
  private delivered = 0;

  private constructor(readonly page: Page, readonly host: ReportHostDouble) {
    this.controller = new ReportController({
      records: async () => this.host.records,
      post: (m) => this.posted.push(m),
      saveCsv: async (csv, name) => {
        this.saved.push({ csv, name });
        return this.host.savePath;
      },
      copy: async (t) => void this.copied.push(t),
      confirmClear: async () => this.host.confirmClear ?? false,
      clear: async () => { this.host.records = []; },
      now: () => this.host.now,
      calendar: this.host.calendar,
      log: () => {},
    });
  }

  static async open(browser: Browser, host: ReportHostDouble, theme: ThemeName = 'dark'): Promise<ReportPage> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const p = new ReportPage(page, host);
    page.on('pageerror', (e) => p.pageErrors.push(String(e)));
    const url = await serveReportPage(page, theme);
    await page.goto(url);
    await p.pump();
    return p;
  }

  eval<T>(script: string): Promise<T> {
    return this.page.evaluate(script) as Promise<T>;
  }

  /** Polls an expression until it is truthy (waitForFunction would eval inside the page, which its CSP forbids). */
  async until(script: string, what: string, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await this.eval<unknown>(script))) {
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Delivers messages as VS Code does, and waits until the page has handled each. */
  async deliver(...messages: unknown[]): Promise<void> {
    if (!messages.length) return;
    await this.page.evaluate(`for (const m of ${JSON.stringify(messages)}) window.postMessage(m, '*')`);
    this.delivered += messages.length;
    await this.until(`window.__handled >= ${this.delivered}`, 'the page to handle the host messages');
  }

  /** Hands what the page posted to the controller and what the controller answered to the page, until both are quiet. */
  async pump(): Promise<void> {
    for (;;) {
      const sent = await this.eval<unknown[]>(`window.__sent.slice(${this.taken})`);
      if (!sent.length) return;
      this.taken += sent.length;
      const before = this.posted.length;
      for (const m of sent) await this.controller.receive(m);
      await this.deliver(...this.posted.slice(before));
    }
  }

  /** Clicks (a user gesture in the page), then runs the host's answer. */
  async click(selector: string): Promise<void> {
    await this.page.click(selector);
    await this.pump();
  }

  async choose(filter: string, value: string): Promise<void> {
    await this.page.selectOption(`select[data-filter="${filter}"]`, value);
    await this.pump();
  }

  /** Clicks "Show more" under the recent requests until every row the host sent is drawn. */
  async showAllRecent(): Promise<void> {
    while (await this.eval<boolean>(`!!document.querySelector('[data-role=show-more]')`)) await this.click('[data-role=show-more]');
  }

  texts(selector: string): Promise<string[]> {
    return this.eval(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent)`);
  }

  violations(): Promise<string[]> {
    return this.eval('window.__violations');
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
