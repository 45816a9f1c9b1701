// Journey 3 in Debian's Chromium, with the embedded widget on the demo platform: view the live page as another user
// (or as a project role). Rows they cannot see are dimmed or hidden, menu items they lack hidden, names and redacted
// ticket assets masked, under a banner saying whose view it is; it follows the fleet's single-page navigation, and
// turning it off leaves the page's HTML exactly as the page itself would have it.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { compileFleet, explainAsset, explainTicket, projectFeatures } from '../../core/engine';
import type { RunningDemoServer } from '../../demo/server';
import { openWidget, shot, signIn, tab } from './journeys-helpers';
import { startWidgetPlatform, stopWidgetPlatform } from './support/widget-platform';

const ADMIN = 'u-gina-admin';
const CUSTOMER = 'u-cora-customer';
const EXPERT = 'u-eli-expert';
let server: RunningDemoServer;
let browser: { context: BrowserContext; close(): Promise<void> };

const html = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);

async function viewAs(page: Page, panel: Locator, userId: string, mode: 'Dim' | 'Hide'): Promise<void> {
  const email = (server.store.get('users', userId) as { email: string }).email;
  await tab(panel, 'View as').click();
  await panel.getByRole('combobox', { name: 'Another user' }).fill(email);
  await panel.getByRole('listbox', { name: 'Another user: matching users' }).getByRole('option').first().click();
  await panel.getByLabel(mode, { exact: true }).check();
  await panel.locator('[data-overlay-toggle]').click();
  await page.locator('[data-ai-overlay-banner]').waitFor();
  await expect.poll(() => panel.locator('[data-overlay-stats]').count(), { timeout: 20_000 }).toBe(1);
}

/** The widget with badges on (the demo pages embed it without): rewrites the `<access-inspector>` of every page load. */
async function withBadges(page: Page): Promise<void> {
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document' || route.request().method() !== 'GET') return route.fallback();
    const res = await route.fetch({ maxRedirects: 0 });
    await route.fulfill({ response: res, body: (await res.text()).replace('<access-inspector>', '<access-inspector badges>') });
  });
}

/** Screenshots of this test go to the system's temporary directory, never into tracked files. */
async function tmpShot(page: Page, name: string): Promise<string> {
  const path = join(tmpdir(), `ai-journey-${name}.png`);
  await page.screenshot({ path, caret: 'initial' });
  return path;
}

/** Asset rows of the fleet page and whether each is marked. */
const fleetRows = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('tbody[data-ai-fleet-rows] tr[data-ai-asset-id]')].map((r) => ({
      id: r.getAttribute('data-ai-asset-id')!,
      mark: r.getAttribute('data-ai-overlay'),
    })),
  );

