/**
 * Model output is untrusted. XSS attempts — whole, and cut into 1-character deltas so tags are split across
 * messages — never execute, never become live elements, and never load anything; links only open http(s) URLs,
 * and only through the host.
 */
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, ORIGIN, PanelPage } from './harness';
import { delta, deltas, end, start } from './fixtures';

const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>',
  '<svg><script>window.__pwned = "svg-script"</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned = \'mxss\'">',
  '<iframe src="javascript:window.top.__pwned = \'iframe\'"></iframe>',
  '<a href="javascript:window.__pwned = \'a\'">raw link</a>',
  '<div style="background:url(javascript:alert(1))" onmouseover="window.__pwned = \'div\'">hover</div>',
  '[click me](javascript:window.__pwned=\'md-js\')',
  '[click me](JaVaScRiPt:window.__pwned=\'md-js-case\')',
  '[click me](&#106;avascript:window.__pwned=\'md-entity\')',
  '[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)',
  '![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
  '[vb](vbscript:msgbox(1))',
  '<javascript:alert(1)>',
  '[rel](//evil.example/x) and [file](file:///etc/passwd)',
  '```"><img src=x onerror="window.__pwned = \'fence-info\'">\ncode\n```',
  '**<img src=x onerror="window.__pwned = \'in-bold\'">**',
  '| <script>window.__pwned = "table"</script> | b |\n|---|---|\n| <img src=x onerror=alert(1)> | c |',
];

const DANGEROUS = 'script, img, svg, math, iframe, object, embed, style, link, form, input, textarea, video, audio, source, base, meta';

describe('model output cannot run, load or navigate (headless Chromium)', () => {
  let browser: Browser;
  let panel: PanelPage;
  let external: string[];
  before(async () => { browser = await launchChromium(); });
  after(async () => { await browser?.close(); });
  beforeEach(async () => {
    panel = await PanelPage.open(browser);
    external = [];
    panel.page.on('request', (r) => { if (!r.url().startsWith(ORIGIN)) external.push(r.url()); });
  });
  afterEach(async () => {
    assert.deepEqual(panel.pageErrors, [], 'no uncaught errors in the page');
    assert.deepEqual(await panel.violations(), [], 'nothing even tried to run inline script or style');
    assert.deepEqual(external, [], 'nothing was fetched from outside the extension');
    await panel.close();
  });

  async function assertInert(turnId: string): Promise<void> {
    const answer = `[data-turn-id=${turnId}] [data-role=answer]`;
    assert.equal(await panel.eval('window.__pwned'), undefined, 'no payload ran');
    assert.deepEqual(await panel.$$eval(`${answer} :is(${DANGEROUS})`, '(es) => es.map((e) => e.tagName)'), [], 'no dangerous element');
    assert.deepEqual(await panel.$$eval(`${answer} *`, '(es) => es.flatMap((e) => e.getAttributeNames().filter((n) => /^on|^style$|^src|^srcdoc$|^formaction$/i.test(n)))'), [], 'no handler, style or source attribute');
    const hrefs = await panel.$$eval<string[]>(`${answer} [href]`, '(es) => es.map((e) => e.getAttribute("href"))');
    for (const href of hrefs) assert.match(href, /^https?:\/\//i, `only http(s) links: ${href}`);
  }

  for (const [i, payload] of PAYLOADS.entries()) {
    it(`is inert, whole and in 1-character deltas: ${payload.slice(0, 60).replace(/\n/g, '⏎')}`, async () => {
      await panel.send(start('whole'), delta('whole', `Before.\n\n${payload}\n\nAfter.`), end('whole'));
      await panel.send(start('split'));
      await panel.stream(deltas('split', `Before.\n\n${payload}\n\nAfter.`));
      await assertInert('split'); // mid-stream, the tail included
      await panel.send(end('split'));
      await assertInert('whole');
      await assertInert('split');
      // Raw HTML is shown as text, exactly.
      if (payload.startsWith('<') && !payload.startsWith('<javascript')) {
        assert.ok((await panel.answer('whole').textContent())!.includes(payload.split('\n')[0]), `shown as text (#${i})`);
      }
      // Clicking every link in the answer never navigates the webview.
      for (const link of await panel.answer('split').locator('a').all()) await link.click();
      assert.equal(panel.page.url(), `${ORIGIN}/`);
      assert.equal(await panel.eval('window.__pwned'), undefined);
    });
  }

  it('clicking an http(s) link asks the host to open it and never navigates the panel; middle-click neither', async () => {
    await panel.send(start('t1'), delta('t1', 'Read [the guide](https://example.com/guide?a=1&b=2) or https://example.org/x.'), end('t1'));
    const links = panel.answer('t1').locator('a');
    await links.first().click();
    await links.nth(1).click({ button: 'middle' });
    await links.nth(1).click();
    assert.equal(panel.page.url(), `${ORIGIN}/`);
    assert.equal(panel.page.context().pages().length, 1, 'no new window');
    const opened = (await panel.sent()).filter((m) => m.type === 'open-link');
    assert.deepEqual(opened, [{ type: 'open-link', href: 'https://example.com/guide?a=1&b=2' }, { type: 'open-link', href: 'https://example.org/x' }]);
  });

  it('never loads images: a remote image becomes a link reading [image: alt]', async () => {
    await panel.send(start('t1'), delta('t1', 'Diagram: ![token bucket](https://example.com/bucket.png)'), end('t1'));
    const a = panel.answer('t1');
    assert.equal(await a.locator('img').count(), 0);
    assert.equal(await a.locator('a.md-image-link').textContent(), '[image: token bucket]');
    assert.equal(await a.locator('a.md-image-link').getAttribute('href'), 'https://example.com/bucket.png');
  });

  it('bare domains and file names are not links; bare URLs are', async () => {
    await panel.send(start('t1'), delta('t1', 'Edit setup.py and config.ts, see https://docs.python.org/3/ for more.'), end('t1'));
    assert.deepEqual(await panel.$$eval('[data-turn-id=t1] a', '(as) => as.map((a) => a.getAttribute("href"))'), ['https://docs.python.org/3/']);
  });
});
