// Two tabs of the platform opened at the same moment, each with the widget: one sync runs (the Web Lock lets one
// tab's run through and skips the other's), and both panels show the assets once it has committed — the tab that
// did not sync follows the other's commits (core/cache/follow.ts, Dexie's storagemutated over BroadcastChannel)
// instead of showing the empty cache it started with until a reload or its next periodic sync 15 minutes later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { API_PREFIX } from '../../core/api/contract';
import type { RunningDemoServer } from '../../demo/server';
import { launchPlain, screenshot } from './support/browser';
import { startWidgetPlatform, stopWidgetPlatform } from './support/widget-platform';

let server: RunningDemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;

describe('two tabs of the platform with the widget', { timeout: 180_000 }, () => {
  beforeAll(async () => ({ server, browser } = await startWidgetPlatform()), 300_000);
  afterAll(() => stopWidgetPlatform({ server, browser }));

  it('both show the assets after the one sync', async () => {
    const userId = server.apiKeys['ai-demo-technician'];
    // Signed in without a page (so no third widget starts a sync): the context's cookie jar is the browser's.
    const signIn = await browser.context.request.post(`${server.url}/login`, { form: { userId }, maxRedirects: 0 });
    expect(signIn.status()).toBe(303);

    const firstPages: Request[] = [];
    const [a, b] = await Promise.all([browser.context.newPage(), browser.context.newPage()]);
    for (const page of [a, b]) {
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.pathname === `${API_PREFIX}/sync/assets` && !url.searchParams.has('cursor')) firstPages.push(r);
      });
    }
    await Promise.all([a.goto(`${server.url}/tickets`), b.goto(`${server.url}/tickets`)]);

    const total = server.store.snapshot().assets.length;
    const shown = `${total.toLocaleString('en')} assets`;
    const assetsTab = async (page: Page) => {
      const widget = page.locator('access-inspector');
      await expect.poll(() => widget.getAttribute('data-signed-in'), { timeout: 20_000 }).toBe(userId);
      await page.locator('access-inspector .launcher').click();
      await page.locator('access-inspector .ai-panel').waitFor({ state: 'visible' });
      await page.locator('access-inspector [role="tab"]', { hasText: 'Assets' }).click();
      return page.locator('access-inspector .asset-list');
    };
    const [listA, listB] = await Promise.all([assetsTab(a), assetsTab(b)]);
    await expect.poll(() => listA.textContent(), { timeout: 60_000 }).toContain(shown);
    await expect.poll(() => listB.textContent(), { timeout: 60_000 }).toContain(shown);

    // One sync between them: the assets' first page was asked for once, by one of the tabs.
    expect(firstPages).toHaveLength(1);
    await screenshot(b, 'two-tabs-second-tab');
  });
});
