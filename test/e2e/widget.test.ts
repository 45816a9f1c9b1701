// The <access-inspector> widget in Debian's Chromium, on the demo platform's own pages: signed in with the
// page's session cookie, it syncs the same-origin API into its own IndexedDB and shows the panel for that user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchPlain, screenshot } from './support/browser';
import { ensureBuilt, widgetDir } from './support/build';

const OTHER_ORIGIN = 'http://widget-neighbour.test';

let server: RunningDemoServer;
let browser: { context: BrowserContext; close(): Promise<void> };

async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator(`[data-ai-login-user="${userId}"]`).first().click();
  await page.waitForURL(/\/fleet/);
}

/** Posts `message` to the platform page from a window of another origin (a popup the page opened). */
async function postFromOtherOrigin(page: Page, message: unknown): Promise<void> {
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.evaluate((url) => void window.open(url, 'neighbour'), `${OTHER_ORIGIN}/`),
  ]);
  await popup.waitForLoadState();
  expect(popup.url().startsWith(OTHER_ORIGIN)).toBe(true);
  await popup.evaluate((m) => (window.opener as Window).postMessage(m, '*'), message);
  await popup.close();
}

describe('the embeddable widget', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ widget: true });
    server = await startDemoServer({ seed: 1, assets: 2000 });
    browser = await launchPlain();
    // The "other origin" is served by the test itself: a page whose only job is to post to its opener.
    await browser.context.route(`${OTHER_ORIGIN}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>neighbour</title><p>another site</p>' }),
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('stays invisible on the sign-in page, where nobody is signed in', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/login`);
    await expect.poll(() => page.evaluate(() => customElements.get('access-inspector') !== undefined)).toBe(true);
    // It asked /me, got 401, and shows nothing.
    await page.waitForTimeout(500);
    expect(await page.locator('access-inspector').getAttribute('data-signed-in')).toBeNull();
    expect(await page.locator('access-inspector .launcher').isVisible()).toBe(false);
    await page.close();
  });

  it("builds an element file that carries neither the engine, Dexie nor zod: they are in its worker's file", () => {
    const main = readFileSync(join(widgetDir('e2e'), 'access-inspector.js'), 'utf8');
    const worker = readFileSync(join(widgetDir('e2e'), 'access-inspector-worker.js'), 'utf8');
    // Markers that survive minification: an engine code, Dexie's error class name, zod's internal property.
    const markers = ['USER_NOT_ACTIVE', 'DexieError', '_zod'];
    expect(markers.filter((marker) => !worker.includes(marker))).toEqual([]);
    expect(markers.filter((marker) => main.includes(marker))).toEqual([]);
    // The element starts the worker from the file beside its own.
    expect(main).toContain('access-inspector-worker.js');
  });

  it("does its data work in a dedicated worker: the page's main thread opens no IndexedDB", async () => {
    const userId = server.apiKeys['ai-demo-technician'];
    const page = await browser.context.newPage();
    // Counts the page's own IndexedDB opens before any script of the page runs (a worker has its own global).
    await page.addInitScript(() => {
      const open = indexedDB.open.bind(indexedDB);
      (window as unknown as { __idbOpens: number }).__idbOpens = 0;
      indexedDB.open = (...args: Parameters<IDBFactory['open']>) => {
        (window as unknown as { __idbOpens: number }).__idbOpens++;
        return open(...args);
      };
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await signIn(page, userId!);
    const widget = page.locator('access-inspector');
    await expect.poll(() => widget.getAttribute('data-signed-in'), { timeout: 20_000 }).toBe(userId);
    expect(workers.filter((url) => url.endsWith('/widget/access-inspector-worker.js')).length, workers.join()).toBeGreaterThan(0);
    // The cache exists (the worker made it), yet the page itself never opened a database.
    await expect
      .poll(() => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name?.startsWith('access-inspector-widget'))), {
        timeout: 20_000,
      })
      .toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __idbOpens: number }).__idbOpens)).toBe(0);
    await page.close();
  });

  it('renders on a platform page and shows the signed-in user', async () => {
    const userId = server.apiKeys['ai-demo-technician'];
    const user = server.store.get('users', userId) as { name: string };
    const page = await browser.context.newPage();
    await signIn(page, userId);

    const widget = page.locator('access-inspector');
    await expect.poll(() => widget.getAttribute('data-signed-in'), { timeout: 20_000 }).toBe(userId);
    const launcher = page.locator('access-inspector .launcher');
    await launcher.click();
    const panel = page.locator('access-inspector .ai-panel');
    await panel.waitFor({ state: 'visible' });
    await expect.poll(() => panel.locator('.inspecting').textContent(), { timeout: 20_000 }).toContain(user.name);
    // The same-origin sync filled the widget's own IndexedDB database.
    await expect
      .poll(
        () =>
          page.evaluate(async (uid) => {
            const dbs = await indexedDB.databases();
            // One database per identity: this platform and the signed-in user (core/cache/identity.ts).
            return dbs.some((d) => d.name === `access-inspector-widget@${encodeURIComponent(location.origin)}/${encodeURIComponent(uid)}`);
          }, userId),
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.locator('access-inspector [role="tab"]', { hasText: 'Sync' }).click();
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toMatch(/as of/i);
    await page.locator('access-inspector [role="tab"]', { hasText: 'Who' }).click();
    await expect.poll(() => panel.textContent(), { timeout: 20_000 }).toContain(user.name);
    await screenshot(page, 'widget-panel-fleet');
    await page.close();
  });

  it('answers a status request from its own window once, and never answers an answer', async () => {
    const userId = server.apiKeys['ai-demo-technician'];
    const page = await browser.context.newPage();
    await signIn(page, userId!);
    await expect.poll(() => page.locator('access-inspector').getAttribute('data-signed-in'), { timeout: 20_000 }).toBe(userId);
    const answers = await page.evaluate(
      () =>
        new Promise<{ status: number; error: number }>((resolve) => {
          const seen = { status: 0, error: 0 };
          window.addEventListener('message', (event) => {
            if (event.data?.type === 'access-inspector:status' && 'status' in event.data) seen.status++;
            if (event.data?.type === 'access-inspector:error') seen.error++;
          });
          window.postMessage({ type: 'access-inspector:status' }, location.origin);
          window.postMessage({ type: 'access-inspector:context', context: { assetIds: 'not a list' } }, location.origin);
          setTimeout(() => resolve(seen), 1500);
        }),
    );
    // One answer each; before, the widget answered its own answers back and forth without end.
    expect(answers).toEqual({ status: 1, error: 1 });
    await page.close();
  });

  it('accepts postMessage from its own origin and ignores other origins', async () => {
    const userId = server.apiKeys['ai-demo-customer'];
    const page = await browser.context.newPage();
    await signIn(page, userId);
    const widget = page.locator('access-inspector');
    await expect.poll(() => widget.getAttribute('data-signed-in'), { timeout: 20_000 }).toBe(userId);
    const frame = page.locator('access-inspector .frame');
    const isOpen = () => frame.evaluate((el) => !(el as HTMLElement).hidden);

    await postFromOtherOrigin(page, { type: 'access-inspector:open' });
    await page.waitForTimeout(300);
    expect(await isOpen()).toBe(false);

    await page.evaluate(() => window.postMessage({ type: 'access-inspector:open' }, window.location.origin));
    await expect.poll(isOpen).toBe(true);
    await page.evaluate(() => window.postMessage({ type: 'access-inspector:close' }, window.location.origin));
    await expect.poll(isOpen).toBe(false);

    // Listed in allowed-origins, the neighbour may open it.
    await widget.evaluate((el, o) => el.setAttribute('allowed-origins', `${location.origin} ${o}`), OTHER_ORIGIN);
    await postFromOtherOrigin(page, { type: 'access-inspector:open' });
    await expect.poll(isOpen).toBe(true);
    await page.close();
  });
});
