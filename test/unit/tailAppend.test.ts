import * as assert from 'node:assert/strict';
import { textAppendedAtEnd } from '../../src/webview/markdown/tailAppend';

describe('the tail append path: when new HTML is the old with text added at its end', () => {
  it('finds words added before the closing tags, unescaping what markdown-it escaped', () => {
    assert.deepEqual(textAppendedAtEnd('<p>Hello</p>\n', '<p>Hello wor</p>\n'), { before: 'Hello', added: ' wor' });
    assert.deepEqual(textAppendedAtEnd('<ul>\n<li>a</li>\n<li>b &amp; c</li>\n</ul>\n', '<ul>\n<li>a</li>\n<li>b &amp; c &lt;T&gt; &quot;x</li>\n</ul>\n'),
      { before: 'b & c', added: ' <T> "x' });
    assert.deepEqual(textAppendedAtEnd('<p>one <strong>two</strong> th</p>\n', '<p>one <strong>two</strong> three\nfour</p>\n'), { before: ' th', added: 'ree\nfour' });
    assert.deepEqual(textAppendedAtEnd('<p>run <code>npm</code></p>\n', '<p>run <code>npm te</code></p>\n'), { before: 'npm', added: ' te' });
  });

  it('refuses anything that adds or changes markup', () => {
    const none: Array<[string, string]> = [
      ['<p>a</p>\n', '<p>a <em>b</em></p>\n'], // a new element
      ['<p>a</p>\n', '<p>a</p>\n<p>b</p>\n'], // a new block
      ['<p>see https://exa</p>\n', '<p>see <a href="https://example.com">https://example.com</a></p>\n'], // became a link
      ['<p><a href="https://e.com/a">https://e.com/a</a></p>\n', '<p><a href="https://e.com/ab">https://e.com/ab</a></p>\n'], // href too
      ['<pre><code>x</code></pre>\n', '<pre><code>xy</code></pre>\n'], // code blocks have their own path
      ['<p>a</p>\n', '<p>a</p>\n'], // nothing added
      ['<p>ab</p>\n', '<p>a</p>\n'], // shrank
      ['<p>a <strong>b</strong></p>\n', '<p>a <strong>b</strong> c</p>\n'], // no text node to append to yet
      ['<p>a &amp</p>\n', '<p>a &amp;b</p>\n'], // not markdown-it's escaping
      ['<p>a</p>\n', '<p>a <br></p>\n'], // a tag in the added text
      ['<p>a</p>\n<p', '<p>a</p>\n<p class="x"'], // inside a tag
    ];
    for (const [prev, next] of none) assert.equal(textAppendedAtEnd(prev, next), null, `${prev} → ${next}`);
  });
});
