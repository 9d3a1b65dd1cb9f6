// The `vscode` module as bench:host's activation probe provides it: just enough of the API for dist/extension.js to
// activate and for the chat host to answer a request in plain Node. It records registrations and serves settings
// (package.json's defaults, overridden by the probe); there is no editor, no UI and no webview behind it. A bench
// harness, not a test double: no test asserts behaviour through it.
const fs = require('node:fs');
const path = require('node:path');

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
const defaults = {};
for (const [key, p] of Object.entries(pkg.contributes.configuration.properties)) defaults[key] = p.default;

const registrations = [];
const overrides = {};
const disposable = () => ({ dispose() {} });
const register = (kind) => (id) => {
  registrations.push(`${kind}:${typeof id === 'string' ? id : JSON.stringify(id)}`);
  return disposable();
};

class Uri {
  constructor(fsPath) { this.fsPath = fsPath; this.scheme = 'file'; this.path = fsPath; }
  static file(p) { return new Uri(p); }
  static parse(s) { return new Uri(s.replace(/^file:\/\//, '')); }
  static joinPath(base, ...parts) { return new Uri(path.join(base.fsPath, ...parts)); }
  toString() { return `file://${this.fsPath}`; }
}

class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (l) => { this.listeners.add(l); return { dispose: () => this.listeners.delete(l) }; }; }
  fire(e) { for (const l of this.listeners) l(e); }
  dispose() { this.listeners.clear(); }
}

const statusItem = () => ({ text: '', tooltip: '', name: '', command: undefined, backgroundColor: undefined, show() {}, hide() {}, dispose() {} });
const logChannel = () => ({ info() {}, warn() {}, error() {}, debug() {}, trace() {}, appendLine() {}, show() {}, dispose() {} });

module.exports = {
  /** For the probe: what was registered, and settings to override. */
  __bench: { registrations, overrides },
  Uri,
  EventEmitter,
  Disposable: class { constructor(fn) { this.dispose = fn; } },
  ThemeColor: class { constructor(id) { this.id = id; } },
  ThemeIcon: class { constructor(id) { this.id = id; } },
  Range: class { constructor(a, b, c, d) { Object.assign(this, { a, b, c, d }); } },
  Position: class { constructor(line, character) { Object.assign(this, { line, character }); } },
  Selection: class { constructor(a, b, c, d) { Object.assign(this, { a, b, c, d }); } },
  CodeAction: class { constructor(title, kind) { Object.assign(this, { title, kind }); } },
  CodeLens: class { constructor(range, command) { Object.assign(this, { range, command }); } },
  CodeActionKind: { QuickFix: 'quickfix' },
  StatusBarAlignment: { Left: 1, Right: 2 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  SymbolKind: { Module: 1, Namespace: 2, Class: 4, Method: 5, Constructor: 8, Enum: 9, Interface: 10, Function: 11, Object: 18, Struct: 22 },
  ConfigurationTarget: { Global: 1, Workspace: 2 },
  ViewColumn: { Active: -1 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  window: {
    createOutputChannel: logChannel,
    createStatusBarItem: statusItem,
    registerWebviewViewProvider: register('view'),
    withProgress: async (_options, task) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: disposable }),
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    activeTextEditor: undefined,
    visibleTextEditors: [],
  },
  commands: {
    registerCommand: register('command'),
    executeCommand: async () => undefined,
  },
  languages: {
    registerCodeActionsProvider: register('codeActions'),
    registerCodeLensProvider: register('codeLens'),
    getDiagnostics: () => [],
  },
  workspace: {
    name: 'bench',
    workspaceFolders: [],
    onDidChangeConfiguration: () => disposable(),
    getConfiguration: (section) => ({
      get: (key, fallback) => {
        const full = section ? `${section}.${key}` : key;
        if (full in overrides) return overrides[full];
        return full in defaults ? defaults[full] : fallback;
      },
    }),
  },
  env: { openExternal: async () => true },
};
