/**
 * What a screen reader should hear of a streaming markdown answer: whole sentences (or whole headings, list items,
 * table rows) as plain text, and each code block as one short line ("code block, 12 lines, ts") instead of its code.
 * Pure (no DOM), so the segmentation is tested in plain Node; announcer.ts decides when to speak.
 *
 * Text is consumed only when it can no longer change meaning: a sentence once a terminator is followed by
 * whitespace, a block at the end of its line or at the next block, a code block at its closing fence. So nothing is
 * ever spoken per token or mid-word.
 */

/** A line that opens a fenced code block: up to 3 spaces, 3+ backticks or tildes, an info string. */
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
/** Block markers whose content is prose: heading, bullet, ordered item, block quote (possibly nested). */
const BLOCK_MARKER = /^ {0,3}(?:(#{1,6})(?:\s+|$)|(?:[-*+]|\d{1,9}[.)])\s+|(?:>\s?)+)/;
/** A thematic break (---, ***, ___): nothing to say. */
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
/** A table's delimiter row (|---|:--:|): nothing to say. */
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
/**
 * A partial line whose kind is not known yet: it may still become a fence, heading, list item, quote, rule or table
 * row once more characters arrive, so none of it is spoken before the line is complete or the kind is clear.
 */
const UNDECIDED = /^ {0,3}(?:`{0,2}|~{0,2}|#{1,6}|[-*+_]|\d{1,9}[.)]?|>)?$/;
/** A line that stays undecided until it ends: fences and table rows. */
const LINE_AT_ONCE = /^ {0,3}(?:`{3}|~{3}|\|)/;

/** Words ending in a period that do not end a sentence. */
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|cf|Mr|Mrs|Ms|Dr|No|approx)\.)$/i;

export function codeBlockSummary(lines: number, language: string): string {
  const size = `${lines} ${lines === 1 ? 'line' : 'lines'}`;
  return language ? `code block, ${size}, ${language}` : `code block, ${size}`;
}

/** Markdown inline syntax removed: link and image text kept, URLs, emphasis marks and backticks dropped. */
export function plainInline(md: string): string {
  return md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/(\*\*|__|~~)/g, '')
    .replace(/(^|[^\w*])[*_](?=\S)|(?<=\S)[*_](?=[^\w*]|$)/g, '$1')
    .replace(/`+/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where the last finished sentence of `text` ends (exclusive), or 0. Not inside an open code span. */
function lastSentenceEnd(text: string): number {
  const re = /[.!?…]+["'”’)\]]*(?=\s)/g;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const stop = m.index + m[0].length;
    const before = text.slice(0, stop);
    if ((before.match(/`/g)?.length ?? 0) % 2 === 1) continue; // inside `code`
    if ((before.match(/\[/g)?.length ?? 0) > (before.match(/\]/g)?.length ?? 0)) continue; // inside [link text]
    if (m[0] === '.' && ABBREVIATIONS.test(before)) continue;
    if (m[0] === '.' && /(?:^|\s)\d{1,9}\.$/.test(before)) continue; // "1." numbering inside prose
    end = stop;
  }
  return end;
}

interface Fence {
  marker: string;
  language: string;
  lines: number;
}

/**
 * Feeds on the answer's text as it streams; returns what became speakable with each push.
 * `push` and `end` return units (sentences, headings, items, code block summaries), in order.
 */
export class SpokenStream {
  private text = '';
  /** Start of the line being read. */
  private lineStart = 0;
  /** How much of the current line (from lineStart) has gone into `prose` already. */
  private lineTaken = 0;
  /** Prose of the current block, not yet spoken (markdown). */
  private prose = '';
  private fence: Fence | null = null;
  /** The current line's block marker has been read (its content is prose). */
  private markerRead = false;

  push(delta: string): string[] {
    const out: string[] = [];
    this.text += delta;
    for (let nl = this.text.indexOf('\n', this.lineStart); nl >= 0; nl = this.text.indexOf('\n', this.lineStart)) {
      this.completeLine(this.text.slice(this.lineStart, nl), out);
      this.lineStart = nl + 1;
      this.lineTaken = 0;
      this.markerRead = false;
    }
    this.partialLine(out);
    // Keep only the current line: everything before it has been consumed.
    this.text = this.text.slice(this.lineStart);
    this.lineStart = 0;
    return out;
  }

