// esbuild plugin for production bundles: gpt-tokenizer's o200k vocabulary (200k string literals, 2.0 MB as JavaScript,
// 1.02 MB deflated in the .vsix) is embedded as Brotli-compressed JSON instead (0.84 MB) and decoded when the tokenizer
// bundle loads. The data is the library's own array, serialised at build time, so the tokenizer is unchanged: the
// package test counts with the packaged bundle and with gpt-tokenizer and expects the same figures.
const path = require('node:path');
const zlib = require('node:zlib');
const { pathToFileURL } = require('node:url');

const RANKS = /[\\/]bpeRanks[\\/]o200k_base\.js$/;

/**
 * Quality 7: quality 9 saves 1 % more and 10–11 save 7 % more, but take 10–20 s per build on this two-core machine
 * against under half a second.
 */
const QUALITY = 7;

const compressedRanksPlugin = {
  name: 'compressed-o200k-ranks',
  setup(build) {
    build.onResolve({ filter: RANKS }, (args) => ({ path: path.resolve(args.resolveDir, args.path), namespace: 'compressed-ranks' }));
    build.onLoad({ filter: /.*/, namespace: 'compressed-ranks' }, async (args) => {
      const { default: ranks } = await import(pathToFileURL(args.path).href);
      if (!Array.isArray(ranks) || ranks.length < 199_000) throw new Error(`${args.path}: not the o200k vocabulary`);
      const packed = zlib.brotliCompressSync(Buffer.from(JSON.stringify(ranks)), {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: QUALITY, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
      });
      const contents =
        `import { brotliDecompressSync } from 'node:zlib';\n` +
        `const packed = ${JSON.stringify(packed.toString('base64'))};\n` +
        `export default JSON.parse(brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8'));\n`;
      return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

module.exports = { compressedRanksPlugin };
