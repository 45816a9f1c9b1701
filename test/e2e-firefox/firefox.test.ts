// The built Firefox add-on in Debian's Firefox ESR (WebDriver BiDi), against the demo platform, in one journey:
// options saved with host access for exactly the platform origin, the background's sync, badges that agree with the
// engine, the panel, one explanation, and the same answers after the event page was stopped and woken again.
//
// What headless Firefox cannot do, and what is done instead: it shows no permission prompt, so the profile sets
// extensions.webextOptionalPermissionPrompts=false and the options page's own permissions.request() grants; it
// delivers no keyboard shortcuts, so the panel opens from the launcher. The event page is stopped the way Firefox
// stops it, by idling (extensions.background.idle.timeout, shortened for the test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { compileFleet, explainAsset } from '../../core/engine';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { BACKGROUND_IDLE_MS, ensureFirefoxBuilt, launchFirefoxWithAddon, type FirefoxWithAddon } from './support/firefox';

const SUPPORT_KEY = 'ai-demo-support';

let server: RunningDemoServer;
let firefox: FirefoxWithAddon;

// The add-on pages' `browser` global, for code passed to evaluate().
type WithBrowser = { browser: typeof import('wxt/browser').browser };

async function signIn(page: Page, userId: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await Promise.all([page.waitForNavigation(), page.click(`[data-ai-login-user="${userId}"]`)]);
}

/** Badged rows of the page, once every badge has an answer. */
async function settledBadges(page: Page): Promise<Array<{ assetId: string; effect: string }>> {
  await page.waitForFunction(
    () => {
      const badges = [...document.querySelectorAll('[data-ai-badge]')] as HTMLElement[];
      const rows = document.querySelectorAll('[data-ai-asset-id]').length;
      return rows > 0 && badges.length === rows && badges.every((b) => b.dataset.aiEffect !== 'pending');
    },
    { timeout: 30_000 },
  );
  return page.$$eval('[data-ai-badge]', (badges) =>
    (badges as HTMLElement[]).map((b) => ({ assetId: b.getAttribute('data-ai-badge')!, effect: b.dataset.aiEffect! })),
  );
}

/** The paths of the add-on's documents now alive (the event page is one while it runs). */
function addonDocuments(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (globalThis as unknown as WithBrowser).browser.extension
      .getViews()
      .map((w) => (w as unknown as { location: Location }).location.pathname),
  );
}

describe('the Firefox add-on', { timeout: 150_000 }, () => {
  beforeAll(async () => {
    const built = await ensureFirefoxBuilt('e2e');
    server = await startDemoServer({ seed: 3, assets: 600 });
    firefox = await launchFirefoxWithAddon(built);
  }, 300_000);

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('saves its options, syncs, badges the fleet, explains an asset, and answers again after its event page stopped', async () => {
    // Options: Save asks for host access to exactly the platform origin (granted: no prompt headless) and syncs.
    const options = await firefox.open('options.html');
    // The privacy statement ships with the add-on and is one click away.
    expect(await options.$eval('#privacy pre', (e) => e.textContent)).toContain('Nothing else leaves your browser.');
    await options.type('#baseUrl', server.url);
    await options.type('#apiKey', SUPPORT_KEY);
    await options.click('#save');
    await expect
      .poll(() => options.$eval('#save-status', (e) => e.textContent), { timeout: 20_000 })
      .toContain(`Saved. Access Inspector runs on ${server.url}`);
    // One host granted, the content script registered for it alone. Firefox's match patterns carry no port, so it
    // holds both as http://127.0.0.1/* (Chromium keeps the port).
    const hostPattern = `${new URL(server.url).protocol}//${new URL(server.url).hostname}/*`;
    const granted = await options.evaluate(() => (globalThis as unknown as WithBrowser).browser.permissions.getAll());
    expect(granted.origins).toEqual([hostPattern]);
    const scripts = await options.evaluate(() => (globalThis as unknown as WithBrowser).browser.scripting.getRegisteredContentScripts());
    expect(scripts.map((s) => s.matches)).toEqual([[hostPattern]]);
    expect(await options.evaluate(() => document.body.innerText)).not.toContain(SUPPORT_KEY);

    // The background's sync filled IndexedDB: the popup says so.
    const popup = await firefox.open('popup.html');
    await expect.poll(() => popup.$eval('#sync-state', (e) => e.textContent), { timeout: 60_000 }).toBe('idle');
    const assets = server.store.snapshot().assets.length;
    await expect.poll(() => popup.$eval('[data-count="assets"]', (e) => e.textContent)).toBe(assets.toLocaleString());
    await popup.close();

    // Badges on the fleet page agree with the engine.
    const fleet = compileFleet(server.store.snapshot());
    const technician = server.apiKeys['ai-demo-technician'];
    const page = await firefox.browser.newPage();
    await signIn(page, technician);
    const badges = await settledBadges(page);
    expect(badges.length).toBeGreaterThan(10);
    for (const b of badges) expect(b.effect, b.assetId).toBe(explainAsset(fleet, technician, b.assetId).effect);

    // The panel on an asset page: who is inspected, and the asset explained step by step as the engine does.
    const assetId = badges.find((b) => b.effect === 'read')?.assetId ?? badges[0].assetId;
    await page.goto(`${server.url}/assets/${encodeURIComponent(assetId)}`);
    const launcher = await page.waitForSelector('access-inspector-shell >>> .launcher', { visible: true, timeout: 20_000 });
    await launcher!.click();
    const user = server.store.get('users', technician) as { name: string };
    await expect
      .poll(() => page.$eval('access-inspector-shell >>> .inspecting', (e) => e.textContent), { timeout: 20_000 })
      .toContain(user.name);
    const steps = `access-inspector-shell >>> .explanation[data-asset-id="${assetId}"] ol.steps > li`;
    await page.waitForSelector(steps, { timeout: 20_000 });
    const codes = await page.$$eval(steps, (lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(codes).toEqual(explainAsset(fleet, technician, assetId).steps.map((s) => s.code));
    await page.close();

    // The event page stops once idle (nothing but the options page left), with no state only in memory.
    await expect.poll(() => addonDocuments(options), { timeout: BACKGROUND_IDLE_MS + 20_000, interval: 500 }).toEqual(['/options.html']);

    // A platform page wakes it: badges need the background, which answers from IndexedDB.
    const customer = server.apiKeys['ai-demo-customer'];
    const again = await firefox.browser.newPage();
    await signIn(again, customer);
    const woken = await settledBadges(again);
    expect(woken.length).toBeGreaterThan(0);
    for (const b of woken) expect(b.effect, b.assetId).toBe(explainAsset(fleet, customer, b.assetId).effect);
    expect(await addonDocuments(options)).toContain('/_generated_background_page.html');
    await again.close();
    await options.close();
  });
});
