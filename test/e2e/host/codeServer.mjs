// Drive a real VS Code (code-server 4.100.3 = VS Code 1.100.3) for end-to-end
// tests: start an isolated code-server, open its workbench in Debian's
// Chromium through playwright-core, and run extension tests inside the real
// extension host (same contract as @vscode/test-electron: extensionTestsPath
// is a CommonJS module exporting run(): Promise<void>).
//
// Install code-server first with `bash scripts/e2e/install.sh` (idempotent).
//
// Exports:
//   findCodeServer()          -> absolute path of the cached code-server binary (throws, naming
//                                scripts/e2e/install.sh, when it is not installed)
//   startCodeServer({ env, settings, workspace, args, installExtensions, onOutput, startTimeoutMs })
//                             -> { port, url, pid, dirs, output(), addOutputListener(fn),
//                                  removeOutputListener(fn), exited, stop() }
//   launchBrowser({ viewport, headless, args })
//                             -> playwright BrowserContext (Debian chromium, fresh profile;
//                                close() also deletes the profile)
//   workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) -> string
//   openWorkbench(server, context, { folder, extensionDevelopmentPath, timeoutMs, forward, out })
//                             -> playwright Page with the workbench rendered
//   runCommandFromPalette(page, label, { timeoutMs })   F1, type, pick the row (retries)
//   forwardTestOutput(page, { out, verbose, noise })    browser console -> out
//   runExtensionTests({ extensionDevelopmentPath, extensionTestsPath, workspace, env,
//                       settings, installExtensions, timeoutMs, out, onPage, server })
//                             -> exit code the workbench passed to window.codeAutomationExit
//   DEFAULT_SETTINGS, CHROMIUM_ARGS, NOISE, CODE_SERVER_VERSION, freePort()
//
// Webview content: page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').
//
// Plain ESM, no build step. Environment knobs:
//   STREAM_EXPLAIN_CACHE   cache root used by scripts/e2e/install.sh
//   CODE_SERVER_BIN        use this code-server binary instead of the cached one
//   CHROMIUM_BIN           browser executable (default /usr/bin/chromium)
//   E2E_VERBOSE=1          also echo code-server's own stdout/stderr and the browser console
//   E2E_KEEP_TMP=1         keep the server's temp dir (user-data-dir/logs) after stop()

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';

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

