import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { startProviderServer, type ProviderServer, type RecordedRequest } from '../../server/providerServer';
import { loadDriver, panel, setSetting, widenSideBar, type CodeServer, type CodeServerDriver, nthRequest as requestAt, closeUiSuite, screenshotIfFailed } from './workbench';

/**
 * A reasoning model's answer seen by a user in a real VS Code (code-server 4.100.3 + Chromium), for the three sources
 * of thinking, one code-server for all: an OpenAI-compatible server's `reasoning_content`
 * (test/fixtures/compat/deepseek-chat-reasoning-panel.sse), Anthropic extended thinking
 * (transcripts/anthropic-messages-thinking.ASSEMBLED.sse) and an OpenAI Responses reasoning summary
 * (transcripts/openai-responses-reasoning-summary.SYNTHETIC.sse), each replayed by the local provider server and paced
 * so the thinking lasts a few seconds. The panel shows the thinking section open under a live "Thinking… N s" label,
 * folds it to "Thought for N s" (with the reasoning tokens when the provider reports them) once the answer begins, and
 * the stats line gives both times to first token and the reasoning tokens. Between tests the provider is switched in
 * the Settings editor (a rewrite of settings.json under the running code-server did not reach the extension), one
 * setting at a time, each confirmed in settings.json before the next (the editor drops a pending write when another
 * setting changes within its debounce: the cause of this file's flakes); the panel's model button then shows that the
 * extension saw the switch, and each test checks the request the local server got before it looks for the thinking.
 * The extension runs from this checkout's dist/ (extensionDevelopmentPath): the panel suite covers the package.
 *
 * Screenshots: test-results/ui-thinking-*.png.
 */

