/**
 * Renders a streaming markdown answer incrementally (see ../../../README.md, "The panel").
 *
 * `append` only queues text; `render` (called at most once per animation frame) feeds it to the block splitter.
 * Every block the splitter completes is rendered once, sanitised, and inserted before the tail — and never touched
 * again. A top-level code fence becomes a StreamingCodeBlock that grows by whole highlighted lines. Only the open tail
 * block is re-rendered, once per frame and only if its text changed, morphed into place so its unchanged nodes stay.
 * The cost of a delta is therefore proportional to the delta plus the open block, not to the answer.
 *
 * When more arrives than fits in a frame's budget (a burst, a very fast model, the end of a long answer, a restored
 * conversation), completed blocks are rendered over the next frames instead of in one long one; the tail waits until
 * they are all in. And a big open tail (a long list still growing) that keeps taking more than a frame's budget to
 * render (BIG_TAIL_CHARS) is re-rendered every other frame, so input and scrolling get the frames in between; text is
 * then at most one frame late, and never at the start of an answer or of a block.
 */
import { el } from '../dom';
import { BlockSplitter, type SplitEvent } from './blockSplitter';
import { StreamingCodeBlock } from './codeBlock';
import { leaveAlone, morphChildren } from './morph';
import { tailPreview } from './tailPreview';
import { parseMarkdown, renderPieces } from './pieceRenderer';
import { appendPlainText } from './plainAppend';
import { appendToLastText, lastTextContainer, textAppendedAtEnd } from './tailAppend';

/** Main-thread time the panel's renderers may spend on completed blocks in one frame, when they are catching up. */
export const FRAME_BUDGET_MS = 8;
/**
 * An open block this long (a long list still growing) is re-rendered only every other frame: each render parses all
 * of it, and around this size one render took about FRAME_BUDGET_MS in Chromium on the 2-core machine. Decided by
 * size, not by the last render's wall-clock time, which a busy machine made long for small tails too (their text then
 * came a frame late, at random).
 */
export const BIG_TAIL_CHARS = 8_000;
/**
 * Completed blocks are grouped in chunks of about this many (each chunk, like each block, skipped by layout and paint
 * while off screen: content-visibility). Without them, every frame's layout of the answer, and the browser's check of
 * what is on screen, went through every block of it: a long answer's frames got slower the longer it was.
 */
export const CHUNK_BLOCKS = 32;

const newTail = () => el('div', { class: 'md-tail', attrs: { 'data-role': 'tail' } });

export class IncrementalRenderer {
  private splitter = new BlockSplitter();
  private pending = '';
  /** Events the splitter produced that are not rendered yet (only while catching up on a burst). */
  private queue: SplitEvent[] = [];
  private queued = 0;
  private received = '';
  private tail = newTail();
  /** The chunk the tail is in, and how many completed blocks are in it. */
  private chunk!: HTMLElement;
  private inChunk = 0;
  private tailSource = '';
  /** The HTML (fences as slots) and fences' code the tail's DOM was rendered from; null when it is empty. */
  private tailRendered: { html: string; fences: string } | null = null;
  /** The tail shows its block's exact text, not a mended preview of it. */
  private tailExact = false;
  /** The last frame put off re-rendering a big tail (the next one will not). */
  private skippedTail = false;
  private code: StreamingCodeBlock | null = null;
  /** No more text will come: the last block is in the queue. */
  private ended = false;
  /** Ended and all rendered: no tail, no cursor. */
  private finished = false;
  private readonly cursor = el('span', { class: 'stream-cursor', attrs: { 'aria-hidden': 'true', 'data-role': 'cursor' } });

  constructor(readonly root: HTMLElement) {
    leaveAlone(this.cursor);
    this.newChunk();
  }

  /** Everything received so far. */
  get text(): string {
    return this.received;
  }

  /** True when text or completed blocks are waiting for the next frame. */
  get dirty(): boolean {
    return this.pending !== '' || this.queued < this.queue.length;
  }

  /** No more text is accepted (the answer ended; its last blocks may still be rendering). */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Queues text; nothing is parsed or rendered until `render`. */
  append(text: string): void {
    if (this.ended || !text) return;
    this.pending += text;
    this.received += text;
  }

  /**
   * One frame: renders the blocks the new text completed, until `deadline` (performance.now() time), then re-renders
   * the open tail if its text changed. Returns true when work was left for a later frame (a burst of blocks not all
   * rendered yet, or a big tail waiting its turn).
   */
  render(deadline = performance.now() + FRAME_BUDGET_MS): boolean {
    if (this.finished) return false;
    if (this.pending) {
      this.enqueue(this.splitter.push(this.pending));
      this.pending = '';
    }
    while (this.queued < this.queue.length) {
      this.apply(this.queue[this.queued++]);
      if (performance.now() > deadline) break;
    }
    if (this.queued < this.queue.length) {
      // Catching up: the tail would repeat text now in completed blocks; it comes back once they are all in.
      this.clearTail();
      return true;
    }
    this.queue = [];
    this.queued = 0;
    if (this.ended) {
      this.cursor.remove();
      this.tail.remove();
      if (!this.chunk.firstChild) this.chunk.remove();
      this.finished = true;
      return false;
    }
    return this.renderTail();
  }

  /**
   * The answer ended: what is left becomes complete blocks, rendered from its exact text (no preview mending), within
   * this frame's budget and the next frames'. Then no tail, no cursor. Returns true when frames are still needed.
   */
  end(deadline = performance.now() + FRAME_BUDGET_MS): boolean {
    if (this.ended) return this.render(deadline);
    if (this.pending) this.enqueue(this.splitter.push(this.pending));
    this.pending = '';
    this.enqueue(this.splitter.finish());
    this.ended = true;
    return this.render(deadline);
  }

