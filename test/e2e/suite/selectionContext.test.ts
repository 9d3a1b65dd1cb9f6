import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StreamExplainApi } from '../../../src/extension/extension';
import { startProviderServer, type ProviderServer, type RecordedRequest } from '../../server/providerServer';
import { nextTurn, selectLines, waitFor, workspaceFile, useLocalProviders } from './helpers';

type Msg = { role: string; content: string };

/** The user message and the system prompt the local server received (OpenAI wire format). */
function received(req: RecordedRequest): { system: string; user: string } {
  const messages = (req.body as { messages: Msg[] }).messages;
  return { system: messages.find((m) => m.role === 'system')!.content, user: messages.at(-1)!.content };
}

async function waitForAsync(predicate: () => Promise<boolean>, what: string, tries = 240): Promise<void> {
  for (let i = 0; !(await predicate()); i++) {
    if (i >= tries) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** VS Code's TypeScript server loads the project on first use: wait until it answers before measuring anything. */
async function tsServerReady(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('context-ts/sessions.ts'));
  const at = new vscode.Position(9, doc.lineAt(9).text.indexOf('evict(') + 1);
  await waitForAsync(async () => ((await vscode.commands.executeCommand<unknown[]>('vscode.executeDefinitionProvider', doc.uri, at))?.length ?? 0) > 0, 'the TypeScript server to answer a definition request', 480);
}

describe('Context sent with an explanation (TypeScript workspace)', () => {
  let server: ProviderServer;
  let api: StreamExplainApi;
  const config = () => vscode.workspace.getConfiguration('streamExplain');

  before(async function () {
    this.timeout(150_000);
    server = await startProviderServer();
    const g = vscode.ConfigurationTarget.Global;
    // What is found is checked with time to spare (a loaded machine's TypeScript server can take seconds);
    // the bound itself has its own test below.
    await config().update('context.timeoutMs', 30_000, g);
    api = await useLocalProviders(server);
    await tsServerReady();
  });

  after(async () => {
    await api?.engine.cancel();
    // The suites share one conversation: later ones must not find these turns in their history.
    await api?.engine.newChat();
    await config().update('context.maxTokens', undefined, vscode.ConfigurationTarget.Global);
    await config().update('context.timeoutMs', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  async function explain(file: string, first: number, last: number) {
    server.enqueue({ kind: 'script', text: 'Explained.' });
    await selectLines(file, first, last);
    const before = api.chatView.sent.length;
    const requests = server.requests.length;
    await vscode.commands.executeCommand('streamExplain.explainSelection');
    const turn = await nextTurn(api, before);
    await turn.end();
    await waitFor(() => server.requests.length > requests, 'the request to reach the server');
    return { start: turn.start(), request: server.requests.at(-1)! };
  }

  it('a caller of a function defined in another file sends that function’s body, its imports and where it sits', async () => {
    const { start, request } = await explain('context-ts/sessions.ts', 10, 13);
    const { user } = received(request);
    assert.match(user, /Definition of `evict` \(`context-ts\/cache\.ts`, lines (8|12)–22\):/);
    assert.ok(user.includes('if (now - entry.storedAt <= policy.maxAgeMs) break;'), 'the body of evict was sent');
    assert.match(user, /Definition of `DEFAULT_POLICY`/);
    assert.ok(user.includes("import { evict, type Entry } from './cache';"), 'the import bringing evict in');
    assert.match(user, /The selection is inside `SessionStore`[\s\S]*export class SessionStore \{[\s\S]*inside `sweep`[\s\S]*sweep\(now: number\): number \{/);
    const chips = start.prompt.sent?.chips.map((c) => c.label);
    assert.ok(chips?.some((l) => /^\d+ definitions?$/.test(l)), `definition chip in ${chips}`);
    assert.ok(chips?.includes('imports'));
  });

  it('an excluded file (default **/*secret*) is never sent, and a key in a sent definition is redacted', async () => {
    const { request } = await explain('context-ts/sessions.ts', 10, 13);
    const { user } = received(request);
    assert.ok(!user.includes('EXCLUDED-FILE-BODY'), 'secrets.ts matched the exclude globs');
    assert.doesNotMatch(user, /Definition of `signingKey`/);
    assert.match(user, /Definition of `serviceConfig`/, 'serviceConfig.ts was sent');
    assert.ok(!user.includes('FAKE0123456789'), 'the key in it was not');
    assert.ok(user.includes("apiKey: '[redacted]'"));
  });

  it('a selection with a type error sends the error’s message and line', async () => {
    const broken = workspaceFile('context-ts/broken.ts');
    // TypeScript reports problems for files shown in an editor.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(broken));
    await waitFor(() => vscode.languages.getDiagnostics(broken).some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'the type error to be reported', 60_000);
    const { start, request } = await explain('context-ts/broken.ts', 4, 5);
    const { user } = received(request);
    assert.match(user, /Error in the selection \(`context-ts\/broken\.ts`, line 4\): Type 'string' is not assignable to type 'number'\. \(ts 2322\)/);
    assert.equal(start.prompt.sent?.chips.find((c) => c.kind === 'diagnostic')?.label, '1 error');
  });

  it('the chips and Show prompt carry exactly the messages the server received', async () => {
    const { start, request } = await explain('context-ts/sessions.ts', 10, 13);
    const sent = start.prompt.sent!;
    assert.deepEqual(received(request), { system: sent.system, user: sent.user });
    const chipTokens = sent.chips.reduce((n, c) => n + c.tokens, 0);
    assert.ok(chipTokens > 0 && chipTokens <= 4000, `chips count ${chipTokens} tokens within the default budget`);
  });

  it('streamExplain.context.maxTokens = 0 sends the selection only', async () => {
    await config().update('context.maxTokens', 0, vscode.ConfigurationTarget.Global);
    try {
      const { start, request } = await explain('context-ts/sessions.ts', 10, 13);
      const { user } = received(request);
      assert.doesNotMatch(user, /Context from the workspace/);
      assert.deepEqual(start.prompt.sent?.chips, []);
    } finally {
      await config().update('context.maxTokens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a definition provider that never answers does not hold the request back: what arrived is sent', async () => {
    let asked = 0;
    // Registered for this file only: VS Code waits for every provider, so this one stalls all definitions here.
    const hang = vscode.languages.registerDefinitionProvider({ pattern: '**/context-ts/hang.ts' }, {
      provideDefinition: () => {
        asked++;
        return new Promise<undefined>(() => undefined);
      },
    });
    const hangDoc = await vscode.workspace.openTextDocument(workspaceFile('context-ts/hang.ts'));
    await vscode.window.showTextDocument(hangDoc);
    // Its symbols are ready before the request, so what does arrive in time is known.
    await waitForAsync(async () => ((await vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', hangDoc.uri))?.length ?? 0) > 0, 'hang.ts symbols');
    await config().update('context.timeoutMs', 3000, vscode.ConfigurationTarget.Global);
    try {
      const { start, request } = await explain('context-ts/hang.ts', 4, 5);
      assert.ok(asked > 0, 'the hanging provider was asked (and never answered)');
      assert.equal(start.prompt.sent?.partial, true, 'the question says the context is partial');
      const { user } = received(request);
      assert.doesNotMatch(user, /Definition of/, 'no definitions arrived');
      assert.match(user, /The selection is inside `describePolicy`/, 'the symbols that did arrive were sent');
      assert.ok(user.includes("import { DEFAULT_POLICY } from './policy';"));
      assert.deepEqual(start.prompt.sent?.chips.map((c) => c.kind), ['imports', 'enclosing']);
    } finally {
      hang.dispose();
      await config().update('context.timeoutMs', 30_000, vscode.ConfigurationTarget.Global);
    }
  });

  it('a prompt template is followed; one with an unknown placeholder is reported and nothing is sent', async () => {
    const g = vscode.ConfigurationTarget.Global;
    try {
      await config().update('prompts.explain', 'Explain ${lang} code: ${code}', g);
      await selectLines('context-ts/sessions.ts', 13, 13);
      const [sent, requests] = [api.chatView.sent.length, server.requests.length];
      await vscode.commands.executeCommand('streamExplain.explainSelection');
      assert.equal(api.chatView.sent.slice(sent).filter((m) => m.type === 'turn-start').length, 0, 'no turn');
      assert.equal(server.requests.length, requests, 'no request');
      await config().update('prompts.explain', 'What does this ${language} from ${fileName} do?\n${code}', g);
      await config().update('explainStyle', 'concise', g);
      const { request } = await explain('context-ts/sessions.ts', 13, 13);
      assert.equal(received(request).user, 'What does this typescript from context-ts/sessions.ts do?\n```typescript\n    return dropped;\n```');
    } finally {
      await config().update('prompts.explain', undefined, g);
      await config().update('explainStyle', undefined, g);
    }
  });

  it('the Explain CodeLens appears above functions, methods and classes only when enabled, and explains its symbol', async () => {
    const uri = workspaceFile('context-ts/sessions.ts');
    const lensTitles = async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return (lenses ?? []).filter((l) => l.command?.command === 'streamExplain.explainSymbol');
    };
    assert.deepEqual(await lensTitles(), [], 'off by default');
    await config().update('codeLens', true, vscode.ConfigurationTarget.Global);
    try {
      const lenses = await lensTitles();
      assert.deepEqual(lenses.map((l) => [l.command!.title, l.range.start.line + 1]), [['Explain', 6], ['Explain', 9]], 'SessionStore and sweep');
      server.enqueue({ kind: 'script', text: 'It sweeps.' });
      const before = api.chatView.sent.length;
      await vscode.commands.executeCommand(lenses[1].command!.command, ...(lenses[1].command!.arguments ?? []));
      const turn = await nextTurn(api, before);
      await turn.end();
      assert.match(turn.start().prompt.code ?? '', /^ {2}sweep\(now: number\): number \{[\s\S]*return dropped;\n {2}\}$/);
      assert.match(received(server.requests.at(-1)!).user, /Definition of `evict`/);
    } finally {
      await config().update('codeLens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  describe('the light bulb', () => {
    const titles = (actions: vscode.CodeAction[] | undefined) => (actions ?? []).map((a) => a.title);
    const actionsAt = (uri: vscode.Uri, range: vscode.Range) =>
      vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);

    it('offers "Explain with Stream Explain" on a selection, not on a bare cursor', async () => {
      const uri = workspaceFile('context-ts/sessions.ts');
      assert.ok(titles(await actionsAt(uri, new vscode.Range(9, 4, 12, 10))).includes('Explain with Stream Explain'));
      assert.ok(!titles(await actionsAt(uri, new vscode.Range(9, 4, 9, 4))).includes('Explain with Stream Explain'));
    });

    it('"Explain this problem" on a type error sends the problem, the code around it and the error in context', async () => {
      const uri = workspaceFile('context-ts/broken.ts');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitFor(() => vscode.languages.getDiagnostics(uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'the type error', 50_000);
      const error = vscode.languages.getDiagnostics(uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error)!;
      const action = (await actionsAt(uri, error.range)).find((a) => a.title.startsWith('Explain this problem'));
      assert.ok(action?.command, `actions: ${titles(await actionsAt(uri, error.range))}`);
      assert.equal(action.title, "Explain this problem: Type 'string' is not assignable to type 'number'.");
      server.enqueue({ kind: 'script', text: 'The string is not a number.' });
      const before = api.chatView.sent.length;
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
      const turn = await nextTurn(api, before);
      await turn.end();
      const { user } = received(server.requests.at(-1)!);
      assert.ok(user.startsWith("Explain this problem and how to fix it: Type 'string' is not assignable to type 'number'."));
      assert.match(user, /The typescript code from `context-ts\/broken\.ts` \(lines 1–6\):/, 'the lines around the problem');
      assert.match(user, /Error in the selection \(`context-ts\/broken\.ts`, line 4\)/);
      assert.equal(turn.start().prompt.text, "Explain this problem and how to fix it: Type 'string' is not assignable to type 'number'.");
    });
  });
});
