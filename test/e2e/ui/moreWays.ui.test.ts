import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { startProviderServer, type ProviderServer, type RecordedRequest } from '../../server/providerServer';
import { editorLine, loadDriver, loadPackager, panel, quickOpen, selectLines, widenSideBar, type CodeServer, type CodeServerDriver, nthRequest as requestAt, closeUiSuite, screenshotIfFailed } from './workbench';

/**
 * The other ways in, driven through the UI of a real VS Code (code-server + Chromium) with the packaged .vsix: the
 * light bulb's "Explain with Stream Explain" on a selection (Ctrl+.), its "Explain this problem" on a TypeScript
 * error, the "Explain" CodeLens (streamExplain.codeLens on), and Explain Diff from the editor's context menu in a Git
 * repository. Each checks what the local provider server received. One code-server for the file, with Git on (the
 * default e2e settings turn it off) and the full TypeScript server (the diagnostics need it).
 */

const REPO = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(REPO, 'test-results');
const SAMPLE_DIR = path.join(REPO, 'test', 'fixtures', 'sample');
const SAMPLE_LINES = fs.readFileSync(path.join(SAMPLE_DIR, 'rateLimiter.ts'), 'utf8').split('\n');
const BROKEN = ['export function timeoutMs(): number {', "  const seconds: number = 'thirty';", '  return seconds * 1000;', '}', ''].join('\n');
/** About five seconds at 8 tokens/s: long enough to be seen streaming. */
const LENS_ANSWER = 'TokenBucket is a rate limiter: it holds up to capacity tokens, refills them continuously at refillPerSecond, and tryTake spends cost tokens when enough are left, else refuses without waiting.';
const RETRY_BEFORE = ['export function retryDelay(attempt: number): number {', '  return 100 * attempt;', '}', ''].join('\n');
const RETRY_AFTER = ['export function retryDelay(attempt: number, capMs = 10_000): number {', '  return Math.min(capMs, 100 * 2 ** attempt);', '}', ''].join('\n');

