/**
 * Model output is untrusted. XSS attempts — whole, and cut into 1-character deltas so tags are split across
 * messages — never execute, never become live elements, and never load anything; links only open http(s) URLs,
 * and only through the host.
 */
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, ORIGIN, PanelPage } from './harness';
import { delta, deltas, end, start } from './fixtures';
import { PAYLOADS } from './payloads';

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
