import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Definition and document-symbol providers for Python and Java, for the evaluation set: code-server has no language
 * server for them here. The symbols come from each language's own parser (Python's `ast`, the JDK's javac tree API,
 * run by test/e2e/parsers/*); definitions are found by name, as a syntactic provider does: the symbols of that name
 * in the same file, else in the other files of the set. No types: `a.get()` finds every `get`. Honest about what it
 * is: it exercises the gatherer (names → definitions → symbols → budget) on real code, not a language server's
 * precision.
 */
export interface ParsedSymbol {
  name: string;
  kind: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  nameLine: number;
  nameCol: number;
  children: ParsedSymbol[];
}

const PARSERS = path.resolve(__dirname, '..', '..', '..', 'test', 'e2e', 'parsers');

/** Absolute file path → its top-level symbols. */
export async function parseFiles(language: 'python' | 'java', files: string[]): Promise<Map<string, ParsedSymbol[]>> {
  const [cmd, script] = language === 'python' ? ['python3', 'pySymbols.py'] : ['java', 'JavaSymbols.java'];
  // Asynchronous: the JVM takes seconds to start, and the extension host must not stall meanwhile.
  const out = await new Promise<string>((resolve, reject) => {
    execFile(cmd, [path.join(PARSERS, script), ...files], { encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
  const parsed = JSON.parse(out) as Record<string, ParsedSymbol[]>;
  return new Map(Object.entries(parsed).map(([file, symbols]) => [path.resolve(file), symbols]));
}

const KINDS: Record<string, vscode.SymbolKind> = {
  class: vscode.SymbolKind.Class, function: vscode.SymbolKind.Function, method: vscode.SymbolKind.Method,
  constructor: vscode.SymbolKind.Constructor, field: vscode.SymbolKind.Field, variable: vscode.SymbolKind.Variable,
};

const rangeOf = (s: ParsedSymbol) => new vscode.Range(s.line - 1, s.col, s.endLine - 1, s.endCol);
const nameRangeOf = (s: ParsedSymbol) => new vscode.Range(s.nameLine - 1, s.nameCol, s.nameLine - 1, s.nameCol + s.name.length);

function toDocumentSymbol(s: ParsedSymbol): vscode.DocumentSymbol {
  const d = new vscode.DocumentSymbol(s.name, '', KINDS[s.kind] ?? vscode.SymbolKind.Variable, rangeOf(s), nameRangeOf(s));
  d.children = s.children.map(toDocumentSymbol);
  return d;
}

function* flatten(list: readonly ParsedSymbol[]): Generator<ParsedSymbol> {
  for (const s of list) {
    yield s;
    yield* flatten(s.children);
  }
}

export function registerSyntacticProviders(language: string, index: Map<string, ParsedSymbol[]>): vscode.Disposable {
  const selector = { language, scheme: 'file' };
  const symbolsOf = (doc: vscode.TextDocument) => index.get(path.resolve(doc.uri.fsPath)) ?? [];
  return vscode.Disposable.from(
    vscode.languages.registerDocumentSymbolProvider(selector, {
      provideDocumentSymbols: (doc) => symbolsOf(doc).map(toDocumentSymbol),
    }),
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition(doc, position) {
        const word = doc.getWordRangeAtPosition(position);
        if (!word) return [];
        const name = doc.getText(word);
        const here = path.resolve(doc.uri.fsPath);
        const named = (file: string) => [...flatten(index.get(file) ?? [])].filter((s) => s.name === name);
        const local = named(here);
        const found = local.length ? local.map((s) => [here, s] as const)
          : [...index.keys()].filter((f) => f !== here).flatMap((f) => named(f).map((s) => [f, s] as const));
        return found.map(([file, s]) => new vscode.Location(vscode.Uri.file(file), nameRangeOf(s)));
      },
    }),
  );
}
