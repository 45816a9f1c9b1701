// The support engineer's flow in the real extension (issue 16): the context stays across full page loads, a badge
// opens that asset's explanation, the panel says who can see an asset. One browser for the whole file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { compileFleet, explainAsset } from '../../core/engine';
import type { RunningDemoServer } from '../../demo/server';
import type { ExtensionBrowser } from './support/browser';
import { openShellPanel, startExtensionPlatform, stopExtensionPlatform } from './support/extension-setup';
import { shot, signIn, tab } from './journeys-helpers';

const ADMIN = 'u-gina-admin';
const CUSTOMER = 'u-cora-customer';
const TECH = 'u-tara-tech';
let server: RunningDemoServer;
let ext: ExtensionBrowser;

const nameOf = (id: string) => (server.store.get('users', id) as { name: string }).name;
const emailOf = (id: string) => (server.store.get('users', id) as { email: string }).email;
const panelOf = (page: Page) => page.locator('access-inspector-shell .ai-panel');
const inspected = (panel: Locator) => panel.locator('.inspecting strong');

async function inspectAs(panel: Locator, userId: string): Promise<void> {
  await panel.getByRole('combobox', { name: 'Inspect as' }).fill(emailOf(userId));
  await panel.getByRole('listbox', { name: 'Matching users' }).getByRole('option').first().click();
  await expect.poll(() => inspected(panel).textContent(), { timeout: 20_000 }).toBe(nameOf(userId));
}

