/**
 * The README's screenshot of a reasoning model's turns: an answer whose thinking folded to its summary line when the
 * answer began (stats line with the reasoning tokens, both times to first token and the reasoning's cost), and a
 * follow-up still thinking, its section open under the live label. The clock is Playwright's, so the label reads
 * "Thinking… 12 s" however fast the machine is.
 *
 *   npm run build && npx tsx test/webview/thinkingScreenshot.ts   → docs/panel-thinking.png
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostMessage } from '../../src/core/protocol';
import { deltas, start } from './fixtures';
import { launchChromium, PanelPage } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const thinking = (turnId: string, text: string, size = 24): HostMessage[] =>
  deltas(turnId, text, size).map((m) => ({ type: 'thinking', turnId, text: (m as { text: string }).text }));

const THOUGHT = 'The user wants `tryTake` explained. It refills the bucket from the time that passed, capped at `capacity`, then takes `cost` tokens if there are enough.\n\n'
  + 'What about a caller asking for more than is there? It returns `false` and takes nothing, so callers can retry later. Worth saying that up front.';
const ANSWER = '`tryTake(cost)` is a **token bucket**: it first refills the bucket for the time that passed (never above `capacity`), '
  + 'then spends `cost` tokens if enough are left and returns `true`.\n\nIf there are not enough, it returns `false` and **takes nothing**, so a caller can simply try again later.';
const SAMPLE = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sample', 'rateLimiter.ts'), 'utf8').split('\n').slice(9, 18).join('\n');
const PROMPT = { text: 'Explain this code.', code: SAMPLE, language: 'typescript', fileName: 'rateLimiter.ts' };
const NEXT = 'Performance.now() is monotonic; Date.now() follows the wall clock. If the clock jumps back, `elapsed` goes negative and';

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    const panel = await PanelPage.open(browser, { theme: 'dark', viewport: { width: 440, height: 720 }, deviceScaleFactor: 2 });
    await panel.page.clock.install();
    await panel.stream([
      { type: 'model', provider: 'openai', model: 'deepseek-reasoner' },
      start('t1', { model: 'deepseek-reasoner', prompt: PROMPT }), ...thinking('t1', THOUGHT), ...deltas('t1', ANSWER, 24),
      {
        type: 'turn-end', turnId: 't1', finishReason: 'stop', usage: { inputTokens: 546, outputTokens: 2015, reasoningTokens: 1830, estimated: false },
        costUsd: 0.0047, reasoningCostUsd: 0.0040, metrics: { ttftMs: 14_210, thinkingTtftMs: 410, totalMs: 17_900, tokensPerSecond: 57.9 },
      },
      start('t2', { model: 'deepseek-reasoner', prompt: { text: 'Why is Date.now() a problem here?' } }), ...thinking('t2', NEXT),
    ]);
    await panel.page.clock.runFor(12_000);
    await panel.frame();
    const file = path.join(ROOT, 'docs', 'panel-thinking.png');
    await panel.page.screenshot({ path: file, animations: 'disabled' });
    console.log(file);
  } finally {
    await browser.close();
  }
}

void main();
