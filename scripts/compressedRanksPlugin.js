// esbuild plugin for the tokenizer bundle: the o200k vocabulary goes in as a packed byte table (src/core/bpe/rankTable.ts:
// each token's length, then all tokens' bytes), Brotli-compressed and base64-encoded, instead of gpt-tokenizer's 200k
// string literals (2.0 MB as JavaScript). Loaded, it becomes two typed arrays outside the JavaScript heap, never 200k
// strings the extension host's garbage collector would walk at every full collection. The table is built here from
// gpt-tokenizer's own array with the same code the tests use (o200kTable.ts in its source form); the package test
// unpacks the bundle's table and compares it with that array.
const path = require('node:path');
const zlib = require('node:zlib');
const Module = require('node:module');
const esbuild = require('esbuild');

const TABLE_MODULE = /[\\/]bpe[\\/]o200kTable\.ts$/;
const BPE_DIR = path.join(__dirname, '..', 'src', 'core', 'bpe');

/**
 * Quality 7: quality 9 saves 1 % more and 10–11 save 7 % more, but take 10–20 s per build on this two-core machine
 * against under half a second.
 */
const QUALITY = 7;

/** The packed table, built by the source modules (bundled to CommonJS here and run in this process). */
async function packedO200k() {
  const out = await esbuild.build({
    stdin: { contents: `export { o200kTable } from './o200kTable'; export { serializeRankTable } from './rankTable';`, resolveDir: BPE_DIR, loader: 'ts' },
    bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent',
  });
  const file = path.join(BPE_DIR, 'packO200k.cjs');
  const m = new Module(file);
  m.paths = Module._nodeModulePaths(BPE_DIR);
  m._compile(out.outputFiles[0].text, file);
  const table = m.exports.o200kTable();
  if (table.offsets.length < 199_000) throw new Error('not the o200k vocabulary');
  return Buffer.from(m.exports.serializeRankTable(table));
}

/** The module's source, built once per process: watch mode's rebuilds reuse it (the vocabulary does not change). */
let moduleSource;

async function packedModuleSource() {
  const packed = zlib.brotliCompressSync(await packedO200k(), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: QUALITY, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
  });
  return (
    `import { brotliDecompressSync } from 'node:zlib';\n` +
    `import { parseRankTable } from './rankTable';\n` +
    `const packed = ${JSON.stringify(packed.toString('base64'))};\n` +
    `export const o200kTable = () => parseRankTable(brotliDecompressSync(Buffer.from(packed, 'base64')));\n`);
}

const compressedRanksPlugin = {
  name: 'packed-o200k-table',
  setup(build) {
    // Named after gpt-tokenizer's vocabulary file (in its own namespace), because those are the bytes it carries: the
    // third-party notices list gpt-tokenizer for it.
    const ranksFile = require.resolve('gpt-tokenizer/bpeRanks/o200k_base');
    build.onResolve({ filter: /o200kTable$/ }, (args) =>
      TABLE_MODULE.test(`${path.resolve(args.resolveDir, args.path)}.ts`) ? { path: ranksFile, namespace: 'packed-o200k' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'packed-o200k' }, async () => {
      const contents = await (moduleSource ??= packedModuleSource());
      return { contents, loader: 'js', resolveDir: BPE_DIR };
    });
  },
};

module.exports = { compressedRanksPlugin };
