// Drive a real VS Code (code-server 4.100.3 = VS Code 1.100.3) for end-to-end
// tests: start an isolated code-server, open its workbench in Debian's
// Chromium through playwright-core, and run extension tests inside the real
// extension host (same contract as @vscode/test-electron: extensionTestsPath
// is a CommonJS module exporting run(): Promise<void>).
//
// Install code-server first with `bash scripts/e2e/install.sh` (idempotent).
//
// Exports:
//   findCodeServer()                       -> absolute path of the code-server binary
//   startCodeServer({ env, settings, workspace, ... })
//                                          -> { port, url, pid, dirs, output(), stop() }
//   launchBrowser({ viewport, headless })  -> playwright BrowserContext (close() cleans up)
//   workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath })
//   openWorkbench(server, context, { folder, extensionDevelopmentPath })
//                                          -> playwright Page with the workbench loaded
//   runExtensionTests({ extensionDevelopmentPath, extensionTestsPath, workspace, env, settings, timeoutMs })
//                                          -> exit code passed to window.codeAutomationExit
//
// Plain ESM, no build step. Environment knobs:
//   STREAM_EXPLAIN_CACHE   cache root used by scripts/e2e/install.sh
//   CODE_SERVER_BIN        use this code-server binary instead of the cached one
//   CHROMIUM_BIN           browser executable (default /usr/bin/chromium)
//   E2E_VERBOSE=1          also echo code-server's own stdout/stderr and the browser console

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const VERBOSE = process.env.E2E_VERBOSE === '1';

/** Settings written to <user-data-dir>/User/settings.json unless overridden. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
};

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function cacheRoot() {
  return process.env.STREAM_EXPLAIN_CACHE || path.join(os.homedir(), '.cache', 'stream-explain');
}

/** Absolute path of the cached code-server binary; throws if it is not installed. */
export function findCodeServer() {
  const candidates = [];
  if (process.env.CODE_SERVER_BIN) candidates.push(process.env.CODE_SERVER_BIN);
  const prefix = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  // install.sh writes .install-ok only after a successful sanity check.
  if (process.env.CODE_SERVER_BIN || fs.existsSync(path.join(prefix, '.install-ok'))) {
    candidates.push(path.join(prefix, 'node_modules', '.bin', 'code-server'));
  }
  for (const bin of candidates) {
    try {
      fs.accessSync(bin, fs.constants.X_OK);
      return bin;
    } catch {
      /* try next */
    }
  }
  throw new Error(
    `code-server ${CODE_SERVER_VERSION} is not installed in ${prefix} ` +
      `(or CODE_SERVER_BIN is wrong). Run: bash ${path.join(REPO_ROOT, 'scripts/e2e/install.sh')}`,
  );
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

// Process groups still alive when this Node process exits (crash, Ctrl-C).
const liveGroups = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
      process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    });
  }
}

// Variables that would make code-server behave differently (e.g. act as a CLI
// of an enclosing VS Code, or pick another port/password) are not passed on.
function baseEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k.startsWith('ELECTRON_') || k.startsWith('CODE_SERVER_')) delete env[k];
  }
  for (const k of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'CS_DISABLE_FILE_DOWNLOADS', 'NODE_OPTIONS']) {
    delete env[k];
  }
  return env;
}

/**
 * Start an isolated code-server on a free loopback port and wait for /healthz.
 *
 * @param {object} [opts]
 * @param {Record<string,string>} [opts.env]  extra environment; reaches process.env of the extension host
 * @param {object} [opts.settings]            user settings merged over DEFAULT_SETTINGS
 * @param {string} [opts.workspace]           folder code-server opens by default (optional;
 *                                            the workbench URL's ?folder= takes precedence)
 * @param {string[]} [opts.args]              extra code-server command-line arguments
 * @param {(line:string, stream:'stdout'|'stderr')=>void} [opts.onOutput]  each line code-server prints
 * @param {number} [opts.startTimeoutMs=30000]
 * @returns {Promise<{port:number,url:string,pid:number,dirs:{root:string,home:string,userData:string,extensions:string,logs:string},output:()=>string,exited:Promise<number|null>,stop:()=>Promise<void>}>}
 */
export async function startCodeServer({
  env = {},
  settings = {},
  workspace,
  args = [],
  onOutput,
  startTimeoutMs = 30_000,
} = {}) {
  const bin = findCodeServer();
  const port = await freePort();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-cs-'));
  const dirs = {
    root,
    home: path.join(root, 'home'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    logs: path.join(root, 'user-data', 'logs'),
  };
  for (const d of [dirs.home, path.join(dirs.userData, 'User'), dirs.extensions]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2),
  );
  const configFile = path.join(root, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const cliArgs = [
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...args,
  ];
  if (workspace) cliArgs.push(path.resolve(workspace));

  const child = spawn(bin, cliArgs, {
    cwd: root,
    detached: true, // own process group, so stop() reaches the extension host too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...baseEnv(),
      // code-server writes config/state into $HOME on any invocation
      HOME: dirs.home,
      XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
      XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
      XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
      ...env,
    },
  });
  installExitHook();
  liveGroups.add(child.pid);

  let output = '';
  for (const stream of ['stdout', 'stderr']) {
    let buf = '';
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk) => {
      output += chunk;
      if (output.length > 1_000_000) output = output.slice(-500_000);
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (VERBOSE) process.stderr.write(`[code-server ${stream}] ${line}\n`);
        onOutput?.(line, stream);
      }
    });
  }
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  let hasExited = false;
  exited.then(() => (hasExited = true));

  let stopped = false;
  const stop = async ({ graceMs = 5000 } = {}) => {
    if (stopped) return;
    stopped = true;
    killGroup(child.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (groupAlive(child.pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
    while (groupAlive(child.pid) && Date.now() < deadline + 2000) await sleep(50);
    liveGroups.delete(child.pid);
    if (process.env.E2E_KEEP_TMP !== '1') fs.rmSync(root, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (hasExited) {
      await stop();
      throw new Error(`code-server exited before it was ready. Output:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within ${startTimeoutMs} ms. Output:\n${output}`);
    }
    await sleep(100);
  }

  return { port, url, pid: child.pid, dirs, output: () => output, exited, stop };
}

/**
 * Launch Debian's Chromium with a fresh profile (persistent context in a temp
 * dir). Returns the playwright BrowserContext; its close() also deletes the
 * profile dir.
 */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, headless = true, args = [] } = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} not found. Run: bash ${path.join(REPO_ROOT, 'scripts/e2e/install.sh')}`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    viewport,
    args: [...(headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless')), ...args],
  });
  const close = context.close.bind(context);
  context.close = async (...a) => {
    try {
      await close(...a);
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  };
  return context;
}

/**
 * URL of the workbench on `server`, opening `folder`, optionally loading an
 * extension in development mode and running its tests.
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const authority = `127.0.0.1:${server.port}`;
  const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
  const params = new URLSearchParams();
  if (folder) params.set('folder', path.resolve(folder));
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  return `${server.url}/?${params}`;
}
