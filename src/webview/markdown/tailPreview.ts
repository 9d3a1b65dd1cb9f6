/**
 * What the panel shows for the open tail block while it streams: its text, with an unfinished end made presentable.
 * Pure and display-only — a block is rendered from its exact text once it is complete, and when the answer ends.
 *
 * - An incomplete last line made only of markdown markers (`-`, `1.`, `#`, `>`, `|--`, `===`…) or opening a fence is
 *   held back until it has content, so a bullet, heading or code block does not flash empty, and a setext underline or
 *   table delimiter being typed does not turn the line above into a heading for a frame.
 * - A link whose destination is still arriving shows as its text, not as `[text](https://exa`.
 * - An unclosed inline code span, `**`, `*` or `~~` is closed, so the emphasis shows while it is typed, instead of
 *   stray asterisks that later turn bold.
 */
const HELD_BACK_LINE = /^[ \t>]*(?:(?:`{3,}|~{3,}).*|[-+*=_#|~`:.)\d \t]*)$/;
const BLANK_LINE = /\n[ \t]*\n/g;

export function tailPreview(source: string): string {
  let text = source;
  const lastNl = text.lastIndexOf('\n');
  const partial = text.slice(lastNl + 1);
  if (partial !== '' && HELD_BACK_LINE.test(partial)) text = text.slice(0, lastNl + 1);
  // Inline markup never crosses a blank line or a fence line: only what follows the last of them needs mending,
  // and nothing does inside a fence still open (a list item's code).
  let start = 0;
  for (const m of text.matchAll(BLANK_LINE)) start = m.index + m[0].length;
  let fence: string | null = null;
  for (const m of text.matchAll(FENCE_LINE)) {
    const marker = m[1];
    if (fence === null) fence = marker;
    else if (marker[0] === fence[0] && marker.length >= fence.length && m[2].trim() === '') fence = null;
    else continue;
    start = Math.max(start, m.index + m[0].length);
  }
  if (fence !== null) return text;
  return text.slice(0, start) + mendInline(text.slice(start));
}

/** A line opening or closing a fence, possibly inside a list item or a quote: its marker, and what follows it. */
const FENCE_LINE = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?(`{3,}|~{3,})(.*)$/gm;

interface Opener {
  marker: string;
  at: number;
}

/** Closes what is open at the end of one paragraph's text (see tailPreview). Exported for tests. */
export function mendInline(para: string): string {
  let text = para;
  const { masked, openCode } = maskCodeSpans(text);
  if (openCode) {
    // An open code span: everything after it is code. Close it (or drop a bare opener).
    const rest = text.slice(openCode.at + openCode.marker.length);
    return rest.trim() === '' ? text.slice(0, openCode.at).trimEnd() : text.trimEnd() + openCode.marker;
  }
  const link = /!?\[([^[\]\n]*)\](?:\([^()\s]*)?$|(?<=^|[\s(])!?\[([^[\]\n]*)$/.exec(masked);
  if (link && !(link[0].endsWith(']') && link[1] !== undefined)) {
    // "[text](https://exa" or "[tex": show the text; a complete "[text]" may be literal, so it stays.
    text = text.slice(0, link.index) + (link[1] ?? link[2] ?? '');
  }
  const openers = unmatchedEmphasis(maskCodeSpans(text).masked);
  let out = text;
  for (const o of openers.sort((a, b) => b.at - a.at)) {
    const inner = out.slice(o.at + o.marker.length);
    if (inner.trim() === '') out = out.slice(0, o.at) + inner;
    else out = out.trimEnd() + o.marker;
  }
  return out;
}

/** Replaces the content of complete code spans with spaces, and reports a code span still open at the end. */
function maskCodeSpans(text: string): { masked: string; openCode: Opener | null } {
  let masked = '';
  let open: Opener | null = null;
  let last = 0;
  for (const m of text.matchAll(/`+/g)) {
    if (!open) {
      open = { marker: m[0], at: m.index };
    } else if (m[0] === open.marker) {
      masked += text.slice(last, open.at) + ' '.repeat(m.index + m[0].length - open.at);
      last = m.index + m[0].length;
      open = null;
    }
  }
  if (open) return { masked: masked + text.slice(last), openCode: open };
  return { masked: masked + text.slice(last), openCode: null };
}

/** `**`, `*` and `~~` runs that open emphasis and are not closed, in order of position. */
function unmatchedEmphasis(masked: string): Opener[] {
  const open = new Map<string, number>();
  const toggle = (marker: string, at: number) => {
    if (open.has(marker)) open.delete(marker);
    else open.set(marker, at);
  };
  for (const m of masked.matchAll(/\*+|~~+/g)) {
    const run = m[0];
    const before = masked.slice(0, m.index);
    const lineStart = before.lastIndexOf('\n') + 1;
    // "* item" is a bullet, "a * b" is an asterisk: neither opens emphasis.
    const after = masked[m.index + run.length] ?? '';
    const prev = masked[m.index - 1] ?? ' ';
    if (/^\s*$/.test(masked.slice(lineStart, m.index)) && /\s/.test(after) && run === '*') continue;
    if (/\s/.test(prev) && /\s/.test(after)) continue;
    if (run[0] === '~') {
      if (run.length === 2) toggle('~~', m.index);
      continue;
    }
    if (run.length >= 2) toggle('**', m.index);
    if (run.length % 2 === 1) toggle('*', run.length >= 2 ? m.index + 2 : m.index);
  }
  return [...open].map(([marker, at]) => ({ marker, at }));
}
