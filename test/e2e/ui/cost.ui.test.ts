import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { editorLine, loadDriver, loadPackager, quickOpen, selectLines, statusItem, webviewWith, type CodeServer, type CodeServerDriver, closeUiSuite, screenshotIfFailed } from './workbench';

/**
 * The cost ledger and the budget through a real VS Code (code-server 4.100.3 in Chromium), with the packaged .vsix,
 * against the local provider server. One code-server for the file; the tests run in order: the first answer is what
 * spends the tiny daily budget the second test runs into.
 */

const REPO = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(REPO, 'test-results');
const SAMPLE_DIR = path.join(REPO, 'test', 'fixtures', 'sample');
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
/** Any priced answer spends more than this. */
const DAILY_BUDGET = 0.00001;
const ANSWER = 'tryTake refills the bucket for the time that passed, then spends the tokens if there are enough.';
const QUESTION = 'What happens when the clock goes backwards?';
const COST_ITEM = `${PKG.publisher}.${PKG.name}.streamExplain.cost`;

describe('Cost report and budget in a real VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);

  let driver: CodeServerDriver;
  let provider: ProviderServer;
  let server: CodeServer;
  let browser: BrowserContext;
  let page: Page;
  let workspace: string;
  let packaged: string;
  let log: fs.WriteStream;

  const panelView = () => webviewWith(page, '[data-role=ask-input]');

  /**
   * After a reload the panel comes back restored (slowly on a loaded machine: the extension host starts again), or is
   * opened with its view's Focus command (not the activity-bar icon, which would close a panel restored meanwhile).
   */
  async function panelAfterReload(): Promise<FrameLocator> {
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    try {
      return await webviewWith(page, '[data-role=ask-input]', 60_000);
    } catch {
      await driver.runCommandFromPalette(page, 'Stream Explain: Focus on Stream Explain View');
      return panelView();
    }
  }

  before(async function () {
    this.timeout(240_000);
    fs.mkdirSync(RESULTS, { recursive: true });
    log = fs.createWriteStream(path.join(RESULTS, 'ui-cost-workbench.log'));
    log.on('error', () => undefined);
    driver = await loadDriver();
    packaged = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-vsix-'));
    const { vsix } = (await loadPackager()).packageVsix({ out: path.join(packaged, 'stream-explain.vsix'), stage: path.join(packaged, 'stage'), quiet: true });
    provider = await startProviderServer();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-ui-cost-'));
    fs.cpSync(SAMPLE_DIR, workspace, { recursive: true });
    server = await driver.startCodeServer({
      env: { OPENAI_API_KEY: 'sk-ui-test-key', ANTHROPIC_API_KEY: '' },
      settings: {
        'streamExplain.openai.baseUrl': provider.openaiBaseUrl,
        'streamExplain.anthropic.baseUrl': provider.anthropicBaseUrl,
        'streamExplain.budget.dailyUsd': DAILY_BUDGET,
        'workbench.colorTheme': 'Default Dark Modern',
        'typescript.tsserver.useSyntaxServer': 'always',
        'typescript.disableAutomaticTypeAcquisition': true,
        'editor.minimap.enabled': false,
      },
      installExtensions: [vsix],
      onOutput: (line, stream) => log.write(`[code-server ${stream}] ${line}\n`),
    });
    assert.ok(fs.existsSync(path.join(server.dirs.extensions, `${PKG.publisher}.${PKG.name}-${PKG.version}`, 'package.json')), 'the .vsix is installed');
    browser = await driver.launchBrowser({ viewport: { width: 1400, height: 860 } });
    page = await driver.openWorkbench(server, browser, { folder: workspace, out: log });
    page.setDefaultTimeout(30_000);
    await page.locator('.part.activitybar .action-item a[aria-label^="Stream Explain"]').click({ timeout: 60_000 });
    await (await panelView()).locator('[data-role=ask-input]').waitFor({ state: 'visible', timeout: 60_000 });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, RESULTS, 'cost');
  });

  after(async function () {
    this.timeout(60_000);
    await closeUiSuite({ browser, server, provider, workspace, packaged, log });
  });

  it('an answer, a window reload, then Show Cost Report from the palette: the answer\'s request is in the report, its model and cost', async () => {
    await quickOpen(page, 'rateLimiter.ts');
    await editorLine(page, 'tryTake(cost = 1)').waitFor({ state: 'visible' });
    await selectLines(page, 10, 18);
    provider.enqueue({ kind: 'script', text: ANSWER, tokensPerSecond: 200, ttftMs: 50 });
    await driver.runCommandFromPalette(page, 'Stream Explain: Explain Selection');
    const view = await panelView();
    const turn = view.locator('[data-turn-id]').first();
    await turn.and(view.locator('[data-state=done]')).waitFor({ state: 'attached' });
    const turnId = (await turn.getAttribute('data-turn-id'))!;
    const stats = (await turn.locator('[data-role=turn-stats]').textContent()) ?? '';
    const cost = /(\$[\d.]+)/.exec(stats)?.[1];
    assert.ok(cost, `the stats line shows a cost: ${stats}`);
    const head = ((await turn.locator('.answer-head').textContent()) ?? '').trim(); // "Answer from <model> (<provider>)"
    const [, model, providerId] = /^Answer from (.+) \((\w[\w-]*)\)$/.exec(head) ?? [];
    assert.ok(model && providerId, head);
    assert.equal(provider.requests.length, 1);

    // The status-bar cost item is set from the ledger once the record has landed on disk.
    await statusItem(page, COST_ITEM).filter({ hasText: cost }).waitFor({ state: 'visible' });

    await driver.runCommandFromPalette(page, 'Developer: Reload Window');
    await panelAfterReload();
    await driver.runCommandFromPalette(page, 'Stream Explain: Show Cost Report');
    const report = await webviewWith(page, '.report');
    const row = report.locator(`table.recent tbody tr[data-turn="${turnId}"]`);
    await row.waitFor({ state: 'visible' });
    assert.equal(((await row.locator('td.model').textContent()) ?? '').trim(), `${providerId}/${model}`);
    assert.equal(((await row.locator('td.cost').textContent()) ?? '').trim(), cost, 'the cost the panel showed');
    assert.equal(((await report.locator('.card[data-period="today"] .card-cost').textContent()) ?? '').trim(), cost, 'today\'s total is that answer');
    await page.screenshot({ path: path.join(RESULTS, 'ui-cost-report.png') });

    // Close the report tab: the next test uses the panel.
    await page.keyboard.press('Control+W');
    await report.locator('.report').waitFor({ state: 'detached' });
    assert.equal(provider.requests.length, 1, 'opening the report sent nothing');
  });

  it('with the daily budget spent, the next question asks first; Cancel sends nothing and keeps the question in the box', async () => {
    const view = await panelView();
    const input = view.locator('[data-role=ask-input]');
    const before = provider.requests.length;
    const turnsBefore = await view.locator('[data-turn-id]').count();
    await input.click();
    await input.fill(QUESTION);
    await input.press('Enter');

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    assert.match((await dialog.textContent()) ?? '', /today's budget of .* is spent/);
    const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allTextContents()).map((t) => t.trim());
    assert.deepEqual([...buttons].sort(), ['Cancel', 'Open cost report', 'Send anyway']);
    await page.screenshot({ path: path.join(RESULTS, 'ui-cost-budget-modal.png') });
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The host hands the question back after the modal answered; poll the box (the webview's CSP forbids eval).
    const deadline = Date.now() + 30_000;
    while ((await input.inputValue()) !== QUESTION && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await input.inputValue(), QUESTION, 'the question is back in the box');
    assert.equal(await view.locator('[data-turn-id]').count(), turnsBefore, 'no turn was added');
    assert.equal(provider.requests.length, before, 'the provider server saw no request');
  });
});
