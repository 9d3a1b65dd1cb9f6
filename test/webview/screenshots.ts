/**
 * Screenshots of the panel for the README: mid-stream and finished, in the dark, light and high-contrast themes.
 * The real panel (dist/webview.js, media/panel.css, real CSP) in headless Chromium, driven by protocol messages.
 *
 *   npm run screenshots        → docs/panel-*.png
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostMessage } from '../../src/core/protocol';
import { deltas, end, start } from './fixtures';
import { launchChromium, PanelPage } from './harness';
import type { ThemeName } from './themes';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'test', 'fixtures', 'sample');
const code = fs.readFileSync(path.join(SAMPLE, 'rateLimiter.ts'), 'utf8').split('\n').slice(1).join('\n').trimEnd();
const answer = fs.readFileSync(path.join(SAMPLE, 'rateLimiter.answer.md'), 'utf8').trim();

const first = start('t1', { prompt: { text: 'Explain this code.', code, language: 'typescript', fileName: 'test/fixtures/sample/rateLimiter.ts' }, model: 'gpt-4o-mini' });
const followUp = start('t2', { prompt: { text: 'How would I make it safe against clock jumps?' }, provider: 'anthropic', model: 'claude-sonnet-4-5' });
const FOLLOW_UP_ANSWER = [
  'Use a **monotonic clock**: `performance.now()` never goes backwards, so `elapsed` can never be negative.',
  '',
  '```ts',
  'tryTake(cost = 1): boolean {',
  '  const now = performance.now();',
  '  const elapsed = Math.max(0, (now - this.last) / 1000);',
  '  this.last = now;',
  '  this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.refillPerSecond);',
  '  if (this.tokens < cost) return false;',
  '  this.tokens -= cost;',
  '  return true;',
  '}',
  '```',
  '',
  'The `Math.max(0, …)` guard is belt and braces: see [MDN on `performance.now()`](https://developer.mozilla.org/en-US/docs/Web/API/Performance/now).',
].join('\n');

async function shoot(theme: ThemeName, scene: 'streaming' | 'done'): Promise<string> {
  const browser = await launchChromium();
  try {
    const panel = await PanelPage.open(browser, { theme, viewport: { width: 440, height: 860 }, deviceScaleFactor: 2 });
    const messages: HostMessage[] = [first, ...deltas('t1', answer, 24), end('t1'), followUp];
    if (scene === 'streaming') {
      // Stop inside the code block, mid-line: the cursor, the Stop button, the code growing line by line.
      const cut = FOLLOW_UP_ANSWER.indexOf('this.tokens + elapsed');
      messages.push(...deltas('t2', FOLLOW_UP_ANSWER.slice(0, cut), 16));
    } else {
      messages.push(...deltas('t2', FOLLOW_UP_ANSWER, 16), { ...end('t2'), usage: { inputTokens: 612, outputTokens: 164, estimated: false }, costUsd: 0.0043, metrics: { ttftMs: 388, totalMs: 4100, tokensPerSecond: 41.2 } } as HostMessage);
    }
    await panel.stream(messages);
    await panel.frame();
    const file = path.join(ROOT, 'docs', `panel-${scene}-${theme}.png`);
    await panel.page.screenshot({ path: file, animations: 'disabled' });
    await panel.close();
    return file;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  const shots: Array<[ThemeName, 'streaming' | 'done']> = [
    ['dark', 'streaming'], ['dark', 'done'], ['light', 'streaming'], ['light', 'done'], ['high-contrast', 'done'],
  ];
  for (const [theme, scene] of shots) console.log(path.relative(ROOT, await shoot(theme, scene)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
