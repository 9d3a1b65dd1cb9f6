import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { startProviderServer, type ProviderServer, type RecordedRequest } from '../../server/providerServer';
import { loadDriver, loadPackager, panel, selectLines, within, type CodeServer, type CodeServerDriver, nthRequest as requestAt, closeUiSuite, screenshotIfFailed } from './workbench';

/**
 * Stream Explain used with the keyboard alone in a real VS Code (code-server 4.100.3 + Chromium, the packaged .vsix):
 * Quick Open, a keyboard selection, the Explain keybinding (the focus stays in the editor), Focus Question Box, the
 * answer's heading reached with Alt+Up, Tab to a code block's Copy and Enter (pasted back with Ctrl+V), Escape to stop,
 * a follow-up typed and sent with Enter. No step calls a mouse API, and the workbench page counts pointer and mouse
 * events from its start: the last test checks there were none (the panel's inner frame is written by VS Code's webview
 * host, where an init script does not run, so it cannot count its own). Also: code in the panel follows
 * `editor.fontSize` set in the Settings editor.
 *
 * Needs `bash scripts/e2e/install.sh` (code-server, Chromium). Output: test-results/ui-keyboard.log.
 */

const REPO = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(REPO, 'test-results');
const SAMPLE_DIR = path.join(REPO, 'test', 'fixtures', 'sample');
const SAMPLE_FILE = 'rateLimiter.ts';
const CODE = 'const bucket = new RateLimiter(10, 1);\nif (bucket.tryTake()) send();';
const ANSWER = [
  'It spends one token from the bucket before each send.',
  '',
  '```ts',
  CODE,
  '```',
  '',
  'When the bucket is empty the call is skipped.',
].join('\n');
const FOLLOW_UP = 'What happens when the clock goes backwards?';
const FOLLOW_UP_ANSWER = 'Elapsed time turns negative, so the refill subtracts tokens.';

/**
 * Counts every pointer and mouse event a frame sees, on its root element (readable through a locator: the webview's
 * CSP forbids the eval that `evaluate` needs). Installed in the workbench page before its scripts.
 */
const COUNT_POINTER_EVENTS = `(() => {
  for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click', 'contextmenu', 'wheel']) {
    window.addEventListener(type, (e) => {
      if (type === 'click' && e.detail === 0) return; // a click the keyboard made (Enter or Space on a button)
      const root = document.documentElement;
      root.setAttribute('data-se-pointer-events', String(Number(root.getAttribute('data-se-pointer-events') || 0) + 1));
    }, true);
  }
})();`;

