/**
 * The README's screenshot of an explain question with its context chips and Show prompt open: the prompt is built
 * by the real core (selectContext + buildExplainPrompt) from the TypeScript fixture the in-host tests use.
 *
 *   npm run build && npx tsx test/webview/contextScreenshot.ts   → docs/panel-context.png
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectContext } from '../../src/core/context/selectContext';
import type { ContextPiece } from '../../src/core/context/types';
import { buildExplainPrompt } from '../../src/core/promptBuilder';
import type { HostMessage } from '../../src/core/protocol';
import { approximateCounter } from '../../src/core/tokenCounter';
import { deltas, end, start } from './fixtures';
import { launchChromium, PanelPage } from './harness';

const ROOT = path.join(__dirname, '..', '..');
const DIR = path.join(ROOT, 'test', 'fixtures', 'context-ts');
const lines = (file: string, from: number, to: number) => fs.readFileSync(path.join(DIR, file), 'utf8').split('\n').slice(from - 1, to).join('\n');
const piece = (p: Omit<ContextPiece, 'text'>, file: string): ContextPiece => ({ ...p, text: lines(file, p.startLine, p.endLine) });

const found = [
  piece({ kind: 'definition', title: 'evict', fileName: 'context-ts/cache.ts', startLine: 12, endLine: 22, distance: 1_000_000 }, 'cache.ts'),
  piece({ kind: 'definition', title: 'DEFAULT_POLICY', fileName: 'context-ts/policy.ts', startLine: 9, endLine: 9, distance: 1_000_002 }, 'policy.ts'),
  piece({ kind: 'imports', title: 'imports', fileName: 'context-ts/sessions.ts', startLine: 1, endLine: 2, distance: 0 }, 'sessions.ts'),
  piece({ kind: 'enclosing', title: 'SessionStore', fileName: 'context-ts/sessions.ts', startLine: 6, endLine: 6, distance: 0 }, 'sessions.ts'),
  piece({ kind: 'enclosing', title: 'sweep', fileName: 'context-ts/sessions.ts', startLine: 9, endLine: 9, distance: 1 }, 'sessions.ts'),
];
const context = selectContext(found, { maxTokens: 4000, language: 'typescript', counter: approximateCounter });
const { content: _content, ...prompt } = buildExplainPrompt({ code: lines('sessions.ts', 10, 10), language: 'typescript', fileName: 'context-ts/sessions.ts', startLine: 10, endLine: 10, context });
const answer = '`sweep` drops expired sessions through `evict`, which removes entries **oldest first** while the store holds more than `DEFAULT_POLICY.keep` (10) and each is older than `maxAgeMs` (60 s).';

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    const panel = await PanelPage.open(browser, { theme: 'dark', viewport: { width: 440, height: 720 }, deviceScaleFactor: 2 });
    const messages: HostMessage[] = [start('t1', { prompt, model: 'gpt-4o-mini' }), ...deltas('t1', answer, 24), end('t1')];
    await panel.stream(messages);
    await panel.turn('t1').locator('[data-role=show-prompt]').click();
    await panel.eval(`document.querySelector('[data-turn-id=t1] [data-role=question]').scrollIntoView()`);
    await panel.frame();
    const file = path.join(ROOT, 'docs', 'panel-context.png');
    await panel.page.screenshot({ path: file, animations: 'disabled' });
    console.log(file);
  } finally {
    await browser.close();
  }
}

void main();
