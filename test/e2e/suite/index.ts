import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point the extension host loads (extensionTestsPath), the contract of @vscode/test-electron and of
 * code-server's test mode alike: run() resolves when every test passed.
 */
export function run(): Promise<void> {
  // E2E_GREP runs only the matching tests (while working on one suite; never set by npm test).
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000, reporter: 'spec', ...(process.env.E2E_GREP ? { grep: process.env.E2E_GREP } : {}) });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} end-to-end test(s) failed`)) : resolve()));
  });
}