describe('journey: view the page as a user or a role', { timeout: 180_000 }, () => {
  beforeAll(async () => ({ server, browser } = await startWidgetPlatform()), 300_000);
  afterAll(() => stopWidgetPlatform({ server, browser }));

  it('on the fleet: hides what the customer cannot see, follows single-page navigation, and off restores the page exactly', async () => {
    const page = await browser.context.newPage();
    // The fleet narrowed to the customer's project: some rows they see, some they do not.
    const project = server.store.snapshot().memberships.find((m) => m.userId === CUSTOMER)!.projectId;
    await signIn(page, server, ADMIN, `/fleet?project=${encodeURIComponent(project)}`);
    const panel = await openWidget(page, server, ADMIN);
    const fleet = compileFleet(server.store.snapshot());
    const before = await html(page);

    await viewAs(page, panel, CUSTOMER, 'Dim');
    const rows = await fleetRows(page);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r.mark, r.id).toBe(explainAsset(fleet, CUSTOMER, r.id).effect === 'hidden' ? 'dim' : null);
    expect(rows.some((r) => r.mark === null)).toBe(true);
    expect(rows.some((r) => r.mark === 'dim')).toBe(true);
    const projectId = (await page.locator('body').getAttribute('data-ai-project-id'))!;
    const lacking = projectFeatures(fleet, CUSTOMER, projectId)
      .menu.filter((m) => !m.visible)
      .map((m) => m.groupId);
    const menu = await page.evaluate(() =>
      [...document.querySelectorAll('[data-ai-menu-group]')].map((a) => ({
        g: a.getAttribute('data-ai-menu-group')!,
        mark: a.getAttribute('data-ai-overlay'),
      })),
    );
    for (const m of menu) expect(m.mark, m.g).toBe(lacking.includes(m.g) ? 'dim' : null);
    const customerName = (server.store.get('users', CUSTOMER) as { name: string }).name;
    expect(await page.locator('[data-ai-overlay-banner]').textContent()).toBe('');
    expect(await page.locator('[data-ai-overlay-banner] strong').textContent()).toContain(`Viewing this page as «${customerName}»`);
    await panel.getByRole('button', { name: 'Close' }).click();
    await shot(page, 'overlay-fleet');

    // Off from the banner: the page is byte for byte what it was.
    await page.locator('[data-ai-overlay-banner] button').click();
    expect(await html(page)).toBe(before);
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);

    // On again (hide), then the page's own single-page navigation replaces the rows: the new ones are followed.
    await page.locator('access-inspector .launcher').click();
    await panel.locator('[data-overlay-toggle]').waitFor();
    await panel.getByLabel('Hide', { exact: true }).check();
    await panel.locator('[data-overlay-toggle]').click();
    await expect.poll(async () => (await fleetRows(page)).some((r) => r.mark === 'hide'), { timeout: 20_000 }).toBe(true);
    const firstIds = (await fleetRows(page)).map((r) => r.id);
    // The panel closes (the overlay stays on) so the page's own pager can be clicked.
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.locator('[data-ai-fleet-pager] a[rel="next"]').click();
    await expect.poll(async () => (await fleetRows(page))[0]?.id, { timeout: 20_000 }).not.toBe(firstIds[0]);
    await expect
      .poll(
        async () =>
          (await fleetRows(page)).every((r) => r.mark === (explainAsset(fleet, CUSTOMER, r.id).effect === 'hidden' ? 'hide' : null)),
        { timeout: 20_000 },
      )
      .toBe(true);
    await shot(page, 'overlay-fleet-hide-page-2');
    await page.locator('access-inspector .launcher').click();
    await panel.locator('[data-overlay-toggle]').click();

    // The same navigation in a tab that never had the overlay gives the same page.
    const plain = await browser.context.newPage();
    await plain.goto(`${server.url}/fleet?project=${encodeURIComponent(project)}`);
    await plain.locator('[data-ai-fleet-pager] a[rel="next"]').click();
    await expect.poll(async () => (await fleetRows(plain))[0]?.id).toBe((await fleetRows(page))[0].id);
    const part = (p: Page) =>
      p.evaluate(() => `${document.querySelector('nav.menu')!.outerHTML}${document.querySelector('main')!.outerHTML}`);
    expect(await part(page)).toBe(await part(plain));
    expect(await page.locator('[data-ai-overlay], [data-ai-overlay-banner]').count()).toBe(0);
    await plain.close();
    await page.close();
  });

  it('on the tickets page: masks names and redacted asset names for a user with expert mode, and restores them', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, server, ADMIN, '/tickets');
    const panel = await openWidget(page, server, ADMIN);
    const fleet = compileFleet(server.store.snapshot());
    const before = await html(page);
    await viewAs(page, panel, EXPERT, 'Hide');
    const cells = await page.evaluate(() =>
      [...document.querySelectorAll('[data-ai-ticket-id]')].map((r) => ({
        id: r.getAttribute('data-ai-ticket-id')!,
        mark: r.getAttribute('data-ai-overlay'),
        asset: r.querySelector('[data-ai-asset-name-of]')?.textContent ?? null,
        assignee: r.querySelector('[data-ai-user-name-of]')?.textContent ?? null,
      })),
    );
    let redacted = 0;
    for (const c of cells) {
      const d = explainTicket(fleet, EXPERT, c.id);
      expect(c.mark, c.id).toBe(d.effect === 'hidden' ? 'hide' : null);
      if (d.effect === 'redacted' && c.asset !== null) {
        redacted++;
        expect(c.asset).toBe('Asset hidden');
      }
      if (d.effect !== 'hidden' && c.assignee !== null) expect(c.assignee).toBe(d.assigneeName ?? 'Name hidden');
    }
    expect(redacted).toBeGreaterThan(0);
    await panel.getByRole('button', { name: 'Close' }).click();
    await shot(page, 'overlay-tickets');
    await page.locator('[data-ai-overlay-banner] button').click();
    expect(await html(page)).toBe(before);
    await page.close();
  });

  it('as a customer, the whole page is hers: badges, access column, top bar and menu; the users page is covered, and off restores each page exactly', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await withBadges(page);
    const project = server.store.snapshot().memberships.find((m) => m.userId === CUSTOMER)!.projectId;
    await signIn(page, server, ADMIN, `/fleet?project=${encodeURIComponent(project)}`);
    // Once synced, load again: the widget badges rows from the data it has when the page loads.
    await openWidget(page, server, ADMIN);
    await page.reload();
    const panel = await openWidget(page, server, ADMIN);
    const fleet = compileFleet(server.store.snapshot());
    const rowFacts = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('tbody[data-ai-fleet-rows] tr[data-ai-asset-id]')].map((r) => ({
          id: r.getAttribute('data-ai-asset-id')!,
          mark: r.getAttribute('data-ai-overlay'),
          badge: r.querySelector('[data-ai-badge]')?.getAttribute('data-ai-effect') ?? null,
          access: r.querySelector('[data-ai-access-of]')!.textContent,
        })),
      );
    // The signed-in Global Admin's own badges first: every row full, "Edit".
    await expect
      .poll(async () => (await rowFacts()).every((r) => r.badge === 'full' && r.access === 'Edit'), { timeout: 20_000 })
      .toBe(true);
    const before = await html(page);

    // Hide: the screenshot then shows her rows only, with her badges and access words.
    await viewAs(page, panel, CUSTOMER, 'Hide');
    await panel.getByRole('button', { name: 'Close' }).click();
    const customer = server.store.get('users', CUSTOMER) as { name: string };
    const expected = (id: string) => explainAsset(fleet, CUSTOMER, id).effect;
    await expect.poll(async () => (await rowFacts()).every((r) => r.badge === expected(r.id)), { timeout: 20_000 }).toBe(true);
    const rows = await rowFacts();
    expect(rows.some((r) => expected(r.id) === 'read')).toBe(true);
    for (const r of rows) {
      // Her badge, her access words ("View only" where the admin's page says "Edit"), never the admin's green "full".
      expect(r.access, r.id).toBe(expected(r.id) === 'read' ? 'View only' : 'No access');
      expect(r.mark, r.id).toBe(expected(r.id) === 'hidden' ? 'hide' : null);
    }
    // The top bar names her and her role; the Administration menu is gone.
    expect(await page.locator('[data-ai-whoami] [data-ai-user-name-of]').textContent()).toBe(customer.name);
    expect(await page.locator('[data-ai-whoami-role]').textContent()).toBe(
      fleet.systemRoles[fleet.users[fleet.userIndex.get(CUSTOMER)!].systemRoleIdx].name,
    );
    const adminLinks = await page.locator('[data-ai-menu-admin]').all();
    expect(adminLinks.length).toBeGreaterThan(0); // else the loop below proves nothing
    for (const link of adminLinks) expect(await link.getAttribute('data-ai-overlay')).toBe('hide');
    expect(await page.locator('[data-ai-menu-heading="admin"]').isVisible()).toBe(false);
    console.log(`screenshot: ${await tmpShot(page, 'overlay-fleet-customer')}`);
    await page.locator('[data-ai-overlay-banner] button').click();
    expect(await html(page)).toBe(before);

    // The users page: a customer could not open it, so rows and e-mails are covered by a note saying so.
    await page.goto(`${server.url}/users`);
    const panel2 = await openWidget(page, server, ADMIN);
    const beforeUsers = await html(page);
    await viewAs(page, panel2, CUSTOMER, 'Dim');
    await panel2.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator('main[data-ai-content]').getAttribute('data-ai-overlay')).toBe('hide');
    expect(await page.locator('[data-ai-user-row]').first().isVisible()).toBe(false);
    const cover = page.locator('[data-ai-overlay-cover]');
    await expect.poll(() => cover.isVisible()).toBe(true);
    expect(await cover.locator('strong').textContent()).toBe(`«${customer.name}» could not open this page`);
    expect(await cover.locator('p').textContent()).toContain('Manage users');
    console.log(`screenshot: ${await tmpShot(page, 'overlay-users-customer')}`);
    await page.locator('[data-ai-overlay-banner] button').click();
    expect(await html(page)).toBe(beforeUsers);

    // An asset she may only read: "View only" and the page's Edit button disabled; off, the admin's page again.
    const readable = rows.find((r) => expected(r.id) === 'read')!.id;
    await page.goto(`${server.url}/assets/${encodeURIComponent(readable)}`);
    const panel3 = await openWidget(page, server, ADMIN);
    const edit = page.locator('[data-ai-edit-of]');
    expect(await edit.isEnabled()).toBe(true);
    const beforeAsset = await html(page);
    await viewAs(page, panel3, CUSTOMER, 'Dim');
    await panel3.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => edit.isEnabled()).toBe(false);
    expect(await page.locator('[data-ai-access-of]').textContent()).toBe('View only');
    console.log(`screenshot: ${await tmpShot(page, 'overlay-asset-customer')}`);
    await page.locator('[data-ai-overlay-banner] button').click();
    expect(await edit.isEnabled()).toBe(true);
    expect(await html(page)).toBe(beforeAsset);
    await page.close();
  });
});
