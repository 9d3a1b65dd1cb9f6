/**
 * Markdown → sanitised DOM from cached pieces, for the open tail (rendered again on every frame while it grows) and
 * for the blocks it completes. The tail can be big: a long list whose items hold code is one markdown block until
 * the list ends, and sanitising it whole every frame cost up to ~15 ms on the benchmark's answers. So the source is
 * parsed whole (cheap, and exactly as markdown-it would parse it: an item's tight or loose look depends on the
 * whole list), but turned into DOM piece by piece — each top-level block, and each item of a top-level list — and a
 * piece whose HTML was seen in an earlier frame is a clone of the DOM made then (sanitised then), which the morph
 * passes over without looking inside. When the block completes, its DOM is again mostly clones.
 * Code inside a piece is done like a top-level fence (codeBlock.ts): while the block is open, its complete lines are
 * highlighted and sanitised once and the line being typed is plain text; in a complete block all of it is highlighted.
 */
import { codeClass } from './highlighter';
import { decorateCodeBlocks } from './codeBlock';
import { dropLayoutWhitespace } from './markdownDom';
import { FENCE_SLOT_CLASS, type FenceSlot, highlightFence, md } from './markdownParser';
import { setMorphKey, stubNode } from './morph';
import { sanitizeCodeHtml, sanitizeMarkdownHtml } from './sanitize';

type Token = ReturnType<typeof md.parse>[number];

/** Least-recently-used map of at most `size` entries. */
class Lru<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly size: number) {}

  get(key: string): T | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: T): void {
    if (this.map.size >= this.size) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

/** DOM made once and cloned on every use. */
class DomCache<T extends Node> {
  private readonly lru: Lru<T>;
  constructor(size: number, private readonly make: (key: string) => T) {
    this.lru = new Lru(size);
  }

  clone(key: string): T {
    let dom = this.lru.get(key);
    if (!dom) this.lru.set(key, (dom = this.make(key)));
    return dom.cloneNode(true) as T;
  }
}

/** Sanitised prose of a piece; its fences are empty slots. */
const prose = new DomCache<DocumentFragment>(256, (html) => {
  const dom = sanitizeMarkdownHtml(html);
  dropLayoutWhitespace(dom);
  return dom;
});

/** A fence's complete lines, highlighted and sanitised: `<pre><code>`. Key: word, newline, code. */
const codeLines = new DomCache<HTMLElement>(64, (key) => {
  const nl = key.indexOf('\n');
  const word = key.slice(0, nl);
  const code = document.createElement('code');
  code.className = codeClass(word);
  code.append(sanitizeCodeHtml(highlightFence(key.slice(nl + 1), word)));
  const pre = document.createElement('pre');
  pre.append(code);
  return pre;
});

function fencePre({ word, code }: FenceSlot, open: boolean): HTMLElement {
  const cut = open ? code.lastIndexOf('\n') + 1 : code.length;
  const pre = codeLines.clone(`${word}\n${code.slice(0, cut)}`);
  if (cut < code.length) pre.firstElementChild!.append(code.slice(cut));
  return pre;
}

/** A piece's DOM: cached prose with its code filled in and code blocks decorated. */
function buildPiece(html: string, fences: FenceSlot[], open: boolean): DocumentFragment {
  const dom = prose.clone(html);
  if (fences.length) {
    const slots = dom.querySelectorAll(`pre.${FENCE_SLOT_CLASS}`);
    slots.forEach((slot, i) => (fences[i] ? slot.replaceWith(fencePre(fences[i], open)) : slot.remove()));
    decorateCodeBlocks(dom);
  }
  return dom;
}

/** Tail pieces already seen, by key: their top-level nodes, shallow (the tag and attributes the morph lines up by). */
const seenPieces = new Lru<Node[]>(256);

/**
 * DOM for one piece of rendered HTML, its top-level nodes marked for the morph. `lazy` (the open tail, rendered every
 * frame): a piece seen in an earlier frame is most likely live already, so it comes as stubs (morph.ts), built only
 * where the morph finds the live node different.
 */
function pieceDom(html: string, fences: FenceSlot[], open: boolean, lazy: boolean): DocumentFragment {
  const key = fences.length ? `${html}\0${fences.map((f) => `${f.word}\n${f.code}`).join('\0')}` : html;
  const build = () => {
    const dom = buildPiece(html, fences, open);
    let i = 0;
    for (let n = dom.firstChild; n; n = n.nextSibling) setMorphKey(n, `${i++}\0${key}`);
    return dom;
  };
  if (!lazy) return build();
  const seenKey = `${open ? 'open' : 'closed'}\0${key}`;
  const shapes = seenPieces.get(seenKey);
  if (!shapes) {
    const dom = build();
    seenPieces.set(seenKey, Array.from(dom.childNodes, (n) => n.cloneNode(false)));
    return dom;
  }
  let built: Node[] | null = null;
  const out = document.createDocumentFragment();
  shapes.forEach((shape, i) => {
    out.append(stubNode(shape.cloneNode(false), `${i}\0${key}`, () => (built ??= Array.from(build().childNodes))[i]));
  });
  return out;
}

/** [start, end) ranges of the blocks at `level` within tokens[from, to). */
function blocksAt(tokens: Token[], level: number, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = from;
  while (i < to) {
    const start = i;
    if (tokens[i].nesting === 1) {
      let depth = 0;
      for (; i < to; i++) {
        depth += tokens[i].nesting;
        if (depth === 0 && tokens[i].level === level) break;
      }
    }
    i++;
    out.push([start, i]);
  }
  return out;
}

const isList = (t: Token) => t.type === 'bullet_list_open' || t.type === 'ordered_list_open';

/**
 * Markdown source → sanitised DOM, the same as renderMarkdownFragment's but built from cached pieces. `open`: the
 * source is the open tail (a fence's last line may still be being typed). `lazy`: for morphChildren only — the
 * pieces are stubs that the morph builds where it needs them.
 */
export function renderPieces(source: string, open: boolean, lazy = false): DocumentFragment {
  const env: { fences: FenceSlot[] } = { fences: [] };
  const tokens = md.parse(source, env);
  const piece = (from: number, to: number) => {
    env.fences = [];
    const html = md.renderer.render(tokens.slice(from, to), md.options, env);
    return pieceDom(html, env.fences, open, lazy);
  };
  const out = document.createDocumentFragment();
  for (const [start, end] of blocksAt(tokens, 0, 0, tokens.length)) {
    if (!isList(tokens[start])) {
      out.append(piece(start, end));
      continue;
    }
    // The list's own element (its tag and start number), then its items, each a piece.
    const shell = prose.clone(md.renderer.render([tokens[start], tokens[end - 1]], md.options, env)).firstElementChild;
    if (!shell) continue;
    for (const [a, b] of blocksAt(tokens, 1, start + 1, end - 1)) shell.append(piece(a, b));
    out.append(shell);
  }
  return out;
}
