// Runs the end-to-end tests inside a real VS Code.
//   node test/e2e/run.mjs            code-server 4.100.3 (VS Code 1.100.3) driven by Debian's Chromium — the default,
//                                    and what `npm test` runs: the in-host suite, then the Playwright UI tests.
//   STREAM_EXPLAIN_E2E=electron      desktop VS Code through @vscode/test-electron (downloads VS Code; needs internet
//                                    and a display): the same in-host suite.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildE2E } from './build.mjs';
import { packCompanion } from './companion/pack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const backend = process.env.STREAM_EXPLAIN_E2E ?? 'code-server';

/**
 * A throwaway workspace holding the sample files, so tests never touch the repository; the TypeScript project of
 * the context tests goes in its own folder (context-ts/), where VS Code's TypeScript server resolves it, and the
 * evaluation set in eval/.
 */
function makeWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-e2e-ws-'));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'sample'), dir, { recursive: true });
  fs.cpSync(path.join(root, 'test', 'fixtures', 'context-ts'), path.join(dir, 'context-ts'), { recursive: true });
  // The evaluation set: real files in three languages (its README names their sources and licences).
  fs.cpSync(path.join(root, 'test', 'fixtures', 'eval'), path.join(dir, 'eval'), { recursive: true });
  // A key-shaped fake for the redaction test, assembled here so that no key-shaped literal is in the tree.
  const config = path.join(dir, 'context-ts', 'serviceConfig.ts');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('__FAKE_OPENAI_KEY__', ['sk', 'proj', 'FAKE0123456789abcdefghijklmnop'].join('-')));
  return dir;
}

const env = {
  OPENAI_API_KEY: 'e2e-openai-key',
  ANTHROPIC_API_KEY: 'e2e-anthropic-key',
  STREAM_EXPLAIN_E2E_HOST: backend,
};

async function inHostSuite() {
  const extensionTestsPath = await buildE2E();
  const workspace = makeWorkspace();
  const t0 = Date.now();
  try {
    if (backend === 'electron') {
      const { runTests } = await import('@vscode/test-electron');
      await runTests({
        // Desktop VS Code loads several development extensions: the companion comes straight from its folder.
        extensionDevelopmentPath: [root, path.join(root, 'test', 'e2e', 'companion')],
        extensionTestsPath,
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
        extensionTestsEnv: env,
      });
      return 0;
    }
    if (backend !== 'code-server') throw new Error(`STREAM_EXPLAIN_E2E must be code-server or electron, not ${backend}`);
    const { runExtensionTests } = await import('./host/codeServer.mjs');
    // The test-only companion registers a scripted language model for the vscode-lm tests (built once per run).
    const companion = packCompanion();
    try {
      return await runExtensionTests({
        extensionDevelopmentPath: root, extensionTestsPath, workspace, env, installExtensions: [companion.vsix], timeoutMs: 240_000,
      });
    } finally {
      fs.rmSync(companion.dir, { recursive: true, force: true });
    }
  } finally {
    console.log(`[e2e] in-host suite (${backend}) took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

function uiSuite() {
  const uiConfig = path.join(root, 'test', 'e2e', 'ui', '.mocharc.json');
  if (!fs.existsSync(uiConfig)) {
    // A missing config would silently skip every UI test: that is a failure, not a pass.
    console.error(`[e2e] UI suite config not found: ${uiConfig}`);
    return 1;
  }
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', uiConfig], { stdio: 'inherit', cwd: root });
  console.log(`[e2e] UI suite took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
}

let code = await inHostSuite().catch((err) => {
  console.error(`[e2e] ${err?.stack ?? err}`);
  return 1;
});
if (backend === 'code-server') code = code || uiSuite();
process.exit(code);