describe('More ways in, through the UI: light bulb, problem, CodeLens, Explain Diff (code-server + Chromium)', function () {
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

  const nthRequest = (index: number): Promise<RecordedRequest> => requestAt(provider, index);

  function lastUserMessage(req: RecordedRequest): string {
    const messages = req.body.messages as Array<{ role: string; content: unknown }>;
    return String(messages[messages.length - 1].content);
  }

  /** Turn `n` (0-based, counted before the request: the panel may not show it yet) finished with `text`. */
  async function answered(n: number, text: string): Promise<void> {
    const t = turns().nth(n);
    await t.and(view.locator('[data-state=done]')).waitFor({ state: 'attached' });
    assert.equal(((await t.locator('[data-role=answer]').textContent()) ?? '').trim(), text);
  }

  /**
   * The light bulb's menu (Ctrl+.), then the row whose text starts with `label`, chosen with the keyboard (the menu
   * sits over a pointer block that the webview beside it needs). The first request can come back empty while the
   * TypeScript server is still starting ("No code actions available"): then Escape and ask again.
   */
  async function quickFix(label: string): Promise<void> {
    const rows = page.locator('.action-widget .monaco-list-row');
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await rows.filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt >= 4) throw err;
        await page.keyboard.press('Escape');
      }
    }
    await page.screenshot({ path: path.join(RESULTS, `ui-more-${label.replace(/[^a-z]+/gi, '-').toLowerCase()}.png`) });
    const count = await rows.count();
    for (let i = 0; i <= count; i++) {
      const focused = rows.and(page.locator('.focused'));
      if (((await focused.getAttribute('aria-label')) ?? '').startsWith(label)) {
        await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`no row of the light bulb menu starts with ${label}`);
  }

  before(async function () {
    this.timeout(240_000);
    fs.mkdirSync(RESULTS, { recursive: true });
    log = fs.createWriteStream(path.join(RESULTS, 'ui-more-workbench.log'));
    log.on('error', () => undefined);
    driver = await loadDriver();
    packaged = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-vsix-'));
    const { vsix } = (await loadPackager()).packageVsix({ out: path.join(packaged, 'stream-explain.vsix'), stage: path.join(packaged, 'stage'), quiet: true });
    provider = await startProviderServer();

    // The workspace is a Git repository: the sample and a file with a type error committed, then one file changed.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-ui-more-'));
    fs.cpSync(SAMPLE_DIR, workspace, { recursive: true });
    fs.writeFileSync(path.join(workspace, 'broken.ts'), BROKEN);
    fs.writeFileSync(path.join(workspace, 'retry.ts'), RETRY_BEFORE);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=ui', '-c', 'user.email=ui@example.com', ...args], { cwd: workspace, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    fs.writeFileSync(path.join(workspace, 'retry.ts'), RETRY_AFTER);

    server = await driver.startCodeServer({
      env: { OPENAI_API_KEY: 'sk-ui-test-key', ANTHROPIC_API_KEY: '' },
      settings: {
        'streamExplain.openai.baseUrl': provider.openaiBaseUrl,
        'streamExplain.anthropic.baseUrl': provider.anthropicBaseUrl,
        'streamExplain.codeLens': true,
        'git.enabled': true,
        'typescript.disableAutomaticTypeAcquisition': true,
        'editor.minimap.enabled': false,
        'workbench.colorTheme': 'Default Dark Modern',
      },
      installExtensions: [vsix],
      onOutput: (line, stream) => log.write(`[code-server ${stream}] ${line}\n`),
    });
    browser = await driver.launchBrowser({ viewport: { width: 1400, height: 860 } });
    page = await driver.openWorkbench(server, browser, { folder: workspace, out: log });
    page.setDefaultTimeout(30_000);
    view = panel(page);
    await page.locator('.part.activitybar .action-item a[aria-label^="Stream Explain"]').click({ timeout: 60_000 });
    await view.locator('[data-role=ask-input]').waitFor({ state: 'visible', timeout: 60_000 });
    await widenSideBar(page, 520);
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, RESULTS, 'more');
  });

  after(async function () {
    this.timeout(60_000);
    await closeUiSuite({ browser, server, provider, workspace, packaged, log });
  });

  it('the light bulb (Ctrl+.) on a selection: "Explain with Stream Explain" sends the selection', async () => {
    await quickOpen(page, 'rateLimiter.ts');
    await editorLine(page, 'tryTake(cost = 1)').waitFor({ state: 'visible' });
    await selectLines(page, 10, 18);
    const before = provider.requests.length;
    const n = await turns().count();
    provider.enqueue({ kind: 'script', text: 'It refills, then spends.', tokensPerSecond: 200 });
    await quickFix('Explain with Stream Explain');
    const prompt = lastUserMessage(await nthRequest(before));
    assert.ok(prompt.includes(SAMPLE_LINES.slice(9, 18).join('\n')), `the selection was not sent:\n${prompt}`);
    assert.ok(prompt.includes('(lines 10–18)'), prompt);
    await answered(n, 'It refills, then spends.');
  });

  it('the light bulb on a TypeScript error: "Explain this problem" sends the problem and the code around it', async () => {
    await quickOpen(page, 'broken.ts');
    // The TypeScript server reports the error: its squiggle shows in the editor.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 90_000 });
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.fill(':2:9');
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    const before = provider.requests.length;
    const n = await turns().count();
    provider.enqueue({ kind: 'script', text: 'A string is assigned to a number.', tokensPerSecond: 200 });
    await quickFix('Explain this problem');
    const prompt = lastUserMessage(await nthRequest(before));
    assert.match(prompt, /^Explain this problem and how to fix it: Type 'string' is not assignable to type 'number'\./);
    assert.ok(prompt.includes(BROKEN.trimEnd()), `the code around the problem was not sent:\n${prompt}`);
    await answered(n, 'A string is assigned to a number.');
  });

  it('the "Explain" CodeLens (streamExplain.codeLens on) appears above the class; clicking it streams an answer', async () => {
    await quickOpen(page, 'rateLimiter.ts');
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Explain$/ }).first();
    await lens.waitFor({ state: 'visible', timeout: 60_000 });
    await page.screenshot({ path: path.join(RESULTS, 'ui-more-codelens.png') });
    const before = provider.requests.length;
    const n = await turns().count();
    provider.enqueue({ kind: 'script', text: LENS_ANSWER, tokensPerSecond: 8 });
    await lens.click();
    const prompt = lastUserMessage(await nthRequest(before));
    // The first lens is the class's: the whole class is the code to explain.
    assert.ok(prompt.includes(SAMPLE_LINES.slice(1, 19).join('\n')), `the class was not sent whole:\n${prompt}`);
    // It streams: the answer is seen partly written before it is done.
    await turns().nth(n).and(view.locator('[data-state=streaming]')).waitFor({ state: 'attached' });
    await answered(n, LENS_ANSWER);
  });

  it('Explain Diff from the editor context menu in a Git repository sends the file’s uncommitted changes', async () => {
    await quickOpen(page, 'retry.ts');
    await editorLine(page, 'Math.min(capMs').waitFor({ state: 'visible' });
    const before = provider.requests.length;
    const n = await turns().count();
    provider.enqueue({ kind: 'script', text: 'The delay is now exponential, capped at capMs.', tokensPerSecond: 200 });
    // The menu item shows once the Git extension has opened the repository (the gitOpenRepositoryCount context key).
    await editorLine(page, 'Math.min(capMs').click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item', { hasText: 'Explain Diff' });
    await item.waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(RESULTS, 'ui-more-diff-menu.png') });
    await item.click();
    const prompt = lastUserMessage(await nthRequest(before));
    const expected = execFileSync('git', ['diff', 'HEAD', '--', 'retry.ts'], { cwd: workspace, encoding: 'utf8' }).trimEnd();
    assert.ok(prompt.includes(`\`\`\`diff\n${expected}\n\`\`\``), `the diff was not sent:\n${prompt}`);
    assert.match(prompt, /The uncommitted changes to `retry\.ts` \(typescript\), as a unified diff against the last commit \(\+2 −2\)/);
    await answered(n, 'The delay is now exponential, capped at capMs.');
    const chip = turns().nth(n).locator('[data-role=context-chips] .context-chip[data-kind=diff]');
    assert.equal(((await chip.locator('.chip-label').textContent()) ?? '').trim(), 'diff of retry.ts, +2 −2');
    await page.screenshot({ path: path.join(RESULTS, 'ui-more-diff-done.png') });
  });
});
