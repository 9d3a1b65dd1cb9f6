/**
 * Splits a growing markdown answer into top-level blocks, one complete line at a time. Pure: no DOM, no markdown
 * library, so it is tested in plain Node.
 *
 * A block is emitted once the stream has provably passed its end, so rendering each block on its own gives what
 * rendering the whole answer would (up to reference-style link definitions, which do not cross blocks). When in doubt
 * the splitter keeps lines together: a bigger open block costs a little per frame but is never wrong.
 *
 * - A blank line ends a paragraph, heading, table or block quote at once. Lists, indented code and lists holding a
 *   fence may continue after blank lines, so they end only at the next unindented line that does not continue them.
 * - An ATX heading (`# …` at column 0) is a block of its own.
 * - A top-level fence (column 0, or up to 3 spaces outside a list) is not a markdown block: it streams as events —
 *   `fence-open`, one `fence-line` per complete content line, `fence-close` — so its code can grow line by line.
 */
export type SplitEvent =
  | { type: 'block'; source: string }
  | { type: 'fence-open'; info: string }
  | { type: 'fence-line'; text: string }
  | { type: 'fence-close' };

export interface Fence {
  char: '`' | '~';
  length: number;
  /** Columns of indentation of the opening fence, removed from each content line (CommonMark). */
  indent: number;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const NESTED_FENCE_OPEN = /^[ \t]+(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;

/** The opening fence of a fenced code block at top level, with its info string, or null. */
export function parseFenceOpen(line: string): (Fence & { info: string }) | null {
  const m = FENCE_OPEN.exec(line);
  if (!m) return null;
  const char = m[2][0] as Fence['char'];
  if (char === '`' && m[3].includes('`')) return null;
  return { char, length: m[2].length, indent: m[1].length, info: m[3].trim() };
}

/** Whether `line` closes `fence`: the same character, at least as many, up to 3 spaces of indentation, nothing else. */
export function isFenceClose(line: string, fence: Fence, anyIndent = false): boolean {
  const m = (anyIndent ? /^[ \t]*(`+|~+)[ \t]*$/ : /^ {0,3}(`+|~+)[ \t]*$/).exec(line);
  return m !== null && m[1][0] === fence.char && m[1].length >= fence.length;
}

export function isListItem(line: string): boolean {
  return LIST_ITEM.test(line) && !THEMATIC_BREAK.test(line);
}

/** Leading indentation in columns (a tab advances to the next multiple of 4). */
export function indentOf(line: string): number {
  let col = 0;
  for (const ch of line) {
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

function stripIndent(line: string, n: number): string {
  let i = 0;
  while (i < n && line[i] === ' ') i++;
  return line.slice(i);
}

export class BlockSplitter {
  /** The incomplete last line. */
  private partial = '';
  /** Complete lines of the open block, each with its newline. */
  private source = '';
  private lineCount = 0;
  private fence: Fence | null = null;
  /** A fence inside a list item: blank lines within it do not end the list. */
  private nested: Fence | null = null;
  private inList = false;
  private indentedCode = false;
  private afterBlank = false;

  /** Feeds more text; returns what it completed. */
  push(text: string): SplitEvent[] {
    const out: SplitEvent[] = [];
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.partial += text;
      return out;
    }
    this.line(this.partial + text.slice(0, nl), out);
    let start = nl + 1;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      this.line(text.slice(start, nl), out);
      start = nl + 1;
    }
    this.partial = text.slice(start);
    return out;
  }

  /** The stream ended: completes the last line, closes an open fence and emits the last block. */
  finish(): SplitEvent[] {
    const out: SplitEvent[] = [];
    if (this.partial) {
      const last = this.partial;
      this.partial = '';
      this.line(last, out);
    }
    if (this.fence) {
      out.push({ type: 'fence-close' });
      this.fence = null;
    }
    this.commit(out);
    return out;
  }

  /** True while a top-level fence is open (its lines arrive as `fence-line` events). */
  get inFence(): boolean {
    return this.fence !== null;
  }

  get openFence(): Fence | null {
    return this.fence;
  }

  /** The open block's text so far: its complete lines and the incomplete last line (empty inside a fence). */
  get openBlock(): string {
    return this.fence ? '' : this.source + this.partial;
  }

  /**
   * Inside a fence, the code line being typed as it should show: without the fence's indentation, and empty while
   * it could still turn out to be the closing fence.
   */
  get partialCodeLine(): string {
    const fence = this.fence;
    if (!fence) return '';
    const m = /^ {0,3}(`*|~*)[ \t]*$/.exec(this.partial);
    if (m && (m[1] === '' || m[1][0] === fence.char)) return '';
    return stripIndent(this.partial, fence.indent);
  }

  private line(raw: string, out: SplitEvent[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.fence) {
      if (isFenceClose(line, this.fence)) {
        out.push({ type: 'fence-close' });
        this.fence = null;
      } else {
        out.push({ type: 'fence-line', text: stripIndent(line, this.fence.indent) });
      }
      return;
    }
    if (BLANK.test(line)) {
      if (this.lineCount === 0) return; // blank lines between blocks carry nothing
      this.add(line);
      this.afterBlank = true;
      if (!this.inList && !this.nested && !this.indentedCode) this.commit(out);
      return;
    }
    const indent = indentOf(line);
    if (this.nested) {
      // After a blank line, an unindented line ends the list item, and the fence inside it with it.
      if (!(this.afterBlank && indent === 0)) {
        if (isFenceClose(line, this.nested, true)) this.nested = null;
        this.add(line);
        this.afterBlank = false;
        return;
      }
      this.commit(out);
    } else if (this.afterBlank && indent === 0 && !(this.inList && isListItem(line))) {
      this.commit(out);
    }
    const open = parseFenceOpen(line);
    if (open && (this.lineCount === 0 || indent === 0 || !this.inList)) {
      this.commit(out);
      this.fence = open;
      out.push({ type: 'fence-open', info: open.info });
      return;
    }
    if (this.inList) {
      const m = NESTED_FENCE_OPEN.exec(line);
      if (m && !(m[1][0] === '`' && m[2].includes('`'))) {
        this.nested = { char: m[1][0] as Fence['char'], length: m[1].length, indent };
        this.add(line);
        this.afterBlank = false;
        return;
      }
    }
    if (indent === 0 && ATX_HEADING.test(line)) {
      this.commit(out);
      this.add(line);
      this.commit(out);
      return;
    }
    if (this.lineCount === 0 && indent >= 4) this.indentedCode = true;
    if (indent <= 3 && isListItem(line)) this.inList = true;
    this.add(line);
    this.afterBlank = false;
  }

  private add(line: string): void {
    this.source += line + '\n';
    this.lineCount++;
  }

  private commit(out: SplitEvent[]): void {
    if (this.lineCount > 0) out.push({ type: 'block', source: this.source });
    this.source = '';
    this.lineCount = 0;
    this.nested = null;
    this.inList = false;
    this.indentedCode = false;
    this.afterBlank = false;
  }
}
