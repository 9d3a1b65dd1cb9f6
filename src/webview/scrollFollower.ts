/**
 * Auto-scroll that respects the reader. While following, the page is kept scrolled to the bottom whenever its content
 * grows. Any scroll up by the reader (wheel, keys, scrollbar, touch, find-in-page) detaches it, and then nothing moves
 * under them; a "Jump to latest" control appears, and clicking it (or scrolling back to the bottom) re-attaches.
 * Our own scrolling, and the page getting shorter, are told apart from the reader's.
 *
 * Geometry is only read where the browser has just laid the page out (a ResizeObserver callback, a scroll event),
 * never right after the renderer changed the DOM: reading scrollHeight there forced a second, synchronous layout in
 * every streaming frame (at 100 tokens/s, 5k tokens: the frame callbacks took 3.5 s instead of 1.5 s).
 */
const AT_BOTTOM_PX = 4;

export class ScrollFollower {
  private following = true;
  private lastTop = 0;
  private lastHeight = 0;
  private ownScrollTop: number | null = null;

  constructor(
    private readonly scroller: Element,
    /** The element whose height is the page's content (observed for size changes). */
    content: Element,
    private readonly jumpButton: HTMLElement,
  ) {
    const target = scroller === document.scrollingElement ? window : scroller;
    target.addEventListener('scroll', () => this.onScroll(), { passive: true });
    window.addEventListener('wheel', (e) => { if (e.deltaY < 0) this.detach(); }, { passive: true });
    window.addEventListener('keydown', (e) => {
      const t = e.target as Element | null;
      if (t && t.closest('textarea, input')) return;
      if (['PageUp', 'ArrowUp', 'Home'].includes(e.key)) this.detach();
    });
    jumpButton.addEventListener('click', () => this.attach());
    // Called after layout in the same frame, before paint: the new text and the scroll land together. Also catches
    // heights that settle after layout (content-visibility: auto blocks when first painted, the question's code
    // expanding) and the view getting shorter (the panel resized, the question box grown).
    const onResize = () => {
      if (this.following) this.scrollToBottom();
      else this.remember();
      this.updateButton();
    };
    new ResizeObserver(onResize).observe(content);
    window.addEventListener('resize', onResize, { passive: true });
    this.remember();
    this.updateButton();
  }

  /** Follow the stream again and go to the bottom now. */
  attach(): void {
    this.following = true;
    this.scrollToBottom();
    this.updateButton();
  }

  private detach(): void {
    if (!this.following) return;
    this.following = false;
    this.updateButton();
  }

  private distanceToBottom(): number {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight;
  }

  private scrollToBottom(): void {
    const s = this.scroller;
    if (this.distanceToBottom() > 0.5) {
      s.scrollTop = s.scrollHeight;
      this.ownScrollTop = s.scrollTop;
    }
    this.remember();
  }

  private remember(): void {
    this.lastTop = this.scroller.scrollTop;
    this.lastHeight = this.scroller.scrollHeight;
  }

  private onScroll(): void {
    const s = this.scroller;
    const top = s.scrollTop;
    const ours = this.ownScrollTop !== null && Math.abs(top - this.ownScrollTop) <= 1;
    this.ownScrollTop = null;
    const shrank = s.scrollHeight < this.lastHeight;
    if (!ours) {
      if (top < this.lastTop - 1 && !shrank) this.detach();
      else if (!this.following && this.distanceToBottom() <= AT_BOTTOM_PX) this.following = true;
    }
    this.remember();
    this.updateButton();
  }

  private updateButton(): void {
    const hidden = this.following || this.distanceToBottom() <= AT_BOTTOM_PX;
    if (this.jumpButton.hidden !== hidden) this.jumpButton.hidden = hidden;
  }
}
