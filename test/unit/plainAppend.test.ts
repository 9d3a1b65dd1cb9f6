import * as assert from 'node:assert/strict';
import { plainAddition } from '../../src/webview/markdown/plainAppend';
import { addTextToHtml } from '../../src/webview/markdown/tailAppend';

describe('the unparsed tail path: words added that cannot change the markup', () => {
  it('takes letters, digits, spaces and inert marks added after plain text, holding trailing spaces back', () => {
    assert.equal(plainAddition('Hello', 'Hello wor'), ' wor');
    assert.equal(plainAddition('- item one', '- item one, two.'), ', two.');
    assert.equal(plainAddition('# Title', '# Title 2 (draft'), ' 2 (draft');
    assert.equal(plainAddition('It is', 'It is "so" - ok? Yes!'), ' "so" - ok? Yes!');
    assert.equal(plainAddition('Hello', 'Hello  '), ''); // nothing shows until something follows the spaces
    assert.equal(plainAddition('Hello  ', 'Hello  world'), '  world');
    assert.equal(plainAddition('**a** b', '**a** b漢字 𝑥'), '漢字 𝑥');
    assert.equal(plainAddition('one\n> two', 'one\n> two three'), ' three');
  });

  it('leaves to the parser what could become markup or change what came before', () => {
    const none: Array<[string, string]> = [
      ['Hello', 'Hello'], // nothing added
      ['Hello', 'Help'], // not an addition
      ['Hello', 'Hello\nworld'], // a new line
      ['Hello', 'Hello *wo'], // emphasis
      ['Hello', 'Hello `x'], ['Hello', 'Hello [x'], ['Hello', 'Hello <b'], ['Hello', 'Hello a_b'], ['Hello', 'Hello ~~'],
      ['Hello', 'Hello;'], // could end an entity (&copy;)
      ['Hello', 'Hello)'], // could close a link
      ['Hello', 'Hello #'], // a closing heading mark
      ['Hello', 'Hello\tx'], // a tab
      ['**a**', '**a** b'], // next to a delimiter run
      ['[a]', '[a] b'], // next to a bracket
      ['`a`', '`a` b'], // after a code span
      ['see https', 'see https:'], // a colon: a scheme
      ['see https://x.co', 'see https://x.com'], // a bare URL growing
      ['see https://x.com/a.', 'see https://x.com/a.b'], // a URL's end moving
      ['mail a', 'mail a@b'], ['at //host', 'at //host.com'],
      ['| a | b', '| a | bc'], // a table row
      ['[r]: https://e.com "Ti', '[r]: https://e.com "Title'], // a link reference definition
      ['- ', '- a'], ['1.', '1. a'], ['2024.', '2024. In'], // a marker without content: the line's block not settled
      ['', 'a'], // nothing shown yet
    ];
    for (const [shown, next] of none) assert.equal(plainAddition(shown, next), null, `${shown} → ${next}`);
    // After an entity-like word that ends in a letter, words are plain: only a ';' could make it an entity.
    assert.equal(plainAddition('x &amp', 'x &amp b'), ' b');
  });

  it('extends the HTML where its block text ends, escaped as markdown-it escapes, and says what the text node gains', () => {
    assert.deepEqual(addTextToHtml('<p>a &amp; b</p>\n', ' "c"'), { html: '<p>a &amp; b &quot;c&quot;</p>\n', change: { before: 'a & b', added: ' "c"' } });
    assert.deepEqual(addTextToHtml('<ul>\n<li>x <code>y</code> z</li>\n</ul>\n', ' w'), { html: '<ul>\n<li>x <code>y</code> z w</li>\n</ul>\n', change: { before: ' z', added: ' w' } });
    assert.deepEqual(addTextToHtml('<h2>T</h2>\n', ''), { html: '<h2>T</h2>\n', change: { before: 'T', added: '' } });
    for (const html of ['<p>a <em>b</em></p>\n', '<pre><code>x\n</code></pre>\n', '<p><a href="https://e.com">https://e.com</a></p>\n', '<hr>\n', '<p>a<br>\n</p>\n']) {
      assert.equal(addTextToHtml(html, ' z'), null, html);
    }
  });
});
