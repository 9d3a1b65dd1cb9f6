/**
 * Part of npm run bench:ledger, section 3 in a browser: the cost report opened in headless Chromium (the real HTML,
 * CSP and dist/report.js), from the page's navigation to its first frame with the report drawn, for each case of
 * reportOpen.ts, the host's side run in between as the extension runs it.
 */
import { launchChromium } from '../../test/webview/harness';
import { serveReportPage } from '../../test/webview/reportHarness';
import { fmt, median } from './records';
import type { ReportOpenSetup } from './reportOpen';

type Open = { total: number; load: number; host: number; page: number; validate: number; draw: number };

/** Five opens of each case, timed and split; prints its lines, returns the runs. */
export async function measurePageOpens(open: ReportOpenSetup): Promise<Record<string, Open[]>> {
  const { cases, hostOnly } = open;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const url = await serveReportPage(page);
    await page.goto(url); // the first load pays Chromium's own warm-up; not timed
    const openFigures: Record<string, Open[]> = {};
    for (const [, key, make] of cases) {
      openFigures[key] = [];
      for (let i = 0; i < 5; i++) {
        const cache = await make();
        const t0 = performance.now();
        await page.goto(url); // HTML, CSP, report.js: the page runs and posts 'ready'
        const sent = await page.evaluate('window.__sent.length') as number;
        if (!sent) throw new Error('the report page did not say ready');
        const t1 = performance.now();
        const { message } = await hostOnly(cache);
        const t2 = performance.now();
        // Delivered as VS Code delivers it; resolved on the first frame after the page handled it.
        await page.evaluate(`new Promise((resolve) => {
          const n = window.__handled;
          window.postMessage(${message}, '*');
          const poll = () => window.__handled > n ? requestAnimationFrame(() => setTimeout(resolve, 0)) : setTimeout(poll, 0);
          poll();
        })`);
        const t3 = performance.now();
        if (!(await page.evaluate('document.body.dataset.ready === "true" && document.querySelectorAll("table.recent tbody tr").length > 0'))) throw new Error('the report did not render');
        const marks = await page.evaluate(`Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name, m.duration]))`) as Record<string, number>;
        await cache.saved();
        if (key === 'firstEver') open.windowCache = cache;
        openFigures[key].push({ total: t3 - t0, load: t1 - t0, host: t2 - t1, page: t3 - t2, validate: marks['report:validate'] ?? NaN, draw: marks['report:draw'] ?? NaN });
      }
    }
    const med = (key: string, f: keyof Open) => median(openFigures[key].map((x) => x[f]));
    console.log('  open to first paint in headless Chromium (page load + host + page: validate, draw, then layout and paint):');
    for (const [what, key] of cases) {
      console.log(`    ${what.padEnd(58)} ${fmt(med(key, 'total'))} ms   (load ${med(key, 'load').toFixed(0)}, host ${med(key, 'host').toFixed(0)}, page ${med(key, 'page').toFixed(0)}: validate ${med(key, 'validate').toFixed(1)}, draw ${med(key, 'draw').toFixed(1)})`);
    }
    return openFigures;
  } finally {
    await browser.close();
  }
}