const REPO = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(REPO, 'test-results');
const TRANSCRIPT = path.join(REPO, 'test', 'fixtures', 'compat', 'deepseek-chat-reasoning-panel.sse');
const TRANSCRIPTS = path.join(REPO, 'test', 'fixtures', 'transcripts');
const ANTHROPIC_MODEL = 'replay:anthropic-messages-thinking.ASSEMBLED';
const RESPONSES_MODEL = 'replay:openai-responses-reasoning-summary.SYNTHETIC';
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
      env: { OPENAI_API_KEY: 'sk-ui-test-key', ANTHROPIC_API_KEY: 'sk-ant-ui-test-key' },
      settings: {
        'streamExplain.openai.baseUrl': provider.openaiBaseUrl,
        'streamExplain.openai.model': 'deepseek-reasoner',
        // Priced, so the stats line shows what the reasoning cost (a local server is otherwise "local", free).
        // The replays' own models (claude-sonnet-4-20250514, gpt-5.4-mini-2026-03-17) are in the built-in price table.
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

  /**
   * Set `changes` in the Settings editor, in order, and wait until the extension has seen them: the panel's model
   * button follows the settings (in a conversation without a picked model), so its text is the proof they arrived.
   * The model comes last, so by the time the button shows it the earlier settings have arrived too.
   */
  async function switchSettings(changes: Array<[string, string | number]>, button: RegExp): Promise<void> {
    for (const [key, value] of changes) await setSetting(driver, page, server, key, value);
    await view.locator('[data-role=model-picker]').filter({ hasText: button }).waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** A fresh conversation, so each provider's turn is the first of its own. */
  async function newChat(): Promise<void> {
    await driver.runCommandFromPalette(page, 'Stream Explain: New Chat');
    await view.locator('[data-turn-id]').first().waitFor({ state: 'detached' });
  }

  async function ask(question: string): Promise<void> {
    const input = view.locator('[data-role=ask-input]');
    await input.click();
    await input.fill(question);
    await input.press('Enter');
  }

  const nthRequest = (index: number): Promise<RecordedRequest> => requestAt(provider, index);

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, RESULTS, 'thinking');
  });

  after(async function () {
    this.timeout(60_000);
    await closeUiSuite({ browser, server, provider, workspace, log });
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

  it('Anthropic extended thinking: asked for with its budget, shown live, folded, reopened with Enter; the follow-up sends the signed block back', async () => {
    const { thinking, signature, text } = anthropicParts(fs.readFileSync(path.join(TRANSCRIPTS, 'anthropic-messages-thinking.ASSEMBLED.sse'), 'utf8'));
    await newChat();
    await switchSettings([
      ['streamExplain.anthropic.baseUrl', provider.anthropicBaseUrl],
      ['streamExplain.anthropic.thinkingBudgetTokens', 2048],
      ['streamExplain.provider', 'anthropic'],
      ['streamExplain.anthropic.model', ANTHROPIC_MODEL],
    ], new RegExp(`^Anthropic · ${ANTHROPIC_MODEL.replace(/\./g, '\\.')}$`));

    // 49 events 150 ms apart, the thinking block first: about 5 s of thinking before the first answer token.
    const before = provider.requests.length;
    provider.enqueue({ kind: 'replay', transcript: 'anthropic-messages-thinking.ASSEMBLED', delayMs: 150 });
    await ask('Why does it ask for the weather?');
    // The request first: a thinking section can only be expected of a request that asked for thinking.
    const req = await nthRequest(before);
    assert.equal(req.wire, 'anthropic');
    assert.deepEqual(req.body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.ok(Number(req.body.max_tokens) > 2048, `max_tokens ${String(req.body.max_tokens)} is not above the thinking budget`);
    const turn = view.locator('[data-turn-id]').first();
    const toggle = turn.locator('[data-role=thinking-toggle]');
    const body = turn.locator('[data-role=thinking-body]');
    await turn.locator('[data-role=thinking][data-phase=thinking]').waitFor({ state: 'visible' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await body.filter({ hasText: 'The user is asking for' }).waitFor({ state: 'visible' });
    await toggle.filter({ hasText: /^Thinking…( \d+ s)?$/ }).waitFor({ state: 'visible' });
    assert.equal(((await turn.locator('[data-role=answer]').textContent()) ?? '').trim(), '', 'no answer while it thinks');
    await page.mouse.move(1300, 780);
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-anthropic-1-live.png') });

    // Folded by the first answer token while the answer still streams; Anthropic reports no separate reasoning count.
    await view.locator('[data-turn-id][data-state=streaming] [data-role=thinking][data-phase=thought]').waitFor({ state: 'attached' });
    await turn.and(view.locator('[data-state=done]')).waitFor({ state: 'attached' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await body.isVisible(), false);
    assert.match((await toggle.textContent()) ?? '', /^Thought for \d+ s$/);
    const answer = ((await turn.locator('[data-role=answer]').textContent()) ?? '').trim();
    assert.equal(answer, text);
    assert.ok(!answer.includes('weather function'), 'the thinking leaked into the answer');
    const stats = (await turn.locator('[data-role=turn-stats]').textContent()) ?? '';
    // The input count is message_start's (424); this assembled transcript's message_delta (558) is another request's.
    // claude-sonnet-4 at $3 / $15 per million: 424 in + 51 out = $0.002037.
    assert.match(stats, /^\d+ in \/ 51 out tokens · TTFT [\d.]+ m?s thinking \/ [\d.]+ m?s answer · [\d.]+ tok\/s · \$0\.0020$/);
    await page.mouse.move(1300, 780);
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-anthropic-2-folded.png') });

    // A keyboard user reopens it.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await toggle.and(view.locator('[aria-expanded=true]')).waitFor({ state: 'attached' });
    await body.filter({ hasText: 'all the required parameters' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-anthropic-3-reopened.png') });

    // The follow-up: the API verifies signed thinking, so the assistant message goes back with its block first, unchanged.
    provider.enqueue({ kind: 'replay', transcript: 'anthropic-messages-basic' });
    await ask('And in Rome?');
    await view.locator('[data-turn-id]').nth(1).and(view.locator('[data-state=done]')).waitFor({ state: 'attached' });
    const follow = await nthRequest(before + 1);
    assert.deepEqual(follow.body.thinking, { type: 'enabled', budget_tokens: 2048 });
    const messages = follow.body.messages as Array<{ role: string; content: unknown }>;
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
    const blocks = messages[1].content as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(blocks), 'the assistant message went back as a plain string, without its thinking block');
    assert.deepEqual(blocks[0], { type: 'thinking', thinking, signature });
    assert.deepEqual(blocks.slice(1).map((b) => [b.type, b.text]), [['text', text]]);
  });

  it('an OpenAI Responses reasoning summary: sent to /v1/responses, shown live, folded with its reasoning tokens, reopened by a click', async () => {
    await newChat();
    await switchSettings([
      ['streamExplain.openai.api', 'responses'],
      // A replay's model name is no reasoning model's, so the summary is asked for through an effort, as a user would.
      ['streamExplain.openai.reasoningEffort', 'low'],
      ['streamExplain.provider', 'openai'],
      ['streamExplain.openai.model', RESPONSES_MODEL],
    ], new RegExp(`^OpenAI · ${RESPONSES_MODEL.replace(/\./g, '\\.')}$`));

    // 32 events 200 ms apart, the two summary parts before the answer: a few seconds of thinking.
    const before = provider.requests.length;
    provider.enqueue({ kind: 'replay', transcript: 'openai-responses-reasoning-summary.SYNTHETIC', delayMs: 200 });
    await ask('What does the reducer do with an empty array?');
    const req = await nthRequest(before);
    assert.equal(req.wire, 'responses');
    assert.equal(req.path, '/v1/responses');
    assert.deepEqual(req.body.reasoning, { effort: 'low', summary: 'auto' });
    const turn = view.locator('[data-turn-id]').first();
    const toggle = turn.locator('[data-role=thinking-toggle]');
    const body = turn.locator('[data-role=thinking-body]');
    await turn.locator('[data-role=thinking][data-phase=thinking]').waitFor({ state: 'visible' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await body.filter({ hasText: 'Reading the reducer' }).waitFor({ state: 'visible' });
    await toggle.filter({ hasText: /^Thinking…( \d+ s)?$/ }).waitFor({ state: 'visible' });
    assert.equal(((await turn.locator('[data-role=answer]').textContent()) ?? '').trim(), '', 'no answer while it thinks');
    await page.mouse.move(1300, 780);
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-responses-1-live.png') });

    await view.locator('[data-turn-id][data-state=streaming] [data-role=thinking][data-phase=thought]').waitFor({ state: 'attached' });
    await turn.and(view.locator('[data-state=done]')).waitFor({ state: 'attached' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await body.isVisible(), false);
    assert.match((await toggle.textContent()) ?? '', /^Thought for \d+ s · 320 reasoning tokens$/);
    const answer = ((await turn.locator('[data-role=answer]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
    assert.match(answer, /^total adds the numbers with reduce, starting at 0, so \[\] gives 0\. ?Watch out: float sums drift; use Kahan summation when precision matters\.$/);
    assert.ok(!answer.includes('Reading the reducer') && !answer.includes('Edge cases'), 'the summary leaked into the answer');
    const stats = (await turn.locator('[data-role=turn-stats]').textContent()) ?? '';
    // gpt-5.4-mini at $0.75 in, $0.075 cached, $4.50 out per million: 307 × 0.75 + 1536 × 0.075 + 412 × 4.5 = $0.0022,
    // of which the 320 reasoning tokens $0.00144; the cache read saved 1536 × (0.75 − 0.075) = $0.00104.
    assert.match(stats, /^1843 in \(1536 cached\) \/ 412 out tokens \(320 reasoning\) · TTFT [\d.]+ m?s thinking \/ [\d.]+ m?s answer · [\d.]+ tok\/s · \$0\.0022 \(reasoning \$0\.0014\) · saved \$0\.0010$/);
    await page.mouse.move(1300, 780);
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-responses-2-folded.png') });

    await toggle.click();
    await toggle.and(view.locator('[aria-expanded=true]')).waitFor({ state: 'attached' });
    await body.filter({ hasText: 'Float sums drift' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(RESULTS, 'ui-thinking-responses-3-reopened.png') });
  });
});

/** The thinking text, its signature and the answer text of an Anthropic transcript, read from its events. */
function anthropicParts(sse: string): { thinking: string; signature: string; text: string } {
  const out = { thinking: '', signature: '', text: '' };
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const ev = JSON.parse(line.slice(5)) as { type: string; delta?: { type: string; thinking?: string; signature?: string; text?: string } };
    if (ev.type !== 'content_block_delta' || !ev.delta) continue;
    if (ev.delta.type === 'thinking_delta') out.thinking += ev.delta.thinking ?? '';
    else if (ev.delta.type === 'signature_delta') out.signature += ev.delta.signature ?? '';
    else if (ev.delta.type === 'text_delta') out.text += ev.delta.text ?? '';
  }
  return out;
}