describe('Stream Explain with the keyboard only (code-server + Chromium)', function () {
  this.timeout(120_000);

  let driver: CodeServerDriver;
  let provider: ProviderServer;
  let server: CodeServer;
  let browser: BrowserContext;
  let page: Page;
  let view: FrameLocator;
  let workspace: string;
  let packaged: string;
  let log: fs.WriteStream;

  const turns = () => view.locator('[data-turn-id]');
  const turn = (i: number) => turns().nth(i);
  const answer = (i: number) => turn(i).locator('[data-role=answer]');
  const focusedIn = (frame: FrameLocator | Page, selector: string): Locator => frame.locator(`${selector}:focus`);

  async function settledState(i: number): Promise<string> {
    await turn(i).and(view.locator(':not([data-state=streaming])')).waitFor({ state: 'attached' });
    return (await turn(i).getAttribute('data-state')) ?? '';
  }

  const nthRequest = (index: number): Promise<RecordedRequest> => requestAt(provider, index);

  /** F1, type the command's name, Enter on the palette's first row once it is that command. */
  async function paletteByKeyboard(label: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await page.keyboard.type(`${label}`);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /** The height of the answer's first code block, in CSS pixels of the workbench. */
  async function codeHeight(): Promise<number> {
    const box = await answer(0).locator('.code-block pre').first().boundingBox();
    assert.ok(box, 'the code block is on screen');
    return box.height;
  }

  before(async function () {
    this.timeout(240_000);
    fs.mkdirSync(RESULTS, { recursive: true });
    log = fs.createWriteStream(path.join(RESULTS, 'ui-keyboard.log'));
    log.on('error', () => undefined);

    driver = await loadDriver();
    packaged = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-vsix-kb-'));
    const { vsix } = (await loadPackager()).packageVsix({
      out: path.join(packaged, 'stream-explain.vsix'), stage: path.join(packaged, 'stage'), quiet: true,
    });
    provider = await startProviderServer();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-kb-'));
    fs.cpSync(SAMPLE_DIR, workspace, { recursive: true });
    server = await driver.startCodeServer({
      env: { OPENAI_API_KEY: 'sk-ui-keyboard-key', ANTHROPIC_API_KEY: '' },
      settings: {
        'streamExplain.openai.baseUrl': provider.openaiBaseUrl,
        'workbench.colorTheme': 'Default Dark Modern',
        'typescript.tsserver.useSyntaxServer': 'always',
        'typescript.disableAutomaticTypeAcquisition': true,
        'editor.minimap.enabled': false,
        'editor.fontSize': 14,
        // The context gatherer is covered elsewhere; here the prompt is the selection alone.
        'streamExplain.context.maxTokens': 0,
      },
      installExtensions: [vsix],
      onOutput: (line, stream) => log.write(`[code-server ${stream}] ${line}\n`),
    });
    browser = await driver.launchBrowser({ viewport: { width: 1400, height: 860 } });
    await browser.grantPermissions(['clipboard-read', 'clipboard-write']);
    await browser.addInitScript(COUNT_POINTER_EVENTS);
    page = await driver.openWorkbench(server, browser, { folder: workspace, out: log });
    page.setDefaultTimeout(30_000);
    view = panel(page);
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, RESULTS, 'keyboard');
  });

  after(async function () {
    this.timeout(60_000);
    await closeUiSuite({ browser, server, provider, workspace, packaged, log });
  });

  it('explains a keyboard selection with Ctrl+Alt+E; the focus stays in the editor', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.keyboard.type(SAMPLE_FILE);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: SAMPLE_FILE }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .monaco-editor.focused').waitFor({ state: 'visible' });
    await selectLines(page, 10, 18);

    provider.enqueue({ kind: 'script', text: ANSWER, tokensPerSecond: 60, ttftMs: 100 });
    await page.keyboard.press('Control+Alt+E');
    await turn(0).waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await settledState(0), 'done');
    await answer(0).locator('.code-block').waitFor({ state: 'visible' });
    // The editor kept the focus: the panel showed the answer without taking it.
    await page.locator('.editor-instance .monaco-editor.focused').waitFor({ state: 'visible' });
    assert.equal(await focusedIn(view, '*').count(), 0, 'something in the panel has the focus');
  });

  it('Focus Question Box moves the focus to the panel; Alt+Up reaches the answer and its heading names the model', async () => {
    await page.keyboard.press('Control+Alt+,');
    await focusedIn(view, '[data-role=ask-input]').waitFor({ state: 'visible' });
    await page.keyboard.press('Alt+ArrowUp');
    // A heading (h2), so a screen reader's heading navigation lands on it too.
    const heading = focusedIn(view, 'h2[data-role=answer-heading]');
    await heading.waitFor({ state: 'visible' });
    assert.equal(((await heading.textContent()) ?? '').trim(), 'Answer from gpt-6.1-terra (openai)');
  });

  it("Tab reaches the code block's Copy; Enter copies the code, which Ctrl+V pastes into a new file", async () => {
    const copy = focusedIn(view, '[data-role=copy-code]');
    for (let presses = 0; presses < 20 && (await copy.count()) === 0; presses++) await page.keyboard.press('Tab');
    assert.equal(await copy.count(), 1, 'Tab never reached the Copy button of the code block');
    await page.keyboard.press('Enter');
    await view.locator('[data-role=copy-code][data-label=Copied], [data-role=copy-code]:text("Copied")').first().waitFor({ state: 'visible' });

    await page.keyboard.press('Control+N');
    await page.locator('.editor-instance .monaco-editor.focused').waitFor({ state: 'visible' });
    await page.keyboard.press('Control+V');
    for (const line of CODE.split('\n')) {
      await page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: line }).first().waitFor({ state: 'visible' });
    }
  });

  it('a follow-up typed in the question box is sent with Enter and carries the conversation', async () => {
    const before = provider.requests.length;
    provider.enqueue({ kind: 'script', text: FOLLOW_UP_ANSWER, tokensPerSecond: 60, ttftMs: 100 });
    await page.keyboard.press('Control+Alt+,');
    await focusedIn(view, '[data-role=ask-input]').waitFor({ state: 'visible' });
    await page.keyboard.type(FOLLOW_UP);
    await page.keyboard.press('Enter');
    await turn(1).waitFor({ state: 'visible' });
    assert.equal(await settledState(1), 'done');
    assert.equal(((await answer(1).textContent()) ?? '').trim(), FOLLOW_UP_ANSWER);

    const messages = ((await nthRequest(before)).body.messages as Array<{ role: string; content: unknown }>).filter((m) => m.role !== 'system');
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(messages[1].content, ANSWER);
    assert.equal(messages[2].content, FOLLOW_UP);
    // Still in the question box, ready for the next one.
    await focusedIn(view, '[data-role=ask-input]').waitFor({ state: 'visible' });
  });

  it('Escape in the panel stops a streaming answer: Stopped, text kept, connection closed', async () => {
    const before = provider.requests.length;
    provider.enqueue({ kind: 'script', tokens: 1500, tokensPerSecond: 20, ttftMs: 100 });
    await page.keyboard.type('Walk me through it slowly.');
    await page.keyboard.press('Enter');
    await turn(2).waitFor({ state: 'visible' });
    const req = await nthRequest(before);
    await answer(2).filter({ hasText: /\S(\s+\S+){10}/ }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    assert.equal(await settledState(2), 'cancelled');
    await turn(2).locator('[data-role=turn-marker]').filter({ hasText: 'Stopped' }).waitFor({ state: 'visible' });
    assert.ok(((await answer(2).textContent()) ?? '').trim().split(/\s+/).length > 10, 'the partial answer was not kept');
    await within(req.ended, 10_000, 'the server did not see the stream end');
    assert.equal(req.clientDisconnected, true);
  });

  it('code in the panel follows editor.fontSize when the user changes it; prose keeps the workbench size', async () => {
    const small = await codeHeight();
    const proseBefore = await answer(0).locator('p').first().boundingBox();
    // Through the Settings editor, as a user would (its search box has the focus when it opens).
    await paletteByKeyboard('Preferences: Open Settings (UI)');
    await page.keyboard.type('editor.fontSize');
    const input = page.locator('.settings-editor .setting-item-contents[data-key="editor.fontSize"] input');
    await input.waitFor({ state: 'visible' });
    await input.fill('28');
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 30_000;
    let large = small;
    while (large < small * 1.6 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      large = await codeHeight();
    }
    assert.ok(large >= small * 1.6, `the code block is ${large}px high at 28px, ${small}px at 14px`);
    // The prose keeps the workbench's font size: only code follows the editor's.
    const proseAfter = await answer(0).locator('p').first().boundingBox();
    assert.ok(proseBefore && proseAfter, 'the first paragraph is on screen');
    assert.equal(proseAfter.height, proseBefore.height, 'the prose changed size with the editor font');
  });

  it('nothing in this file used a pointer: no pointer or mouse event reached the workbench or the panel', async () => {
    assert.equal(await page.locator('html').getAttribute('data-se-pointer-events'), null, 'the workbench saw pointer events');
    // The counter is live: a real click on the workbench is counted (so the check above could fail).
    await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
    await page.locator('html[data-se-pointer-events]').waitFor({ state: 'attached' });
  });
});
