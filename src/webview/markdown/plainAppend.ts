/**
 * The open tail's commonest change, recognised before anything is parsed: a few words added to the end of its last
 * line. Without this, every frame parsed the whole open block with markdown-it only to find that words were added
 * (tailAppend.ts): at a normal model's pace, one frame per token (the README's latency section has the A/B).
 *
 * Added text is taken as plain when it cannot change how anything already shown parses, nor become markup itself:
 * - it is made only of letters, digits, spaces and `, . ? ! ' " ( -` — none starts or closes an inline construct with
 *   the parser's options (no typographer; links only with a scheme), and no newline, so no block can start or end;
 * - it follows a letter, a digit or one of those marks (then only spaces), so no delimiter run or bracket is next to
 *   it, on a line that has a letter already: what starts the line (list item, heading, quote, or not) is settled;
 * - the word it ends is not a possible link (no `:`, `/` or `@`: a bare URL grows, or ends, with the next characters);
 * - the line is not a table row (`|`: extra cells are dropped) and the block has no link reference definition (`]:`,
 *   whose URL would change links elsewhere).
 * The caller also needs the block to be shown exactly (no mended preview, tailPreview.ts) and its rendered HTML to
 * end in a text node of a paragraph, list item, heading or cell (tailAppend.ts); everything else is parsed.
 */
import { addTextToHtml, appendToLastText } from './tailAppend';

/** Characters that stay plain text wherever they are added after plain text. */
const PLAIN = /^[\p{L}\p{N} ,.?!'"(-]+$/u;
/** A line whose end is plain text (then possibly spaces). */
const ENDS_PLAIN = /[\p{L}\p{N},.?!'"(-] *$/u;
const LETTER = /\p{L}/u;
const LAST_WORD = /\S*$/;
const LINK_CHARS = /[:/@]/;

/**
 * When `next` is `shown` with plain text added at the end (see above), the text the rendered block gains: the added
 * text with the spaces `shown` ended in before it, and without its own trailing spaces (markdown drops a block's
 * trailing spaces, so they show only once something follows them; '' when only spaces came). Else null.
 */
export function plainAddition(shown: string, next: string): string | null {
  if (next.length <= shown.length || !next.startsWith(shown)) return null;
  if (!PLAIN.test(next.slice(shown.length))) return null;
  const lineStart = shown.lastIndexOf('\n') + 1;
  const shownLine = shown.slice(lineStart);
  if (!ENDS_PLAIN.test(shownLine) || !LETTER.test(shownLine)) return null;
  const line = next.slice(lineStart);
  if (line.includes('|') || LINK_CHARS.test(LAST_WORD.exec(line)![0]) || next.includes(']:')) return null;
  return next.trimEnd().slice(shown.trimEnd().length);
}

/**
 * Shows `next` in `tail`, which shows `shown` (its source, exactly, and the HTML it was rendered from), when `next`
 * only adds plain text: appended to the tail's last text node. Returns the HTML the tail now shows, or null when it
 * must be rendered. `skip`: the streaming cursor.
 */
export function appendPlainText(tail: Element, shown: { source: string; html: string }, next: string, skip: Node): string | null {
  const added = plainAddition(shown.source, next);
  if (added === null) return null;
  // Only spaces: nothing shows yet, but only where the block's own text ends (an indented code line shows them).
  const extended = addTextToHtml(shown.html, added);
  if (!extended || !appendToLastText(tail, extended.change, skip)) return null;
  return extended.html;
}
