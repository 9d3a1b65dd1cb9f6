import * as path from 'node:path';

/**
 * Requires a bundle that esbuild.js writes next to dist/extension.js (the chat host, the SDKs, the tokenizer, the
 * context gatherer, the report's host side). They are separate files so activation parses none of them.
 */
export function loadBundle<T>(name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, name)) as T;
}
