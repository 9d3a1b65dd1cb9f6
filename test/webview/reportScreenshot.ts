/**
 * npx tsx test/webview/reportScreenshot.ts — docs/cost-report.png: the real report page (dist/report.js, the real
 * controller) on the generated 90-day ledger, Dark Modern. Run `npm run build` first.
 */
import * as path from 'node:path';
import { launchChromium } from './harness';
import { ReportPage } from './reportHarness';
import { CALENDAR, NOW, ninetyDays } from './reportLedger';

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    // Friendlier names than the XSS probes of the tests.
    const names: Record<string, string> = { 'my-local': 'llama-3.1-8b (local)' };
    const records = ninetyDays().map((r) => ({ ...r, model: names[r.model] ?? (r.model.includes('<') ? (r.provider === 'openai' ? 'gpt-6.1-terra' : 'claude-haiku-5-5') : r.model) }));
    const page = await ReportPage.open(browser, { records, now: NOW, calendar: CALENDAR });
    await page.page.setViewportSize({ width: 1100, height: 1000 });
    await page.page.screenshot({ path: path.join(__dirname, '..', '..', 'docs', 'cost-report.png') });
    await page.close();
  } finally {
    await browser.close();
  }
}

void main();