describe('the support engineer flow in the extension', { timeout: 180_000 }, () => {
  beforeAll(async () => ({ server, ext } = await startExtensionPlatform({ apiKey: 'ai-demo-support', widget: true })), 300_000);
  afterAll(() => stopExtensionPlatform({ server, ext }));

  it('keeps the inspected user, the compared user, the tab and the open panel across reloads and page loads', async () => {
    const page = await ext.context.newPage();
    await signIn(page, server, ADMIN);
    const panel = await openShellPanel(page);
    await expect.poll(() => inspected(panel).textContent(), { timeout: 20_000 }).toBe(nameOf(ADMIN));
    await inspectAs(panel, CUSTOMER);
    await tab(panel, 'Compare').click();
    await panel.getByRole('combobox', { name: 'Other user' }).fill(emailOf(TECH));
    await panel.getByRole('listbox', { name: 'Other user: matching users' }).getByRole('option').first().click();
    await panel.locator('[data-compare-assets]').waitFor();

    await page.reload();
    const again = panelOf(page);
    await again.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => inspected(again).textContent(), { timeout: 20_000 }).toBe(nameOf(CUSTOMER));
    expect(await again.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Compare');
    await expect.poll(() => again.locator('.compare .row strong').first().textContent(), { timeout: 20_000 }).toBe(nameOf(TECH));
    await shot(page, 'support-flow-after-reload');

    // Another full page load (an asset's page): the same person is inspected there.
    const assetId = server.store.snapshot().assets[0].id;
    await page.goto(`${server.url}/assets/${assetId}`);
    const onAsset = panelOf(page);
    await onAsset.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => inspected(onAsset).textContent(), { timeout: 20_000 }).toBe(nameOf(CUSTOMER));

    // The way back, and it is remembered too.
    await onAsset.getByRole('button', { name: 'Back to signed-in user' }).click();
    await expect.poll(() => inspected(onAsset).textContent(), { timeout: 20_000 }).toBe(nameOf(ADMIN));
    await page.reload();
    await panelOf(page).waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => inspected(panelOf(page)).textContent(), { timeout: 20_000 }).toBe(nameOf(ADMIN));

    // Closed stays closed.
    await panelOf(page).getByRole('button', { name: 'Close Access Inspector' }).click();
    await page.reload();
    await page.locator('access-inspector-shell .launcher').waitFor({ state: 'visible', timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await panelOf(page).isVisible()).toBe(false);
    await page.close();
  });

  it('a badge is a button: clicking it opens the panel on that asset’s explanation', async () => {
    const page = await ext.context.newPage();
    await signIn(page, server, ADMIN);
    const row = page.locator('tbody[data-ai-fleet-rows] tr[data-ai-asset-id]').nth(2);
    const assetId = (await row.getAttribute('data-ai-asset-id'))!;
    const badge = row.locator('[data-ai-badge] button');
    await expect
      .poll(() => row.locator('[data-ai-badge]').getAttribute('data-ai-effect'), { timeout: 20_000 })
      .toMatch(/^(full|read|hidden)$/);
    const before = page.url();
    await badge.click();
    const panel = panelOf(page);
    await panel.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await panel.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Assets');
    await expect.poll(() => panel.locator('.explanation').getAttribute('data-asset-id'), { timeout: 20_000 }).toBe(assetId);
    // The badge's click is its own: the row's link did not navigate.
    expect(page.url()).toBe(before);
    await shot(page, 'support-flow-badge-explains');
    await page.close();
  });

  it('says who can see the asset, grouped by effect and reason, and explains it for a user picked there', async () => {
    const page = await ext.context.newPage();
    const assetId = server.store.snapshot().assets[5].id;
    await signIn(page, server, ADMIN, `/assets/${assetId}`);
    const panel = await openShellPanel(page);
    await expect.poll(() => panel.locator('.explanation').getAttribute('data-asset-id'), { timeout: 20_000 }).toBe(assetId);
    await panel.getByRole('button', { name: 'Who can see this asset?' }).click();
    const counts = panel.locator('[data-who-can-see-counts]');
    await counts.waitFor({ timeout: 20_000 });
    const fleet = compileFleet(server.store.snapshot());
    const want = { full: 0, read: 0, hidden: 0 };
    for (const u of server.store.snapshot().users) want[explainAsset(fleet, u.id, assetId).effect]++;
    for (const e of ['full', 'read', 'hidden'] as const)
      expect(Number(await counts.locator(`[data-count="${e}"]`).textContent())).toBe(want[e]);
    await panel.getByRole('searchbox', { name: 'Find a user' }).fill(emailOf(CUSTOMER));
    await expect.poll(() => panel.locator('.who-can-see [data-user-id]').count()).toBe(1);
    await shot(page, 'support-flow-who-can-see');
    await panel.getByRole('button', { name: `Explain for ${nameOf(CUSTOMER)}` }).click();
    await expect.poll(() => inspected(panel).textContent(), { timeout: 20_000 }).toBe(nameOf(CUSTOMER));
    await expect
      .poll(() => panel.locator('.explanation strong.effect').textContent(), { timeout: 20_000 })
      .toBe({ full: 'Full access (read and write)', read: 'Read only', hidden: 'Hidden' }[explainAsset(fleet, CUSTOMER, assetId).effect]);
    await page.close();
  });

  it('a shared link reopens the same answer: asset A for user U, and a comparison', async () => {
    const page = await ext.context.newPage();
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const assetId = server.store.snapshot().assets[7].id;
    await signIn(page, server, ADMIN, `/assets/${assetId}`);
    const panel = await openShellPanel(page);
    await inspectAs(panel, CUSTOMER);
    await expect.poll(() => panel.locator('.explanation').getAttribute('data-asset-id'), { timeout: 20_000 }).toBe(assetId);
    await panel.locator('[data-share="explanation"] [data-copy="link"]').click();
    await expect.poll(() => panel.locator('[data-share="explanation"] [role="status"]').textContent()).toBe('Link copied.');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('#access-inspector?');
    await panel.locator('[data-share="explanation"] [data-copy="markdown"]').click();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    expect(markdown).toContain(`for ${nameOf(CUSTOMER)}`);
    expect(markdown).toMatch(/\*\*Data as of:\*\* \d{4}-/);
    await page.close();

    // Someone else opens the link (here: a fresh tab signed in as the admin, inspecting the admin).
    const other = await ext.context.newPage();
    await signIn(other, server, ADMIN);
    await openShellPanel(other);
    // A new tab in the same browser session starts with the signed-in user: the link has work to do.
    await expect.poll(() => inspected(panelOf(other)).textContent(), { timeout: 20_000 }).toBe(nameOf(ADMIN));
    await other.goto(link);
    const reopened = panelOf(other);
    await reopened.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => inspected(reopened).textContent(), { timeout: 20_000 }).toBe(nameOf(CUSTOMER));
    await expect.poll(() => reopened.locator('.explanation').getAttribute('data-asset-id'), { timeout: 20_000 }).toBe(assetId);
    // Beside the answer: how old its data is.
    expect(await reopened.locator('[data-freshness]').textContent()).toMatch(/^Data as of (just now|\d+ minutes? ago)$/);
    // The fragment is used once: the address bar no longer carries it.
    expect(new URL(other.url()).hash).toBe('');
    await shot(other, 'support-flow-shared-link');

    await other.goto(`${server.url}/fleet#access-inspector?user=${CUSTOMER}&compare=${TECH}`);
    const compared = panelOf(other);
    await compared.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => compared.locator('[role="tab"][aria-selected="true"]').textContent(), { timeout: 20_000 }).toBe('Compare');
    await expect.poll(() => compared.locator('.compare .row strong').first().textContent(), { timeout: 20_000 }).toBe(nameOf(TECH));
    await expect.poll(() => inspected(compared).textContent(), { timeout: 20_000 }).toBe(nameOf(CUSTOMER));
    await other.close();
  });

  it('fits the page: the tabs stay in one row at 460 px, and the panel is usable in a 400 px wide window', async () => {
    const page = await ext.context.newPage();
    await signIn(page, server, ADMIN);
    for (const width of [1280, 400]) {
      await page.setViewportSize({ width, height: 800 });
      const panel = (await panelOf(page).isVisible()) ? panelOf(page) : await openShellPanel(page);
      const list = panel.locator('[role="tablist"]');
      const tabBox = (await panel.locator('[role="tab"]').first().boundingBox())!;
      const listBox = (await list.boundingBox())!;
      // One row: the list is no taller than one tab (plus its border and a thin scrollbar).
      expect(listBox.height).toBeLessThan(tabBox.height * 1.6);
      const panelBox = (await panel.boundingBox())!;
      expect(panelBox.x).toBeGreaterThanOrEqual(0);
      expect(panelBox.x + panelBox.width).toBeLessThanOrEqual(width);
      // The last tab can be reached and opened: it scrolls into view when selected.
      await panel.locator('[role="tab"]').first().focus();
      await page.keyboard.press('End');
      const last = panel.locator('[role="tab"]').last();
      await expect.poll(() => last.getAttribute('aria-selected')).toBe('true');
      const lastBox = (await last.boundingBox())!;
      expect(lastBox.x + lastBox.width).toBeLessThanOrEqual(listBox.x + listBox.width + 1);
      await shot(page, `support-flow-panel-${width}px`);
      await page.keyboard.press('Home');
    }
    await page.close();
  });
});
