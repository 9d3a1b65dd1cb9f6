/** Test-only page script (built by pieces.test.ts): the two markdown → DOM paths, side by side. */
import { renderMarkdownFragment } from '../../src/webview/markdown/markdownDom';
import { renderPieces } from '../../src/webview/markdown/pieceRenderer';

const html = (f: DocumentFragment) => {
  const d = document.createElement('div');
  d.append(f);
  return d.innerHTML;
};

Object.assign(window, {
  __render: {
    whole: (source: string) => html(renderMarkdownFragment(source)),
    pieces: (source: string, open: boolean) => html(renderPieces(source, open)),
  },
});
