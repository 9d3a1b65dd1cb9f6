import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { startProviderServer, type ProviderServer } from '../../server/providerServer';
import { loadDriver, panel, widenSideBar, type CodeServer, type CodeServerDriver } from './workbench';

/**
 * A reasoning model's answer seen by a user in a real VS Code (code-server 4.100.3 + Chromium): an OpenAI-compatible
 * server streams `reasoning_content` before the answer (test/fixtures/compat/deepseek-chat-reasoning-panel.sse,
 * replayed by the local provider server, paced so the thinking lasts a few seconds). The panel shows the thinking
 * section open under a live "Thinking… N s" label, folds it to "Thought for N s · 61 reasoning tokens" once the answer
 * begins, and the stats line gives the reasoning tokens, both times to first token and the reasoning's part of the
 * cost. The extension runs from this checkout's dist/ (extensionDevelopmentPath): the panel suite covers the package.
 *
 * Screenshots: test-results/ui-thinking-*.png.
 */

const REPO = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(REPO, 'test-results');
const TRANSCRIPT = path.join(REPO, 'test', 'fixtures', 'compat', 'deepseek-chat-reasoning-panel.sse');
const ANSWER = '`tryTake` refills the bucket for the time that passed, then spends `cost` tokens if it can; otherwise it returns `false` and leaves the bucket as it was.';

describe('a reasoning model in a real VS Code: thinking, live, then folded (code-server + Chromium)', function () {
  this.timeout(120_000);

  let driver: CodeServerDriver;
  let provider: ProviderServer;
  let server: CodeServer;
  let browser: BrowserContext;
  let page: Page;
  let view: FrameLocator;
  let workspace: string;
  let log: fs.WriteStream;

  before(async function () {
    this.timeout(240_000);
    fs.mkdirSync(RESULTS, { recursive: true });
    log = fs.createWriteStream(path.join(RESULTS, 'ui-thinking-workbench.log'));
    log.on('error', () => undefined);
    driver = await loadDriver();
    provider = await startProviderServer();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-thinking-ui-'));
    fs.writeFileSync(path.join(workspace, 'README.md'), '# scratch\n');
    server = await driver.startCodeServer({
      env: { OPENAI_API_KEY: 'sk-ui-test-key', ANTHROPIC_API_KEY: '' },
      settings: {
        'streamExplain.openai.baseUrl': provider.openaiBaseUrl,
        'streamExplain.openai.model': 'deepseek-reasoner',
        // Priced, so the stats line shows what the reasoning cost (a local server is otherwise "local", free).
        'streamExplain.prices': { openai: { 'deepseek-reasoner': { input: 0.55, output: 2.19 } } },
        'workbench.colorTheme': 'Default Dark Modern',
        'typescript.tsserver.useSyntaxServer': 'always',
        'editor.minimap.enabled': false,
      },
      onOutput: (line, stream) => log.write(`[code-server ${stream}] ${line}\n`),
    });
    browser = await driver.launchBrowser({ viewport: { width: 1400, height: 860 } });
    page = await driver.openWorkbench(server, browser, { folder: workspace, extensionDevelopmentPath: REPO, out: log });
    page.setDefaultTimeout(30_000);
    view = panel(page);
    await page.locator('.part.activitybar .action-item a[aria-label^="Stream Explain"]').click({ timeout: 60_000 });
    await view.locator('[data-role=ask-input]').waitFor({ state: 'visible', timeout: 60_000 });
    await widenSideBar(page, 560);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-FAILED.png') }).catch(() => undefined);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await provider?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
    await new Promise((r) => log?.end(r));
  });

  it('shows the thinking open with its live label, folds it when the answer starts, and the stats line counts the reasoning', async () => {
    // 12 reasoning events then 8 answer events, 300 ms apart: about 3.6 s of thinking before the first answer token.
    provider.enqueue({ kind: 'replay', transcript: TRANSCRIPT, delayMs: 300 });
    const input = view.locator('[data-role=ask-input]');
    await input.click();
    await input.fill('What does tryTake do when the bucket is short?');
    await input.press('Enter');

    const turn = view.locator('[data-turn-id]').first();
    const section = turn.locator('[data-role=thinking]');
    const toggle = turn.locator('[data-role=thinking-toggle]');
    const body = turn.locator('[data-role=thinking-body]');
    // While it thinks: open, following, its label counting the seconds; no answer text yet.
    await section.and(view.locator('[data-phase=thinking]')).waitFor({ state: 'visible' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await body.filter({ hasText: 'The user wants' }).waitFor({ state: 'visible' });
    await toggle.filter({ hasText: /^Thinking… \d+ s$/ }).waitFor({ state: 'visible' });
    assert.equal(((await turn.locator('[data-role=answer]').textContent()) ?? '').trim(), '', 'no answer while it thinks');
    await page.mouse.move(1300, 780);
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-1-live.png') });

    // The first answer token folds it, while the answer still streams; the turn ends with the reported reasoning tokens.
    await view.locator('[data-turn-id][data-state=streaming] [data-role=thinking][data-phase=thought]').waitFor({ state: 'attached' });
    await turn.and(view.locator('[data-state=done]')).waitFor({ state: 'attached' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await body.isVisible(), false);
    assert.match((await toggle.textContent()) ?? '', /^Thought for \d+ s · 61 reasoning tokens$/);
    assert.equal(((await turn.locator('[data-role=answer]').textContent()) ?? '').trim(), ANSWER.replace(/`/g, ''));

    const stats = (await turn.locator('[data-role=turn-stats]').textContent()) ?? '';
    assert.match(stats, /^\d+ in \/ 96 out tokens \(61 reasoning\) · TTFT [\d.]+ m?s thinking \/ [\d.]+ m?s answer · [\d.]+ tok\/s · \$[\d.]+ \(reasoning \$0\.0001\)$/);
    // 61 reasoning tokens at $2.19 per million: $0.000134.
    await page.mouse.move(1300, 780);
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-2-folded.png') });

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await body.filter({ hasText: 'Worth saying that up front.' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-3-reopened.png') });
  });
});
