/**
 * axe-core (bundled into the test page only: it is a dev dependency, never in dist/) on the real panel in every state
 * — empty, streaming, done with long code, a table and links, stopped, interrupted with an action, a folded earlier
 * attempt — in the four VS Code themes: zero violations of WCAG 2.1 A and AA (contrast included). And the check
 * itself fails on a planted violation.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium, PanelPage } from './harness';
import { delta, end, start, TS_BLOCK } from './fixtures';
import type { ThemeName } from './themes';

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const THEMES: ThemeName[] = ['dark', 'light', 'high-contrast', 'high-contrast-light'];

/** "rule: target (summary)" for each failing node. */
async function violations(panel: PanelPage): Promise<string[]> {
  // Injected through the test driver (page.evaluate), outside the panel's CSP; the panel's own page never loads it.
  await panel.eval(`window.axe ? 0 : (0, eval)(${JSON.stringify(AXE)})`).catch(() => panel.page.evaluate(AXE));
  const result = await panel.eval<Array<{ id: string; nodes: Array<{ target: string[]; failureSummary: string }> }>>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG21_AA)} }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  );
  // One line per rule and kind of element (a long code block would otherwise list the same failure per line).
  const lines = result.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ').replace(/:nth-child\(\d+\)/g, '')} (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)})`));
  return [...new Set(lines)];
}

const LONG_CODE = ['```ts', ...Array.from({ length: 60 }, (_, i) => `const line${i} = compute(${i}, 'a fairly long argument that makes this line wider than the panel', ${i * 2});`), '```'].join('\n');
const ANSWER = `## What it does\n\nIt refills the bucket, then takes \`cost\` tokens. See [the docs](https://example.com/docs).\n\n${TS_BLOCK}\n\n| Field | Meaning |\n|---|---|\n| tokens | what is left |\n\n> Note: **never** blocks.\n\n${LONG_CODE}\n`;
const LONG_QUESTION = { text: 'Explain this code.', code: Array.from({ length: 20 }, (_, i) => `let v${i} = ${i};`).join('\n'), language: 'typescript', fileName: 'src/long.ts' };

describe('axe-core: WCAG 2.1 AA in every state and theme (headless Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  before(async () => { browser = await launchChromium(); });
  after(async () => { await browser?.close(); });

  for (const theme of THEMES) {
    it(`${theme}: empty, streaming, done, stopped, interrupted, retried — no violations`, async () => {
      const panel = await PanelPage.open(browser, { theme });
      const found: Record<string, string[]> = {};
      const check = async (state: string) => {
        const v = await violations(panel);
        if (v.length) found[state] = v;
      };
      await check('empty');
      await panel.send(start('t1', { prompt: LONG_QUESTION }), delta('t1', ANSWER.slice(0, 400)));
      await check('streaming');
      await panel.send(delta('t1', ANSWER.slice(400)), end('t1'));
      await check('done, with long code, a table, links and a collapsed question');
      await panel.page.locator('[data-turn-id=t1] [data-role=toggle-code]').click();
      await panel.send(start('t2'), delta('t2', 'Partial answ'), end('t2', 'cancelled'));
      await check('stopped');
      await panel.send(start('t3'), delta('t3', 'Some text'), { type: 'turn-error', turnId: 't3', partialText: 'Some text', error: { kind: 'auth', message: 'The API key was rejected.', retryable: false, action: 'set-api-key' } });
      await check('interrupted');
      await panel.send(start('t4', { replaces: 't3' }), delta('t4', 'A fresh answer.'), end('t4', 'length'));
      await check('retried (an earlier attempt folded), cut at max tokens with Continue');
      await panel.page.locator('[data-turn-id=t3] [data-role=toggle-attempt]').click();
      await panel.page.locator('[data-role=ask-input]').focus();
      await check('earlier attempt open, question box focused');
      assert.deepEqual(found, {}, theme);
      assert.deepEqual(await panel.violations(), []);
      assert.deepEqual(panel.pageErrors, []);
      await panel.close();
    });
  }

  for (const theme of THEMES) {
    it(`${theme}: thinking — streaming, folded, reopened, stopped while thinking — no violations`, async () => {
      const panel = await PanelPage.open(browser, { theme });
      const found: Record<string, string[]> = {};
      const check = async (state: string) => {
        const v = await violations(panel);
        if (v.length) found[state] = v;
      };
      const thought = (turnId: string, text: string) => ({ type: 'thinking', turnId, text });
      await panel.send(start('t1'), thought('t1', `Checking **the refill** first. See [the docs](https://example.com/docs).\n\n${TS_BLOCK}\n\nThen the take.`));
      await check('thinking, open, counting');
      await panel.send(delta('t1', 'It refills the bucket.'), {
        type: 'turn-end', turnId: 't1', finishReason: 'stop', usage: { inputTokens: 214, outputTokens: 2178, reasoningTokens: 1830, estimated: false },
        costUsd: 0.0218, reasoningCostUsd: 0.0183, metrics: { ttftMs: 14_200, thinkingTtftMs: 380, totalMs: 20_000, tokensPerSecond: 52 },
      });
      await check('thought, folded, with reasoning tokens in the stats line');
      await panel.page.locator('[data-turn-id=t1] [data-role=thinking-toggle]').click();
      await check('thought, reopened (focused)');
      await panel.send(start('t2'), thought('t2', 'Considering the edge cases.'), end('t2', 'cancelled'));
      await check('stopped while thinking');
      assert.deepEqual(found, {}, theme);
      assert.deepEqual(await panel.violations(), []);
      assert.deepEqual(panel.pageErrors, []);
      await panel.close();
    });
  }

  it('the check fails on planted violations: a button without a name, and text below AA contrast', async () => {
    const panel = await PanelPage.open(browser, { theme: 'light' });
    await panel.send(start('t1'), delta('t1', 'Text.'), end('t1'));
    assert.deepEqual(await violations(panel), []);
    await panel.eval(`document.querySelector('[data-role=turn-actions]').append(document.createElement('button'))`);
    await panel.eval(`document.documentElement.style.setProperty('--vscode-descriptionForeground', '#c8c8c8')`);
    const found = (await violations(panel)).map((v) => v.split(':')[0]);
    assert.ok(found.includes('button-name'), found.join(', '));
    assert.ok(found.includes('color-contrast'), found.join(', '));
    await panel.close();
  });
});
