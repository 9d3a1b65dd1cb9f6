/**
 * Code highlighting with highlight.js core and a common set of languages registered up front (no dynamic loading
 * under the webview's CSP, and the bundle stays small). Colours come from media/panel.css, which maps the hljs
 * classes to VS Code theme variables.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import graphql from 'highlight.js/lib/languages/graphql';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import lua from 'highlight.js/lib/languages/lua';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = {
  bash, c, cpp, csharp, css, diff, dockerfile, go, graphql, ini, java, javascript, json, kotlin, lua, makefile, markdown,
  php, plaintext, powershell, python, ruby, rust, shell, sql, swift, typescript, xml, yaml,
};
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);
// VS Code language ids and common fence names that hljs does not know as aliases.
hljs.registerAliases(['typescriptreact'], { languageName: 'typescript' });
hljs.registerAliases(['javascriptreact'], { languageName: 'javascript' });
hljs.registerAliases(['shellscript', 'sh', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['text', 'txt', 'plain'], { languageName: 'plaintext' });
hljs.registerAliases(['vue', 'svelte'], { languageName: 'xml' });
hljs.registerAliases(['scss', 'sass', 'less'], { languageName: 'css' });

/** The first word of a fence's info string ("ts" in "ts title=a.ts"), without pandoc-style braces. */
export function fenceWord(info: string | undefined): string {
  return (info ?? '').trim().split(/\s+/)[0].replace(/^\{\.?/, '').replace(/\}$/, '');
}

/** The class of a code element: "hljs language-<word>", the word as the fence gave it. */
export function codeClass(word: string): string {
  return word ? `hljs language-${word}` : 'hljs';
}

/** The fence word from a code element's class (see codeClass). */
export function wordOfClass(className: string): string {
  return /(?:^|\s)language-(\S+)/.exec(className)?.[1] ?? '';
}

/** The registered language for a fence info string or a VS Code language id ("ts", "py {linenos}"), or undefined. */
export function languageOf(info: string | undefined): string | undefined {
  const name = fenceWord(info).toLowerCase();
  if (!name) return undefined;
  const lang = hljs.getLanguage(name);
  if (!lang) return undefined;
  // getLanguage resolves aliases; find the registered name for the CSS class and the label.
  return Object.keys(LANGUAGES).find((k) => hljs.getLanguage(k) === lang);
}

/** A human label for a code block: "TypeScript", or the fence's own word for a language we cannot highlight. */
export function languageLabel(info: string | undefined): string {
  const lang = languageOf(info);
  if (lang && lang !== 'plaintext') return hljs.getLanguage(lang)?.name ?? lang;
  const word = fenceWord(info);
  return word && word.length <= 32 ? word : 'text';
}

/** Highlighted HTML for a whole piece of code (hljs escapes the text), or null when the language is unknown. */
export function highlightCode(code: string, language: string | undefined): string | null {
  if (!language || language === 'plaintext') return null;
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

/**
 * Highlights code that arrives one complete line at a time, highlighting each line once.
 *
 * A line that ends with the grammar back at its top level (not inside a string, comment, JSX element…) starts a new
 * segment. While a construct stays open across lines, the lines since it opened form one segment that is highlighted
 * again, as a unit, when each of its lines completes — so a multi-line comment is coloured as one. A segment is sealed
 * after MAX_SEGMENT_LINES lines to keep the cost per line bounded. The result depends only on the lines, never on how
 * the text was split into deltas.
 */
export class LineHighlighter {
  static readonly MAX_SEGMENT_LINES = 40;
  private static readonly roots = new Map<string, unknown>();
  private segment: string[] = [];
  private readonly root: unknown;

  constructor(private readonly language: string) {
    let root = LineHighlighter.roots.get(language);
    if (root === undefined) {
      root = hljs.highlight('', { language, ignoreIllegals: true })._top;
      LineHighlighter.roots.set(language, root);
    }
    this.root = root;
  }

  /** Highlights one more line. `replaces` is true when the HTML replaces the previous (open) segment's. */
  addLine(line: string): { html: string; replaces: boolean } {
    const replaces = this.segment.length > 0;
    this.segment.push(line);
    const result = hljs.highlight(this.segment.join('\n') + '\n', { language: this.language, ignoreIllegals: true });
    const atTop = result._top === undefined || result._top === this.root;
    const html = result.value;
    if (atTop || this.segment.length >= LineHighlighter.MAX_SEGMENT_LINES) this.segment = [];
    return { html, replaces };
  }
}

/** The registered language names (for warming up). */
export const LANGUAGE_NAMES: readonly string[] = Object.keys(LANGUAGES);
