// The fleet page in a real browser (Debian's Chromium): filtering and paging replace the rows without a reload,
// the address bar follows (pushState), and Back restores the previous rows.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { generateFleet } from '../../core/generate/fleet';
import { startDemoServer, type DemoServer } from '../../demo/server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('fleet single-page app', () => {
  let server: DemoServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startDemoServer({ snapshot: generateFleet({ seed: 11, assets: 300 }) });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads new rows without a reload and keeps history right', async () => {
    const page = await browser.newPage();
    const adminId = server.apiKeys['ai-demo-globalAdmin'];
    await page.goto(`${server.url}/login`);
    await page.click(`button[data-ai-login-user="${adminId}"]`);
    await page.waitForURL(/\/fleet$/);
    expect(await page.getAttribute('body', 'data-ai-page')).toBe('fleet');
    const ids = () => page.$$eval('tr[data-ai-asset-id]', (rows) => rows.map((r) => r.getAttribute('data-ai-asset-id')));
    const first = await ids();
    expect(first).toHaveLength(50);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    await page.click('[data-ai-fleet-pager] a[rel=next]');
    await page.waitForURL(/page=2/);
    await page.waitForFunction(
      (firstId) => document.querySelector('tr[data-ai-asset-id]')?.getAttribute('data-ai-asset-id') !== firstId,
      first[0],
    );
    const second = await ids();
    expect(second).toHaveLength(50);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    // Rows built in the browser carry the same name attribute as server-rendered ones.
    expect(await page.$$eval('[data-ai-asset-name-of]', (els) => els.length)).toBe(50);

    const some = server.store.snapshot().assets[7];
    await page.fill('input[name=q]', some.id);
    await page.click('form[data-ai-fleet-filter] button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-ai-asset-id]').length === 1);
    expect(await ids()).toEqual([some.id]);
    expect(new URL(page.url()).searchParams.get('q')).toBe(some.id);

    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-ai-asset-id]').length === 50);
    expect(await ids()).toEqual(second);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1); // never reloaded
    await page.close();
  });
});
