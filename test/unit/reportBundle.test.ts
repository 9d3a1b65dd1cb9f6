import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');
/** The README quotes these (cost report section): the page draws its own chart rather than ship a charting library. */
const PAGE_LIMIT = 16_000;
const CHART_LIMIT = 4_000;

describe('cost report page bundle (production build, as packaged)', () => {
  it(`dist/report.js is under ${PAGE_LIMIT / 1000} KB minified, its SVG chart under ${CHART_LIMIT / 1000} KB of it`, () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-report-bundle-'));
    try {
      const result = buildSync({
        entryPoints: { report: path.join(ROOT, 'src', 'webview', 'report', 'main.ts') },
        outdir, bundle: true, minify: true, platform: 'browser', format: 'iife', target: 'chrome120', legalComments: 'none', logLevel: 'silent', metafile: true,
      });
      const size = fs.statSync(path.join(outdir, 'report.js')).size;
      const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint?.endsWith('report/main.ts'))!;
      const chart = Object.entries(output.inputs).find(([f]) => f.endsWith('report/chart.ts'))![1].bytesInOutput;
      console.log(`      (report page ${size} bytes minified, chart ${chart} bytes)`);
      assert.ok(size < PAGE_LIMIT, `report.js is ${size} bytes`);
      assert.ok(chart > 500 && chart < CHART_LIMIT, `the chart is ${chart} bytes`);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