  /** The answer ended: whatever is left is spoken (an unclosed code block counts its lines so far). */
  end(): string[] {
    const out: string[] = [];
    const rest = this.text.slice(this.lineStart);
    if (rest) this.completeLine(rest, out);
    if (this.fence) {
      out.push(codeBlockSummary(this.fence.lines, this.fence.language));
      this.fence = null;
    }
    this.flush(out);
    this.text = '';
    this.lineStart = 0;
    this.lineTaken = 0;
    return out;
  }

  private completeLine(line: string, out: string[]): void {
    if (this.fence) {
      const close = new RegExp(`^ {0,3}${this.fence.marker[0] === '`' ? '`' : '~'}{${this.fence.marker.length},}\\s*$`);
      if (close.test(line)) {
        out.push(codeBlockSummary(this.fence.lines, this.fence.language));
        this.fence = null;
      } else this.fence.lines++;
      return;
    }
    if (this.lineTaken > 0) {
      // Part of this line was already taken as prose: the rest continues it.
      this.addProse(line.slice(this.lineTaken), out);
      if (this.isHeadingLine(line)) this.flush(out);
      return;
    }
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      this.flush(out);
      this.fence = { marker: fence[1], language: fence[2], lines: 0 };
      return;
    }
    if (!line.trim() || RULE.test(line)) {
      this.flush(out);
      return;
    }
    if (/^\s*\|/.test(line)) {
      this.flush(out);
      if (!TABLE_DELIMITER.test(line)) this.speak(line.split('|').map((c) => c.trim()).filter(Boolean).join(', '), out);
      return;
    }
    const marker = BLOCK_MARKER.exec(line);
    if (marker) {
      this.flush(out);
      this.addProse(line.slice(marker[0].length), out);
      if (marker[1]) this.flush(out); // a heading is one line
      return;
    }
    this.addProse(line, out); // a paragraph's next line
  }

  /** The line still arriving: speak its finished sentences once its kind is known. */
  private partialLine(out: string[]): void {
    if (this.fence) return;
    const line = this.text.slice(this.lineStart);
    if (this.lineTaken === 0) {
      if (UNDECIDED.test(line) || LINE_AT_ONCE.test(line)) return;
      const marker = BLOCK_MARKER.exec(line);
      if (marker && !this.markerRead) {
        if (marker[0].length === line.length) return; // only the marker so far
        this.flush(out); // a new block starts: the previous one is finished
        this.markerRead = true;
        this.lineTaken = marker[0].length;
      }
    }
    const fresh = line.slice(this.lineTaken);
    const candidate = this.joined(fresh);
    const end = lastSentenceEnd(candidate);
    if (end === 0) return;
    // Take the line up to the sentence's end; the remainder stays for the next push.
    const fromLine = end - (candidate.length - fresh.length);
    if (fromLine <= 0) return;
    this.prose = candidate.slice(0, end);
    this.lineTaken += fromLine;
    this.speakSentences(out, true);
  }

  private isHeadingLine(line: string): boolean {
    return /^ {0,3}#{1,6}(?:\s|$)/.test(line);
  }

  private joined(more: string): string {
    if (!this.prose) return more.replace(/^\s+/, '');
    if (this.lineTaken > 0) return this.prose + more; // the same line continues
    return `${this.prose} ${more.replace(/^\s+/, '')}`;
  }

  private addProse(text: string, out: string[]): void {
    this.prose = this.joined(text);
    this.speakSentences(out, false);
  }

  /** Speak the finished sentences of `prose`; `all` when prose was cut exactly at a sentence end. */
  private speakSentences(out: string[], all: boolean): void {
    const end = all ? this.prose.length : lastSentenceEnd(this.prose);
    if (end === 0) return;
    this.speak(this.prose.slice(0, end), out);
    this.prose = this.prose.slice(end).replace(/^\s+/, '');
  }

  private flush(out: string[]): void {
    this.speak(this.prose, out);
    this.prose = '';
  }

  private speak(md: string, out: string[]): void {
    const plain = plainInline(md);
    if (/[\p{L}\p{N}]/u.test(plain)) out.push(plain);
  }
}

/** The whole answer as it would be spoken: its units joined (code blocks summarised). */
export function spokenText(markdown: string): string {
  const s = new SpokenStream();
  return [...s.push(markdown), ...s.end()].join(' ');
}
