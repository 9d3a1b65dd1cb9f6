/** Test-only page script (built by pieces.test.ts): the two markdown → DOM paths, side by side. */
import { renderMarkdownFragment } from '../../src/webview/markdown/markdownDom';
import { morphChildren } from '../../src/webview/markdown/morph';
import { pieceCacheSizes, renderPieces } from '../../src/webview/markdown/pieceRenderer';

const html = (f: DocumentFragment) => {
  const d = document.createElement('div');
  d.append(f);
  return d.innerHTML;
};

Object.assign(window, {
  __render: {
    whole: (source: string) => html(renderMarkdownFragment(source)),
    pieces: (source: string, open: boolean) => html(renderPieces(source, open)),
    /** The open tail as the panel renders it, frame after frame: each source's lazy pieces morphed into one element. */
    morphed: (sources: string[]) => {
      const live = document.createElement('div');
      return sources.filter((s) => {
        morphChildren(live, renderPieces(s, true, true));
        return live.innerHTML !== html(renderPieces(s, true));
      });
    },
    /** Only the panel's path: each source's lazy pieces morphed into one element; then what the caches hold. */
    streamed: (sources: string[]) => {
      const live = document.createElement('div');
      for (const s of sources) morphChildren(live, renderPieces(s, true, true));
      return pieceCacheSizes();
    },
  },
});
