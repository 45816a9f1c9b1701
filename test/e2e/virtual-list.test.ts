// The asset list's virtual list in the two real layout engines (components/views/VirtualList.tsx): a list taller than
// a browser lays out (2,000,000 rows of 28 px is 56M px; Firefox lays out ~17.9M px at most, Chromium ~33.5M px)
// still reaches its last row by keyboard, shows the middle rows half-way down, and comes back with Home. happy-dom
// has no layout, so only a browser can say the rows are where the user sees them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './support/browser';
import { FIREFOX } from '../e2e-firefox/support/firefox';

const ROWS = 2_000_000;
const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ai-virtual-list-'));
  await build({
    stdin: {
      // Inside a shadow root with the panel's one stylesheet, as the panel shows it (border-box, the list's border).
      contents: `import { render } from 'preact';
        import { VirtualList } from './components/views/VirtualList';
        import { PANEL_STYLESHEET } from './components/panel/stylesheet';
        const root = document.body.appendChild(document.createElement('div')).attachShadow({ mode: 'open' });
        root.appendChild(document.createElement('style')).textContent = PANEL_STYLESHEET;
        const panel = root.appendChild(document.createElement('div'));
        panel.className = 'ai-panel';
        globalThis.listRoot = root;
        render(<VirtualList id="big" label="Big list" count={${ROWS}} rowHeight={28} height={320}
          renderRow={(i) => <span class="name">row {i}</span>} />, panel);`,
      loader: 'tsx',
      resolveDir: ROOT,
    },
    bundle: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outfile: join(dir, 'list.js'),
    logLevel: 'silent',
  });
  writeFileSync(join(dir, 'index.html'), `<!doctype html><body><script src="list.js"></script></body>`);
  url = pathToFileURL(join(dir, 'index.html')).href;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The box's view: inside its border, above a horizontal scrollbar. */
const VIEW = `const el = listRoot.querySelector('.vlist'); const b = el.getBoundingClientRect();
  const view = { top: b.top + el.clientTop, bottom: b.top + el.clientTop + el.clientHeight };`;
/** The text of the rows wholly or partly in the box's view, as the user sees them. */
const SEEN = `(() => { ${VIEW}
  return [...listRoot.querySelectorAll('.vrow')]
    .filter((row) => { const r = row.getBoundingClientRect(); return r.bottom > view.top && r.top < view.bottom; })
    .map((row) => row.textContent);
})()`;
const WHOLLY_SEEN = (id: string) => `(() => { ${VIEW}
  const row = listRoot.getElementById('${id}');
  if (!row) return false;
  const r = row.getBoundingClientRect();
  return r.top >= view.top - 0.5 && r.bottom <= view.bottom + 0.5;
})()`;
const HALF_WAY = `(() => { const b = listRoot.querySelector('.vlist'); b.scrollTop = (b.scrollHeight - b.clientHeight) / 2; })()`;

interface Driver {
  evaluate(code: string): Promise<unknown>;
  press(key: string): Promise<void>;
}

async function walkTheList(page: Driver): Promise<void> {
  await page.evaluate(`listRoot.querySelector('.vlist').focus()`);
  await page.press('End');
  await expect.poll(() => page.evaluate(WHOLLY_SEEN(`big-row-${ROWS - 1}`))).toBe(true);
  expect(await page.evaluate(`listRoot.querySelector('.vlist').getAttribute('aria-activedescendant')`)).toBe(`big-row-${ROWS - 1}`);
  await page.evaluate(HALF_WAY);
  await expect.poll(async () => ((await page.evaluate(SEEN)) as string[])[0]).toMatch(/^row 99999\d$/);
  await page.press('Home');
  await expect.poll(() => page.evaluate(WHOLLY_SEEN('big-row-0'))).toBe(true);
}

describe(`a virtual list of ${ROWS.toLocaleString('en')} rows in the real layout engines`, { timeout: 60_000 }, () => {
  it('Chromium: End shows the last row whole, half-way shows the middle rows, Home the first', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new'] });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await walkTheList({ evaluate: (code) => page.evaluate(code), press: (key) => page.keyboard.press(key) });
    } finally {
      await browser.close();
    }
  });

  it('Firefox: the same, past the ~17.9M px Firefox lays out at most', async () => {
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await walkTheList({ evaluate: (code) => page.evaluate(code), press: (key) => page.keyboard.press(key as 'End') });
    } finally {
      await browser.close();
    }
  });
});
