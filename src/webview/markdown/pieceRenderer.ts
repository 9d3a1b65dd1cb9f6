/**
 * Markdown → sanitised DOM from cached pieces, for the open tail (rendered again on every frame while it grows) and
 * for the blocks it completes. The tail can be big: a long list whose items hold code is one markdown block until
 * the list ends, and sanitising it whole every frame cost up to ~15 ms on the benchmark's answers. So the source is
 * parsed whole (cheap, and exactly as markdown-it would parse it: an item's tight or loose look depends on the
 * whole list), but turned into DOM piece by piece — each top-level block, and each item of a top-level list — and a
 * piece whose HTML was seen in the frame before is a stand-in the morph passes over without looking inside. When the
 * block completes, its DOM is mostly clones of pieces sanitised while it streamed.
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

  get length(): number {
    return this.map.size;
  }

  set(key: string, value: T): void {
    if (this.map.size >= this.size) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

/**
 * A cache that keeps only what is used again. The open tail's last piece is new on every frame, and an LRU of
 * hundreds kept hundreds of its versions that were never used again. Here a new entry lives through the current and
 * the next generation (one render of the tail each); used again within them, it moves to the LRU. A piece that stops
 * changing is seen again on the very next frame, so it is kept for when its block completes; a growing piece's
 * versions are dropped a frame later. (Measured: this did not change how often the page needs a full garbage
 * collection — rendering drives that, see README "Benchmark".)
 */
class GenerationalCache<T> {
  private readonly kept: Lru<T>;
  private fresh = new Map<string, T>();
  private previous = new Map<string, T>();

  constructor(size: number) {
    this.kept = new Lru(size);
  }

  /** The value for `key`; `onKept` is called when this use is the one that moves it to the LRU. */
  get(key: string, onKept?: () => void): T | undefined {
    const hit = this.kept.get(key);
    if (hit !== undefined) return hit;
    const recent = this.fresh.get(key) ?? this.previous.get(key);
    if (recent !== undefined) {
      this.fresh.delete(key);
      this.previous.delete(key);
      this.kept.set(key, recent);
      onKept?.();
    }
    return recent;
  }

  set(key: string, value: T): void {
    this.fresh.set(key, value);
  }

  /** Replaces a value (already kept, after a get). */
  put(key: string, value: T): void {
    this.kept.set(key, value);
  }

  nextGeneration(): void {
    this.previous = this.fresh;
    this.fresh = new Map();
  }

  get sizes(): { kept: number; recent: number } {
    return { kept: this.kept.length, recent: this.fresh.size + this.previous.size };
  }
}

/**
 * DOM made once and cloned on every use — once it is used again: the first time a key is seen its DOM is made and
 * handed out as it is (the open tail's last piece is new on every frame, and a master copy of each version would be
 * garbage); seen again within the next generation, a master is made and kept.
 */
class DomCache<T extends Node> {
  private readonly masters: GenerationalCache<T | null>;
  constructor(size: number, private readonly make: (key: string) => T) {
    this.masters = new GenerationalCache(size);
  }

  clone(key: string): T {
    const master = this.keep(key);
    if (master) return master.cloneNode(true) as T;
    this.masters.set(key, null);
    return this.make(key);
  }

  /** A master copy of what `key` makes, if it was seen before (made now if need be); else null. */
  keep(key: string): T | null {
    const master = this.masters.get(key);
    if (master === undefined) return null;
    if (master) return master;
    const made = this.make(key);
    this.masters.put(key, made);
    return made;
  }

  nextGeneration(): void {
    this.masters.nextGeneration();
  }

  get sizes(): { kept: number; recent: number } {
    return this.masters.sizes;
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

/** Where a fence's highlighted part ends: an open block's line being typed is plain text. */
const highlightedEnd = (code: string, open: boolean) => (open ? code.lastIndexOf('\n') + 1 : code.length);
const codeKey = ({ word, code }: FenceSlot, open: boolean) => `${word}\n${code.slice(0, highlightedEnd(code, open))}`;

function fencePre(fence: FenceSlot, open: boolean): HTMLElement {
  const { code } = fence;
  const cut = highlightedEnd(code, open);
  const pre = codeLines.clone(codeKey(fence, open));
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
const seenPieces = new GenerationalCache<Node[]>(256);

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
  // Seen again for the first time: a piece that stopped changing. Its DOM stays cached for when its block completes.
  const shapes = seenPieces.get(seenKey, () => {
    prose.keep(html);
    for (const f of fences) codeLines.keep(codeKey(f, open));
  });
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

/** How much the caches hold (for tests: what is seen once must not stay). */
export function pieceCacheSizes(): Record<'prose' | 'codeLines' | 'seenPieces', { kept: number; recent: number }> {
  return { prose: prose.sizes, codeLines: codeLines.sizes, seenPieces: seenPieces.sizes };
}

/** Markdown parsed once: its tokens (for renderPieces), its whole HTML with fences as slots, and the fences' code. */
export interface ParsedMarkdown {
  tokens: Token[];
  html: string;
  fences: string;
}

export function parseMarkdown(source: string): ParsedMarkdown {
  const env: { fences: FenceSlot[] } = { fences: [] };
  const tokens = md.parse(source, env);
  const html = md.renderer.render(tokens, md.options, env);
  return { tokens, html, fences: env.fences.map((f) => `${f.word}\n${f.code}`).join('\0') };
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
export function renderPieces(source: string, open: boolean, lazy = false, tokens = md.parse(source, {})): DocumentFragment {
  if (lazy) for (const cache of [prose, codeLines, seenPieces]) cache.nextGeneration();
  const env: { fences: FenceSlot[] } = { fences: [] };
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
