// Injection payloads in the real browser: the demo platform serves a fleet with every payload of the corpus in every
// kind of string field (test/security/wide-payload-fleet.ts), the extension syncs it, and a session walks through
// what shows platform data — the badges, every panel tab (as a technician and as a Quote Manager, on the fleet,
// tickets, asset, users, user and registrations pages), the page overlay, the widget, the popup and both exports.
// Nothing may run: no dialog, no request to the attacker's host (or anywhere but the platform and the extension),
// no `window.__pwned` in any page. The platform's own CSP is stripped from its pages for this test, so a payload
// that got into the DOM as markup would really run and trip a wire, instead of being quietly blocked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { parseSnapshot } from '../../core/model/validate';
import { launchWithExtension, screenshot, type ExtensionBrowser } from './support/browser';
import { ensureBuilt } from './support/build';
import { extensionUrl, Recorder } from '../security/browser-support';
import { configureExtension } from './support/extension-setup';
import { widePayloadFleet, WIDE } from '../security/wide-payload-fleet';
import { FORMULA_PREFIXES, PWN_HOST, XSS_PAYLOADS } from '../security/xss-payloads';

let server: RunningDemoServer;
let ext: ExtensionBrowser;
let recorder: Recorder;
const visited: string[] = [];
const figures = { pages: 0, tabsClicked: 0, downloads: 0 };

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);
}

async function signInAs(page: Page, userId: string, base = server.url): Promise<void> {
  // Ids are payloads too, so no CSS selector: post the sign-in form the way the login page does.
  const res = await page.request.post(`${base}/login`, { form: { userId }, maxRedirects: 0 });
  expect(res.status()).toBeLessThan(400);
}

/** The platform under a host name the extension is not granted: the widget stands down only where the extension runs. */
const widgetBase = () => server.url.replace('127.0.0.1', 'localhost');

/** Loads `path`, lets badges and the widget settle, checks the tripwire, records the visit. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState('load');
  await page.locator('access-inspector-shell .launcher').waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForTimeout(300);
  visited.push(path);
  figures.pages++;
  expect(await pwned(page), path).toBeNull();
}

/** Opens the extension's panel and clicks through every tab, checking the tripwire after each. */
async function walkPanel(page: Page, where: string): Promise<void> {
  const frame = page.locator('access-inspector-shell .frame');
  if (!(await frame.isVisible())) await page.locator('access-inspector-shell .launcher').click();
  const tabs = page.locator('access-inspector-shell [role="tab"]');
  await expect.poll(() => tabs.count(), { timeout: 20_000 }).toBeGreaterThan(3);
  for (let i = 0; i < (await tabs.count()); i++) {
    await tabs.nth(i).click();
    await page.waitForTimeout(250);
    figures.tabsClicked++;
    expect(await pwned(page), `${where}, tab ${await tabs.nth(i).textContent()}`).toBeNull();
  }
}

