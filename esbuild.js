// Builds the extension host bundle, the lazily loaded SDK/tokenizer bundles, and the webview bundle.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  legalComments: 'linked',
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
  // Activation loads only this; the SDKs and the tokenizer are required from dist/ on first use.
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  {
    ...node,
    entryPoints: {
      'providers/openai': 'src/core/providers/openaiProvider.ts',
      'providers/anthropic': 'src/core/providers/anthropicProvider.ts',
      tokenizer: 'src/core/tokenizer.ts',
      // The cost report's host side (it requires vscode, external here too), loaded when the report is first opened.
      'report-host': 'src/extension/reportPanel.ts',
    },
    outdir: 'dist',
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts', report: 'src/webview/report/main.ts' },
    outdir: 'dist',
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
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
