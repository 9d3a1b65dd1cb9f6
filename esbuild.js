// Builds the extension host bundle, the lazily loaded SDK/tokenizer bundles, and the webview bundle.
// Usage: node esbuild.js [--production] [--watch] [--outdir=DIR]   (DIR defaults to dist; packaging builds elsewhere)
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { thirdPartyNotices } = require('./scripts/thirdPartyNotices');
const { compressedRanksPlugin } = require('./scripts/compressedRanksPlugin');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  // A production build writes the full licence texts of everything bundled to THIRD-PARTY-NOTICES.txt instead of
  // esbuild's per-bundle LEGAL.txt, which holds only the few /*! banners.
  legalComments: production ? 'none' : 'linked',
  metafile: production,
};

const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  // Activation loads only this shell; the chat host, the SDKs and the tokenizer are required from dist/ on first use.
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir },
  {
    ...node,
    entryPoints: {
      // The chat host (engine, panel bridge, ledger, picker…), required by extension.js on first use.
      'chat-host': 'src/extension/chatHost.ts',
      'providers/openai': 'src/core/providers/openaiProvider.ts',
      'providers/anthropic': 'src/core/providers/anthropicProvider.ts',
      // The context gatherer runs only when something is explained.
      context: 'src/extension/context/gatherContext.ts',
      // The cost report's host side (it requires vscode, external here too), loaded when the report is first opened.
      'report-host': 'src/extension/reportPanel.ts',
    },
    outdir,
  },
  // The o200k vocabulary goes in as a packed byte table, in every build (scripts/compressedRanksPlugin.js): what the
  // benchmarks and tests load is what ships.
  {
    ...node,
    entryPoints: { tokenizer: 'src/core/tokenizer.ts' },
    outdir,
    plugins: [compressedRanksPlugin],
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts', report: 'src/webview/report/main.ts' },
    outdir,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

async function main() {
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[watch] build started');
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  if (production) {
    const notices = thirdPartyNotices(results.map((r) => r.metafile));
    fs.writeFileSync(path.join(outdir, 'THIRD-PARTY-NOTICES.txt'), notices.text);
    console.log(`  ${outdir}/THIRD-PARTY-NOTICES.txt  ${notices.packages.length} packages`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
