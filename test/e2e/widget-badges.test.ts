// The widget with its `badges` attribute: badges drawn before the first sync (an empty cache: "?") follow the data
// once it arrives, and a badge's click opens the widget's panel on that asset's explanation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { launchPlain } from './support/browser';
import { ensureBuilt } from './support/build';
import { shot } from './journeys-helpers';

let server: RunningDemoServer;
let browser: { context: BrowserContext; close(): Promise<void> };

describe('the widget’s badges', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ widget: true });
    server = await startDemoServer({ seed: 1, assets: 2000 });
    browser = await launchPlain();
    // The demo's pages embed <access-inspector> without badges: this test's copy of /fleet asks for them.
    await browser.context.route(`${server.url}/fleet`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('<access-inspector>', '<access-inspector badges>');
      await route.fulfill({ response, body });
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refresh when the first sync brings the data, and open the explanation when clicked', async () => {
    const page = await browser.context.newPage();
    // Signed in without a page (a redirect's target is not routed): the first page the widget sees has badges on.
    await browser.context.request.post(`${server.url}/login`, { form: { userId: 'u-gina-admin' }, maxRedirects: 0 });
    await page.goto(`${server.url}/fleet`);
    expect(await page.locator('access-inspector').getAttribute('badges')).toBe('');
    const row = page.locator('tbody[data-ai-fleet-rows] tr[data-ai-asset-id]').first();
    const assetId = (await row.getAttribute('data-ai-asset-id'))!;
    const host = row.locator('[data-ai-badge]');
    // Before the first sync the cache is empty; after it every badge says an effect.
    await expect.poll(() => host.getAttribute('data-ai-effect'), { timeout: 60_000 }).toMatch(/^(full|read|hidden)$/);
    await host.locator('button').click();
    const panel = page.locator('access-inspector .ai-panel');
    await panel.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => panel.locator('.explanation').getAttribute('data-asset-id'), { timeout: 20_000 }).toBe(assetId);
    await shot(page, 'widget-badge-explains');
    await page.close();
  });

  it('opens a shared link on the same answer in the widget too', async () => {
    const page = await browser.context.newPage();
    const assetId = server.store.snapshot().assets[3].id;
    const customer = server.store.get('users', 'u-cora-customer') as { name: string };
    await page.goto(`${server.url}/fleet#access-inspector?asset=${assetId}&user=u-cora-customer`);
    const panel = page.locator('access-inspector .ai-panel');
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => panel.locator('.inspecting strong').textContent(), { timeout: 30_000 }).toBe(customer.name);
    await expect.poll(() => panel.locator('.explanation').getAttribute('data-asset-id'), { timeout: 20_000 }).toBe(assetId);
    expect(new URL(page.url()).hash).toBe('');
    await page.close();
  });
});