describe('injection payloads in the real browser', { timeout: 400_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ extension: true, widget: true });
    const snapshot = widePayloadFleet();
    expect(parseSnapshot(snapshot).ok).toBe(true);
    server = await startDemoServer({ snapshot });
    ext = await launchWithExtension();
    recorder = new Recorder(ext.context);
    // The platform's pages without their CSP: a payload that became markup would run, not be blocked.
    // (Also under the `localhost` name, which the extension is not granted: there the widget answers.)
    for (const base of [server.url, widgetBase()]) {
      await ext.context.route(`${base}/**`, async (route) => {
        if (route.request().resourceType() !== 'document') return route.fallback(); // e.g. the widget, served by the harness
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-security-policy'];
        await route.fulfill({ response, headers });
      });
    }
    // And a wire on the attacker's host, should anything try to reach it.
    await ext.context.route(`**://${PWN_HOST}/**`, (route) => route.abort());
    await configureExtension(ext, server.url, 'ai-demo-support', { syncMinutes: 5 });
  }, 400_000);

  afterAll(async () => {
    console.log(
      `xss (browser): ${XSS_PAYLOADS.length} payloads in every field kind; ${figures.pages} page loads, ${figures.tabsClicked} panel tabs, ` +
        `${figures.downloads} exports; ${recorder?.requests.length ?? 0} requests, ${recorder?.dialogs.length ?? 0} dialogs recorded`,
    );
    await ext?.close();
    await server?.close();
  });

  it('would notice a payload that ran: the wire trips on a page of the platform (its CSP stripped)', async () => {
    const page = await ext.context.newPage();
    await signInAs(page, WIDE.techId);
    await visit(page, '/fleet');
    // What the product must never do, done here on purpose: markup from data.
    await page.evaluate(
      (payload) => {
        const div = document.createElement('div');
        div.innerHTML = payload;
        document.body.append(div);
      },
      XSS_PAYLOADS.find((x) => x.startsWith('<img src=x onerror='))!,
    );
    await expect.poll(() => pwned(page), { timeout: 5_000 }).toBe(1);
    await page.close();
  });

  it('runs nothing as a technician: badges, every panel tab on fleet, tickets and asset pages, overlay, exports', async () => {
    const page = await ext.context.newPage();
    await signInAs(page, WIDE.techId);
    await visit(page, '/fleet');
    await expect.poll(() => page.locator('[data-ai-badge]').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await walkPanel(page, 'fleet');
    await screenshot(page, 'xss-fleet-panel');

    // The overlay over the fleet page.
    await page.locator('access-inspector-shell [role="tab"]', { hasText: 'View as' }).click();
    const toggle = page.locator('access-inspector-shell [data-overlay-toggle]');
    await toggle.waitFor({ state: 'visible', timeout: 20_000 });
    await toggle.click();
    await expect.poll(() => page.locator('[data-ai-overlay-banner]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    expect(await pwned(page), 'overlay').toBeNull();
    await screenshot(page, 'xss-overlay');
    await toggle.click();

    // Both exports.
    await page.locator('access-inspector-shell [role="tab"]', { hasText: 'Explain & export' }).click();
    for (const which of ['snapshot', 'report']) {
      const button = page.locator(`access-inspector-shell [data-export="${which}"]`);
      await button.waitFor({ state: 'visible', timeout: 20_000 });
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
      await download.path();
      figures.downloads++;
    }
    await recorder.flush();
    const snapshotFile = recorder.downloads.find((d) => d.name.endsWith('.json'))!;
    const exported = JSON.parse(snapshotFile.text);
    expect(parseSnapshot(exported).ok).toBe(true);
    expect(exported.assets.length).toBe(server.store.snapshot().assets.length);
    const csv = recorder.downloads.find((d) => d.name.endsWith('.csv'))!.text.replace(/^\uFEFF/, '');
    const cells = [...csv.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"'));
    expect(cells.length).toBeGreaterThan(XSS_PAYLOADS.length);
    for (const c of cells)
      expect(
        FORMULA_PREFIXES.some((f) => c.startsWith(f)),
        JSON.stringify(c),
      ).toBe(false);

    // Tickets (redacted ones included) and an asset page, each with the panel.
    await visit(page, '/tickets');
    await walkPanel(page, 'tickets');
    const assetId = server.store.snapshot().assets[3].id;
    await visit(page, `/assets/${encodeURIComponent(assetId)}`);
    await walkPanel(page, 'asset');
    await page.close();
  });

  it('runs nothing as a Quote Manager: users, a user, the registration queue, and the widget', async () => {
    let page = await ext.context.newPage();
    await signInAs(page, WIDE.qmId);
    for (const path of ['/users', `/users/${encodeURIComponent(server.store.snapshot().users[5].id)}`, '/registrations']) {
      await visit(page, path);
      await walkPanel(page, path);
    }
    // The widget, on the same platform where the extension is not active (same-origin sync with the page's session).
    await page.close();
    page = await ext.context.newPage();
    await signInAs(page, WIDE.qmId, widgetBase());
    await page.goto(`${widgetBase()}/registrations`);
    const widget = page.locator('access-inspector');
    await expect.poll(() => widget.getAttribute('data-signed-in'), { timeout: 30_000 }).toBe(WIDE.qmId);
    await page.locator('access-inspector .launcher').click();
    const tabs = page.locator('access-inspector [role="tab"]');
    await expect.poll(() => tabs.count(), { timeout: 20_000 }).toBeGreaterThan(3);
    for (let i = 0; i < (await tabs.count()); i++) {
      await tabs.nth(i).click();
      await page.waitForTimeout(250);
      figures.tabsClicked++;
      expect(await pwned(page), `widget tab ${i}`).toBeNull();
    }
    await screenshot(page, 'xss-widget');
    await page.close();
  });

  it("runs nothing in the extension's own pages, and nothing ran anywhere during the session", async () => {
    for (const path of ['popup.html', 'options.html']) {
      const page = await ext.context.newPage();
      await page.goto(extensionUrl(ext, path));
      await page.waitForTimeout(800);
      expect(await pwned(page), path).toBeNull();
      await page.close();
    }
    expect(recorder.dialogs).toEqual([]);
    const platform = new URL(server.url).origin;
    // The platform answers under two names here (the widget's part runs on `localhost`); nothing else may be reached.
    const platformOrigins = new Set([platform, new URL(widgetBase()).origin]);
    // By host: the payloads' text may well appear in the paths of our own requests (ids are payloads).
    const strays = recorder.requests.filter(
      (r) => !/^(chrome-extension:|blob:|data:|chrome:)/.test(r.url) && !platformOrigins.has(new URL(r.url).origin),
    );
    expect(recorder.requests.some((r) => r.url.startsWith(platform))).toBe(true);
    expect(strays.map((r) => `${r.from} → ${r.url}`)).toEqual([]);
    expect(recorder.pageErrors).toEqual([]);
    expect(visited.length).toBeGreaterThan(5);
  });
});
