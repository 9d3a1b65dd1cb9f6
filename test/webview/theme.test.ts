/** The panel takes every colour from the VS Code theme: nothing is hard-coded, and light and dark both apply. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, PanelPage } from './harness';
import { delta, end, start } from './fixtures';
import type { ThemeName } from './themes';

const CSS = fs.readFileSync(path.join(__dirname, '..', '..', 'media', 'panel.css'), 'utf8');
const NAMED = /\b(white|black|red|green|blue|yellow|orange|purple|gray|grey|silver|navy|teal|maroon|olive|lime|aqua|fuchsia)\b/i;

describe('theme colours', () => {
  it('media/panel.css has no colour literals: only VS Code variables, currentColor and transparent', () => {
    const css = CSS.replace(/\/\*[\s\S]*?\*\//g, '');
    const values = [...css.matchAll(/:\s*([^;{}]+)[;}]/g)].map((m) => m[1]);
    const literals = values.filter((v) => /#[0-9a-f]{3,8}\b|\b(rgb|rgba|hsl|hsla|hwb|lab|lch|oklab|oklch|color)\(/i.test(v) || NAMED.test(v.replace(/var\([^)]*\)/g, '')));
    assert.deepEqual(literals, []);
  });

  describe('in headless Chromium', () => {
    let browser: Browser;
    before(async () => { browser = await launchChromium(); });
    after(async () => { await browser?.close(); });

    const expected: Record<ThemeName, { keyword: string; string: string; link: string; codeBg: string }> = {
      dark: { keyword: 'rgb(197, 134, 192)', string: 'rgb(206, 145, 120)', link: 'rgb(77, 170, 252)', codeBg: 'rgb(31, 31, 31)' },
      light: { keyword: 'rgb(155, 70, 176)', string: 'rgb(163, 21, 21)', link: 'rgb(0, 95, 184)', codeBg: 'rgb(255, 255, 255)' },
      'high-contrast': { keyword: 'rgb(255, 255, 255)', string: 'rgb(244, 135, 113)', link: 'rgb(33, 166, 255)', codeBg: 'rgb(0, 0, 0)' },
      'high-contrast-light': { keyword: 'rgb(41, 41, 41)', string: 'rgb(163, 21, 21)', link: 'rgb(15, 74, 133)', codeBg: 'rgb(255, 255, 255)' },
    };
    for (const theme of Object.keys(expected) as ThemeName[]) {
      it(`colours code and links from the ${theme} theme`, async () => {
        const panel = await PanelPage.open(browser, { theme });
        await panel.send(start('t1'), delta('t1', 'See [docs](https://example.com).\n\n```ts\nconst s = "x";\n```'), end('t1'));
        const color = (sel: string, prop = 'color') => panel.$eval<string>(`[data-turn-id=t1] ${sel}`, `(e) => getComputedStyle(e).${prop}`);
        assert.equal(await color('.hljs-keyword'), expected[theme].keyword);
        assert.equal(await color('.hljs-string'), expected[theme].string);
        assert.equal(await color('[data-role=answer] a'), expected[theme].link);
        assert.equal(await color('[data-role=code-block] pre', 'backgroundColor'), expected[theme].codeBg);
        assert.deepEqual(await panel.violations(), []);
        await panel.close();
      });
    }
  });
});
