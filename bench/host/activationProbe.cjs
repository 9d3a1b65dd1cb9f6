// bench:host's activation probe: one fresh Node process (plain JavaScript, nothing transpiled, so nothing but the
// extension's own bundles is loaded) that requires the real dist/extension.js against the stand-in `vscode`
// module, activates it, then answers requests through the activation API's engine against the local provider
// server. Prints one JSON line of figures. Run by bench/host/activation.ts; options come as JSON in PROBE_OPTIONS:
//   { dist, openaiBaseUrl, model, warm, answers, answerModel }, or { dist, activationOnly: true } (no server needed:
//   activation's figures and what it registered, then exit; test/unit/activationShell.test.ts uses it).
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');

const options = JSON.parse(process.env.PROBE_OPTIONS);
const stub = path.join(__dirname, 'standInVscode.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stub : resolve.call(this, request, ...rest);
};
const vscode = require(stub);
vscode.__bench.overrides['streamExplain.provider'] = 'openai';
vscode.__bench.overrides['streamExplain.openai.baseUrl'] = options.openaiBaseUrl;
vscode.__bench.overrides['streamExplain.openai.model'] = options.model;
vscode.__bench.overrides['streamExplain.maxOutputTokens'] = 100000;

/** The extension's code in memory: every module required from the dist directory, in bytes. */
const loaded = () => {
  const files = Object.keys(require.cache).filter((f) => f.startsWith(options.dist + path.sep));
  return { files: files.map((f) => path.relative(options.dist, f)), bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0) };
};

const memento = () => {
  const values = new Map();
  return { get: (k, d) => (values.has(k) ? values.get(k) : d), update: async (k, v) => void values.set(k, v), keys: () => [...values.keys()] };
};

const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'se-bench-host-'));
const context = {
  subscriptions: [],
  extensionUri: vscode.Uri.file(path.dirname(options.dist)),
  globalStorageUri: vscode.Uri.file(storage),
  workspaceState: memento(),
  globalState: memento(),
  secrets: { get: async () => 'bench-key-not-a-secret', store: async () => {}, delete: async () => {} },
};

const now = () => performance.now();
const heap = () => {
  global.gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external };
};

async function main() {
  const out = {};
  let t = now();
  const ext = require(path.join(options.dist, 'extension.js'));
  out.requireMs = now() - t;
  t = now();
  const api = ext.activate(context);
  out.activateMs = now() - t;
  out.activation = loaded();
  out.registrations = vscode.__bench.registrations.length;
  if (options.activationOnly) {
    out.registered = [...vscode.__bench.registrations];
    for (const d of context.subscriptions) d.dispose?.();
    fs.rmSync(storage, { recursive: true, force: true });
    // Before the shell's idle load could run: what activation alone loaded.
    process.stdout.write(`${JSON.stringify(out)}\n`);
    process.exit(0);
  }

  // First use: the chat host is required (here through the API, as a command or the view would).
  t = now();
  const engine = api.engine;
  out.hostLoadMs = now() - t;
  out.beforeRequest = loaded();
  out.heapBeforeRequest = heap();

  // When the panel got the first text of the request running (stamped as ChatView.post records it).
  let firstTextAt;
  const sent = api.chatView.sent;
  const record = sent.push.bind(sent);
  sent.push = (...messages) => {
    if (firstTextAt === undefined && messages.some((m) => m.type === 'delta')) firstTextAt = now();
    return record(...messages);
  };
  const ask = async () => {
    const t0 = now();
    firstTextAt = undefined;
    await engine.ask('Explain what this function does.');
    const end = sent.findLast((m) => m.type === 'turn-end' || m.type === 'turn-error');
    if (end?.type !== 'turn-end') throw new Error(`the request ended with ${JSON.stringify(end).slice(0, 300)}`);
    return { total: now() - t0, firstText: firstTextAt - t0 };
  };
  // Cold: the provider's SDK bundle is required by this first request.
  const cold = await ask();
  out.firstRequestMs = cold.total;
  out.firstTextMs = cold.firstText;
  out.afterFirstRequest = loaded();
  out.warmRequestMs = [];
  out.warmFirstTextMs = [];
  for (let i = 0; i < options.warm; i++) {
    const warm = await ask();
    out.warmRequestMs.push(warm.total);
    out.warmFirstTextMs.push(warm.firstText);
  }
  out.heapAfterFirstRequests = heap();

  if (options.answers) {
    vscode.__bench.overrides['streamExplain.openai.model'] = options.answerModel;
    for (let i = 0; i < options.answers; i++) await ask();
    out.answers = options.answers;
    out.heapAfterAnswers = heap();
    out.conversationChars = JSON.stringify(engine.exportConversation()).length;
  }
  await api.ledger.flushed();
  for (const d of context.subscriptions) d.dispose?.();
  fs.rmSync(storage, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
