// The <access-inspector> widget in Debian's Chromium, on the demo platform's own pages: signed in with the
// page's session cookie, it syncs the same-origin API into its own IndexedDB and shows the panel for that user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { launchPlain, screenshot } from './support/browser';
import { ensureBuilt } from './support/build';

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