  /** A finished answer streams again from where it ended: rendered afresh from its text, then growing. */
  reopen(): void {
    this.reset(this.received);
  }

  /** Starts over with `text` (when the host's text differs from what was streamed). */
  reset(text: string): void {
    this.root.replaceChildren();
    this.splitter = new BlockSplitter();
    this.pending = '';
    this.queue = [];
    this.queued = 0;
    this.received = '';
    this.tail = newTail();
    this.newChunk();
    this.tailSource = '';
    this.tailRendered = null;
    this.tailExact = false;
    this.skippedTail = false;
    this.code = null;
    this.ended = false;
    this.finished = false;
    this.append(text);
  }

  /** (A loop, not push(...events): a restored answer can produce more events than a call takes arguments.) */
  private enqueue(events: SplitEvent[]): void {
    for (const e of events) this.queue.push(e);
  }

  private apply(e: SplitEvent): void {
    switch (e.type) {
      case 'block': {
        if (this.tailExact && this.tailSource.trimEnd() === e.source.trimEnd() && this.tailSource.trim() !== '') {
          this.promoteTail();
          return;
        }
        const block = el('div', { class: 'md-block' });
        block.append(renderPieces(e.source, false));
        this.place(block);
        return;
      }
      case 'fence-open':
        this.code = new StreamingCodeBlock(e.info);
        this.place(this.code.root);
        return;
      case 'fence-line':
        this.code?.appendLine(e.text);
        return;
      case 'fence-close':
        this.code?.close();
        this.code = null;
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /**
   * The block that just completed is what the tail shows, rendered from its exact text (no mending): the tail's
   * element becomes the completed block as it is, and a new tail starts after it. A long list completing then costs
   * nothing — not a second render, nor a new layout of everything in it.
   */
  private promoteTail(): void {
    this.cursor.remove();
    const block = this.tail;
    block.className = 'md-block';
    block.removeAttribute('data-role');
    this.tail = newTail();
    if (++this.inChunk >= CHUNK_BLOCKS) this.newChunk();
    else block.after(this.tail);
    this.tailSource = '';
    this.tailRendered = null;
    this.tailExact = false;
  }

  /** A new chunk at the end of the answer, with the tail in it. */
  private newChunk(): void {
    this.chunk = el('div', { class: 'md-chunk' });
    this.inChunk = 0;
    this.chunk.append(this.tail);
    this.root.append(this.chunk);
  }

  /** A completed block (or a code block just opened) goes before the tail: in a new chunk when this one is full. */
  private place(block: HTMLElement): void {
    if (this.inChunk >= CHUNK_BLOCKS) this.newChunk();
    this.chunk.insertBefore(block, this.tail);
    this.inChunk++;
  }

  /** Re-renders the open tail; returns true when a big tail's re-render was put off to a later frame. */
  private renderTail(): boolean {
    if (this.code) {
      this.code.setPartial(this.splitter.partialCodeLine);
      if (this.tailSource !== '') this.clearTail();
      this.placeCursor(this.code.cursorHost);
      return false;
    }
    const block = this.splitter.openBlock;
    if (block !== this.tailSource && this.appendPlainText(block)) {
      this.placeCursor(lastTextContainer(this.tail));
      return false;
    }
    const source = tailPreview(block);
    if (source !== this.tailSource) {
      // Skipping a frame is for a big tail, never two frames running, never the start of a block.
      // (Putting renders off in proportion to the last one's cost held the second word of an answer back for about
      // six frames after a cold first render, and a big tail's words for up to a second.)
      if (source.length >= BIG_TAIL_CHARS && !this.skippedTail && this.tailSource !== '') {
        this.skippedTail = true;
        return true;
      }
      this.skippedTail = false;
      this.tailSource = source;
      this.tailExact = source === this.splitter.openBlock;
      this.updateTail(source);
    }
    this.placeCursor(lastTextContainer(this.tail));
    return false;
  }

  /**
   * The tail's DOM made to show `source`: most frames only add words to its last text, which are appended to the live
   * text node (tailAppend.ts); otherwise its pieces are rendered and morphed in.
   */
  private updateTail(source: string): void {
    if (!source.trim()) {
      morphChildren(this.tail, document.createDocumentFragment());
      this.tailRendered = null;
      return;
    }
    const parsed = parseMarkdown(source);
    const last = this.tailRendered;
    const change = last && last.fences === parsed.fences ? textAppendedAtEnd(last.html, parsed.html) : null;
    if (!change || !appendToLastText(this.tail, change, this.cursor)) {
      morphChildren(this.tail, renderPieces(source, true, true, parsed.tokens));
    }
    this.tailRendered = { html: parsed.html, fences: parsed.fences };
  }

  /** Words added to a tail shown exactly as it is, when they cannot change its markup (plainAppend.ts). */
  private appendPlainText(block: string): boolean {
    if (!this.tailExact || !this.tailRendered) return false;
    const html = appendPlainText(this.tail, { source: this.tailSource, html: this.tailRendered.html }, block, this.cursor);
    if (html === null) return false;
    this.tailRendered.html = html;
    this.tailSource = block;
    return true;
  }

  private clearTail(): void {
    this.cursor.remove();
    this.tail.replaceChildren();
    this.tailSource = '';
    this.tailRendered = null;
  }

  /** Moves the cursor only when it is not already at the end of `host` (no DOM change otherwise). */
  private placeCursor(host: Element): void {
    if (host.lastChild !== this.cursor) host.append(this.cursor);
  }
}
