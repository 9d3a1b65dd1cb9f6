/** Test-only page script (built by pieces.test.ts): the two markdown → DOM paths, side by side. */
import { IncrementalRenderer } from '../../src/webview/markdown/incrementalRenderer';
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
    /**
     * The whole renderer fed `deltas` one per frame, against a fresh renderer given the same text at once, after
     * every frame: the deltas whose frame differed, how many HTML documents were sanitised while streaming, and in
     * how many frames that happened at all (the frames that took the full path instead of appending text).
     */
    incremental: (deltas: string[]) => {
      const renderAll = (r: IncrementalRenderer) => { while (r.render(Infinity)); };
      const live = new IncrementalRenderer(document.createElement('div'));
      const impl = document.implementation;
      const make = impl.createHTMLDocument.bind(impl);
      let sanitised = 0;
      let fullFrames = 0;
      let text = '';
      const differ: number[] = [];
      deltas.forEach((d, i) => {
        const before = sanitised;
        impl.createHTMLDocument = (title?: string) => (sanitised++, make(title));
        live.append(d);
        renderAll(live);
        impl.createHTMLDocument = make;
        if (sanitised > before) fullFrames++;
        text += d;
        const fresh = new IncrementalRenderer(document.createElement('div'));
        fresh.append(text);
        renderAll(fresh);
        if (fresh.root.innerHTML !== live.root.innerHTML) differ.push(i);
      });
      return { differ, sanitised, fullFrames };
    },
    /** Only the panel's path: each source's lazy pieces morphed into one element; then what the caches hold. */
    streamed: (sources: string[]) => {
      const live = document.createElement('div');
      for (const s of sources) morphChildren(live, renderPieces(s, true, true));
      return pieceCacheSizes();
    },
  },
});