// Process groups (pid -> temp dir) still alive when this Node process exits
// (crash, Ctrl-C): killed and their temp dirs removed, best effort.
const liveGroups = new Map();
const tempDirs = new Set();
function emergencyCleanup() {
  for (const pid of liveGroups.keys()) killGroup(pid, 'SIGKILL');
  liveGroups.clear();
  if (process.env.E2E_KEEP_TMP === '1') return;
  for (const dir of tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      /* best effort */
    }
  }
  tempDirs.clear();
}
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', emergencyCleanup);
  // code-server runs in its own process group, so Ctrl-C in a terminal does not
  // reach it: kill the groups, then let the signal take its normal course.
  for (const sig of ['SIGINT', 'SIGTERM']) {
    const handler = () => {
      emergencyCleanup();
      process.removeListener(sig, handler);
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
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
 * Install each .vsix into the instance's own extensions dir with code-server's CLI, which exits when done. It runs
 * with the instance's environment (HOME, XDG_*) and user-data dir, so nothing lands in the caller's profile.
 */
function installVsixFiles(bin, vsixFiles, dirs, env) {
  for (const vsix of vsixFiles) {
    const file = path.resolve(vsix);
    if (!fs.existsSync(file)) throw new Error(`installExtensions: ${file} does not exist`);
    const r = spawnSync(
      bin,
      ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', file],
      { cwd: dirs.root, env, encoding: 'utf8', timeout: 120_000 },
    );
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    if (VERBOSE) process.stderr.write(`[code-server --install-extension] ${output}\n`);
    // A vsix that fails to install still exits 0 in some code-server versions; its message says so.
    if (r.status !== 0 || !/successfully installed/i.test(output)) {
      throw new Error(`code-server --install-extension ${file} failed (${r.status ?? r.signal ?? r.error}):\n${output}`);
    }
  }
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
 * @param {string[]} [opts.installExtensions] .vsix files installed (`--install-extension`) into this instance's own
 *                                            extensions dir before it starts; throws if one does not install
 * @param {(line:string, stream:'stdout'|'stderr')=>void} [opts.onOutput]  each line code-server prints
 * @param {number} [opts.startTimeoutMs=30000]
 * @returns {Promise<{port:number, url:string, pid:number,
 *   dirs:{root:string, home:string, tmp:string, userData:string, extensions:string, logs:string},
 *   output:()=>string, addOutputListener:(fn)=>void, removeOutputListener:(fn)=>void,
 *   exited:Promise<number|string|null>, stop:(opts?:{graceMs?:number})=>Promise<void>}>}
 *   stop() signals the whole process group (SIGTERM, SIGKILL after graceMs=5000)
 *   and deletes the temp dirs (kept with E2E_KEEP_TMP=1).
 */
export async function startCodeServer({
  env = {},
  settings = {},
  workspace,
  args = [],
  installExtensions = [],
  onOutput,
  startTimeoutMs = 30_000,
} = {}) {
  const bin = findCodeServer();
  const port = await freePort();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-cs-'));
  const dirs = {
    root,
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    logs: path.join(root, 'user-data', 'logs'),
  };
  for (const d of [dirs.home, dirs.tmp, path.join(dirs.userData, 'User'), dirs.extensions]) fs.mkdirSync(d, { recursive: true });
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

  const childEnv = {
    ...baseEnv(),
    // code-server writes config/state into $HOME on any invocation
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    // the extension host leaves vscode-ipc-*.sock (and tsserver dirs) in os.tmpdir()
    TMPDIR: dirs.tmp,
    ...env,
  };
  installExitHook();
  tempDirs.add(root);
  try {
    installVsixFiles(bin, installExtensions, dirs, childEnv);
  } catch (err) {
    tempDirs.delete(root);
    if (process.env.E2E_KEEP_TMP !== '1') fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }

  const child = spawn(bin, cliArgs, {
    cwd: root,
    detached: true, // own process group, so stop() reaches the extension host too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv,
  });
  liveGroups.set(child.pid, root);

  let output = '';
  const listeners = new Set(onOutput ? [onOutput] : []);
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
        for (const l of listeners) l(line, stream);
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
    tempDirs.delete(root);
    if (process.env.E2E_KEEP_TMP !== '1') fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
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

  return {
    port,
    url,
    pid: child.pid,
    dirs,
    output: () => output,
    addOutputListener: (fn) => listeners.add(fn),
    removeOutputListener: (fn) => listeners.delete(fn),
    exited,
    stop,
  };
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
  installExitHook();
  tempDirs.add(profile);
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
      tempDirs.delete(profile);
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
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

// ---------------------------------------------------------------------------
// Where the extension host's output goes (VS Code 1.100.3 / code-server):
// the remote extension host replaces console.* and wraps process.stdout/stderr
// .write; every call is sent over RPC to the browser workbench, where, in
// extension-test mode, MainThreadConsole hands it to the browser log service,
// which prints console.log('%c INFO', 'color: #33f', <format>, ...args) (same
// for '%c WARN', '%c  ERR', ...). So mocha's reporter output shows up in the
// *browser console*, unformatted (mocha passes '%s'/'%d' format strings). It
// is not in code-server's stdout, nor in <user-data-dir>/logs (the extension
// host only writes natively to stdout while a debugger is attached;
// process.stdout.write chunks do reach code-server's stdout as
// "[ExtensionHostConnection] <pid> ..." lines as well, which would duplicate).
// We therefore listen to the page's console, drop the log-service prefix,
// re-apply the format with util.format, filter the workbench's own chatter and
// write the result to our stdout.
// ---------------------------------------------------------------------------


// The browser log service's console prefixes: '%cTRACE', '%cDEBUG', '%c INFO', '%c WARN', '%c  ERR'.
const LOG_PREFIX = /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR)$/;

/** Workbench/server chatter that is not test output (shown with E2E_VERBOSE=1). */
export const NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^\[Service Worker\]/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore:/,
  /open-vsx\.org/, // extension gallery lookups fail on this offline machine
  /^Failed to load resource/,
  /^The web worker extension host is started in a same-origin iframe/,
  /^An iframe which has both allow-scripts and allow-same-origin/,
  /^Overwriting extension <</,
  /^\[Extension Host\] /,
  /^Started local extension host with pid/,
  /^Creation of workbench contribution '.*' took \d+ms/,
];

async function consoleArgs(msg) {
  try {
    return await Promise.all(msg.args().map((h) => h.jsonValue().catch(() => h.toString())));
  } catch {
    return [msg.text()];
  }
}

const EXTHOST_PREFIX = '%c[Extension Host] %c';

/**
 * Turn a browser console message back into what was logged.
 * Returns { source, level, text } where source is
 *  'log'     - the workbench's log service; in extension-test mode this carries
 *              the extension host's console.* / stdout (mocha output),
 *  'exthost' - extension host console.* outside test mode (UI sessions), which
 *              the workbench prints as '%c[Extension Host] %c<fmt>',
 *  'browser' - anything else the page printed.
 */
async function decodeConsole(msg) {
  const args = await consoleArgs(msg);
  const level = msg.type();
  if (!args.length) return { source: 'browser', level, text: msg.text() }; // e.g. 'Failed to load resource'
  if (typeof args[0] === 'string' && LOG_PREFIX.test(args[0]) && typeof args[1] === 'string') {
    const rest = args.slice(2);
    return { source: 'log', level: args[0].replace('%c', '').trim(), text: rest.length ? util.format(...rest) : '' };
  }
  if (typeof args[0] === 'string' && args[0].startsWith(EXTHOST_PREFIX)) {
    let fmt = args[0].slice(EXTHOST_PREFIX.length);
    let rest = args.slice(3);
    const stackAt = fmt.lastIndexOf(' %c(');
    if (stackAt >= 0) {
      fmt = fmt.slice(0, stackAt); // single-string message with a caller location
      rest = [];
    }
    return { source: 'exthost', level, text: util.format(fmt, ...rest) };
  }
  return { source: 'browser', level, text: util.format(...args) };
}

/**
 * Forward the test output of the workbench in `page` to `out` (a writable,
 * default process.stdout). Returns { flush(): Promise<void>, lines: string[] }.
 * Log-service lines are written as they are (that is where mocha's output
 * arrives in test mode), extension host console output in UI sessions gets an
 * "[exthost] " prefix, and other browser console messages and lines matching
 * NOISE are forwarded only with `verbose` (E2E_VERBOSE=1).
 */
export function forwardTestOutput(page, { out = process.stdout, verbose = VERBOSE, noise = NOISE } = {}) {
  let chain = Promise.resolve();
  const lines = [];
  page.on('console', (msg) => {
    chain = chain.then(async () => {
      const { source, level, text } = await decodeConsole(msg);
      const isNoise = source === 'browser' || (source === 'log' && noise.some((re) => re.test(text)));
      if (isNoise && !verbose) return;
      const line =
        source === 'exthost' ? `[exthost] ${text}` :
        source === 'browser' ? `[browser ${level}] ${text}` :
        isNoise ? `[workbench ${level}] ${text}` : text;
      lines.push(line);
      out.write(line.endsWith('\n') ? line : `${line}\n`);
    });
  });
  page.on('pageerror', (err) => {
    if (verbose) out.write(`[browser pageerror] ${err.message}\n`);
  });
  return { flush: () => chain, lines };
}

/**
 * Open the workbench on `server` in a new page of `context` and wait until it
 * is rendered (status bar visible). The extension host may still be starting:
 * use runCommandFromPalette, or wait for something your extension shows.
 * Unless `forward` is false, the page's extension host output is forwarded to
 * `out` (see forwardTestOutput). Returns the playwright Page.
 */
export async function openWorkbench(
  server,
  context,
  { folder, extensionDevelopmentPath, timeoutMs = 60_000, forward = true, out = process.stdout } = {},
) {
  const page = await context.newPage();
  if (forward) forwardTestOutput(page, { out });
  await page.goto(workbenchUrl(server, { folder, extensionDevelopmentPath }));
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  return page;
}

/**
 * Run extension tests in the real extension host and resolve to the exit code
 * the workbench passes to window.codeAutomationExit (0 = all passed). Test
 * output (mocha reporter, console.* of tests and extension) is written to
 * `out` while the tests run. Rejects if the tests do not finish in timeoutMs.
 *
 * @param {object} opts
 * @param {string} opts.extensionDevelopmentPath  folder with the extension's package.json
 * @param {string} opts.extensionTestsPath        compiled test entry (file or folder with index.js):
 *                                                CommonJS, exports run(): Promise<void>
 * @param {string} [opts.workspace]               folder to open (default: an empty temp folder)
 * @param {Record<string,string>} [opts.env]      extra env for code-server / the extension host
 * @param {object} [opts.settings]                user settings (merged over DEFAULT_SETTINGS)
 * @param {number} [opts.timeoutMs=300000]
 * @param {NodeJS.WritableStream} [opts.out=process.stdout]
 * @param {(page, server) => Promise<void>} [opts.onPage]  called after navigation starts (screenshots, UI work)
 * @param {object} [opts.server]  a server from startCodeServer() to reuse (then it is not stopped, and
 *                                env/settings must be given to startCodeServer instead)
 */
export async function runExtensionTests({
  extensionDevelopmentPath,
  extensionTestsPath,
  workspace,
  env = {},
  settings = {},
  installExtensions = [],
  timeoutMs = 300_000,
  out = process.stdout,
  onPage,
  server: givenServer,
} = {}) {
  if (!extensionDevelopmentPath || !extensionTestsPath) {
    throw new Error('runExtensionTests: extensionDevelopmentPath and extensionTestsPath are required');
  }
  for (const p of [extensionDevelopmentPath, extensionTestsPath]) {
    if (!fs.existsSync(p)) throw new Error(`runExtensionTests: ${p} does not exist`);
  }
  let tmpWorkspace;
  if (!workspace) workspace = tmpWorkspace = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-explain-ws-'));

  const t0 = Date.now();
  const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const serverTail = [];
  if (givenServer && (Object.keys(env).length || Object.keys(settings).length || installExtensions.length)) {
    throw new Error('runExtensionTests: pass env/settings/installExtensions to startCodeServer() when reusing a server');
  }
  const onOutput = (line) => {
    serverTail.push(line);
    if (serverTail.length > 200) serverTail.shift();
    // A crashed extension host only shows up here.
    if (!VERBOSE && /Extension Host Process (exited with code: [^0]|had an error)|ExtensionHostConnection errored/.test(line)) {
      out.write(`[code-server] ${line}\n`);
    }
  };
  const server = givenServer ?? (await startCodeServer({ env, settings, installExtensions, onOutput }));
  if (givenServer) server.addOutputListener(onOutput);
  let context;
  try {
    context = await launchBrowser();
    let onExit;
    const exited = new Promise((resolve) => (onExit = resolve));
    // The workbench calls window.codeAutomationExit(code, logs) when run() settles.
    await context.exposeBinding('codeAutomationExit', (_source, code) => onExit(Number(code)));
    const page = context.pages()[0] ?? (await context.newPage());
    const fwd = forwardTestOutput(page, { out });
    if (VERBOSE) out.write(`[e2e] code-server ready at ${server.url} after ${secs()}\n`);
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath, extensionTestsPath }));
    if (onPage) await onPage(page, server);

    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`extension tests did not finish within ${timeoutMs} ms. Last code-server output:\n${serverTail.slice(-40).join('\n')}`)),
        timeoutMs,
      );
    });
    const serverDied = server.exited.then((c) => {
      throw new Error(`code-server exited (${c}) before the tests finished:\n${serverTail.slice(-40).join('\n')}`);
    });
    try {
      const code = await Promise.race([exited, timeout, serverDied]);
      await fwd.flush();
      if (VERBOSE) out.write(`[e2e] extension tests exited with ${code} after ${secs()}\n`);
      return code;
    } finally {
      clearTimeout(timer);
      serverDied.catch(() => {});
    }
  } finally {
    await context?.close().catch(() => {});
    if (givenServer) server.removeOutputListener(onOutput);
    else await server.stop();
    if (tmpWorkspace) fs.rmSync(tmpWorkspace, { recursive: true, force: true });
  }
}

/**
 * Run a command through the command palette (F1), like a user would. The
 * palette does not refresh its list when commands appear later (e.g. while the
 * extension host is still starting), so it is closed and reopened until a row
 * with `label` shows up. Returns once Enter has been pressed on it.
 */
export async function runCommandFromPalette(page, label, { timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  for (;;) {
    if (!(await input.isVisible())) await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${label}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 2_000 });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`command "${label}" did not appear in the command palette within ${timeoutMs} ms`, { cause: err });
      await page.keyboard.press('Escape');
    }
  }
  // Make sure Enter hits our row, not another fuzzy match above it.
  await row.click();
}
