/** Test-only page script (built by pieces.test.ts): the two markdown → DOM paths, side by side. */
import { IncrementalRenderer } from '../../src/webview/markdown/incrementalRenderer';
import { renderMarkdownFragment } from '../../src/webview/markdown/markdownDom';
import { morphChildren } from '../../src/webview/markdown/morph';
import { md } from '../../src/webview/markdown/markdownParser';
import { pieceCacheSizes, renderPieces } from '../../src/webview/markdown/pieceRenderer';

const html = (f: DocumentFragment) => {
  const d = document.createElement('div');
  d.append(f);
  return d.innerHTML;
};

/**
 * `root`'s HTML with every element's attributes in name order: the morph sets a new attribute after those an element
 * has (a bare URL linked by linkify becomes a titled link as `[text](url "title")` completes), which reads the same.
 */
const ordered = (root: Element) => {
  const copy = root.cloneNode(true) as Element;
  for (const e of copy.querySelectorAll('*')) {
    const attrs = [...e.attributes].map((a) => [a.name, a.value]).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [name] of attrs) e.removeAttribute(name);
    for (const [name, value] of attrs) e.setAttribute(name, value);
  }
  return copy.innerHTML;
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
     * every frame: the deltas whose frame differed, how many HTML documents were sanitised while streaming, in
     * how many frames that happened at all (the frames that took the full path instead of appending text), and in
     * how many frames markdown was parsed at all.
     */
    incremental: (deltas: string[]) => {
      const renderAll = (r: IncrementalRenderer) => { while (r.render(Infinity)); };
      const live = new IncrementalRenderer(document.createElement('div'));
      const impl = document.implementation;
      const make = impl.createHTMLDocument.bind(impl);
      let sanitised = 0;
      let fullFrames = 0;
      let parsedFrames = 0;
      const parse = md.parse;
      let text = '';
      const differ: number[] = [];
      deltas.forEach((d, i) => {
        const before = sanitised;
        let parsed = false;
        impl.createHTMLDocument = (title?: string) => (sanitised++, make(title));
        md.parse = (...args) => ((parsed = true), parse.apply(md, args));
        live.append(d);
        renderAll(live);
        impl.createHTMLDocument = make;
        md.parse = parse;
        if (sanitised > before) fullFrames++;
        if (parsed) parsedFrames++;
        text += d;
        const fresh = new IncrementalRenderer(document.createElement('div'));
        fresh.append(text);
        renderAll(fresh);
        if (ordered(fresh.root) !== ordered(live.root)) differ.push(i);
      });
      return { differ, sanitised, fullFrames, parsedFrames };
    },
    /** Only the panel's path: each source's lazy pieces morphed into one element; then what the caches hold. */
    streamed: (sources: string[]) => {
      const live = document.createElement('div');
      for (const s of sources) morphChildren(live, renderPieces(s, true, true));
      return pieceCacheSizes();
    },
  },
});
