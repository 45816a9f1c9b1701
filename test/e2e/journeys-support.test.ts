// Journey 1 in Debian's Chromium, with the embedded widget on the demo platform: a support engineer (signed in as
// a Global Admin) inspects a customer and compares them with a technician and with a draft role; then inspects the
// technician, copies an asset's explanation as text for a ticket, and exports the snapshot (which the CLI's parser
// accepts) and the technician's access report (CSV).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { compileFleet, diffAccess } from '../../core/engine';
import { explainAsset } from '../engine/worded';
import { parseSnapshot } from '../../core/model/validate';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { launchPlain } from './support/browser';
import { ensureBuilt } from './support/build';
import { openWidget, shot, signIn, tab } from './journeys-helpers';

const ADMIN = 'u-gina-admin';
const CUSTOMER = 'u-cora-customer';
const TECH = 'u-tara-tech';

let server: RunningDemoServer;
const userOf = (id: string) => server.store.get('users', id) as { name: string; email: string };
let browser: { context: BrowserContext; close(): Promise<void> };

describe('journey: support engineer — inspect, compare, explain, export', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ widget: true });
    server = await startDemoServer({ seed: 1, assets: 2000 });
    browser = await launchPlain();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('compares the inspected customer with a technician and with a draft role: summary first, then a paged list', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, server, ADMIN);
    const panel = await openWidget(page, server, ADMIN);

    // Inspect as the customer: every tab follows.
    await panel.getByRole('combobox', { name: 'Inspect as' }).fill(userOf(CUSTOMER).email);
    await panel.getByRole('listbox', { name: 'Matching users' }).getByRole('option').first().click();
    await expect.poll(() => panel.locator('.inspecting strong').textContent()).toBe(userOf(CUSTOMER).name);

    await tab(panel, 'Compare').click();
    await panel.getByRole('combobox', { name: 'Other user' }).fill(userOf(TECH).email);
    await panel.getByRole('listbox', { name: 'Other user: matching users' }).getByRole('option').first().click();
    const fleet = compileFleet(server.store.snapshot());
    const d = diffAccess(fleet, CUSTOMER, { asUserId: TECH });
    const summary = panel.locator('[data-compare-summary]');
    await expect
      .poll(() => summary.locator('[data-compare-assets] strong').textContent(), { timeout: 20_000 })
      .toBe(d.changes.length.toLocaleString('en'));
    await shot(page, 'compare-users');

    await panel.getByRole('button', { name: 'Show all changed assets' }).click();
    const items = panel.locator('[data-change-list] li');
    await expect.poll(() => items.count()).toBe(Math.min(50, d.changes.length));
    expect(await items.first().getAttribute('data-asset-id')).toBe(d.changes[0].assetId);
    await panel.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => items.first().getAttribute('data-asset-id')).toBe(d.changes[50].assetId);

    // A draft role built from the customer's own role, with one more tag readable.
    await panel.getByLabel('A draft role').check();
    const from = panel.getByLabel('Start from');
    const projectRoleId = server.store.snapshot().memberships.find((m) => m.userId === CUSTOMER)!.projectRoleId;
    await from.selectOption(projectRoleId);
    await panel.getByLabel('Add tag').fill('dryer');
    await panel.getByRole('button', { name: 'Add with read' }).click();
    await expect.poll(() => panel.getByLabel('Tag dryer: read').isChecked()).toBe(true);
    await panel.getByLabel('Tag dryer: write').check();
    await expect.poll(() => panel.getByLabel('Tag dryer: read').isChecked()).toBe(true);
    await expect.poll(() => summary.locator('h3').textContent(), { timeout: 20_000 }).toContain('draft role');
    const role = server.store.snapshot().projectRoles.find((r) => r.id === projectRoleId)!;
    const draft = {
      ...role,
      id: 'draft',
      tags: [...role.tags.filter((t) => t.tag !== 'dryer'), { tag: 'dryer', read: true, write: true }],
    };
    const dd = diffAccess(fleet, CUSTOMER, {
      asDraftRole: draft,
      projectId: (await page.locator('body').getAttribute('data-ai-project-id'))!,
    });
    await expect
      .poll(() => summary.locator('[data-compare-assets] strong').textContent(), { timeout: 20_000 })
      .toBe(dd.changes.length.toLocaleString('en'));
    await summary.scrollIntoViewIfNeeded();
    await shot(page, 'compare-draft-role');
    await page.close();
  });

  it('copies an asset’s reason chain and flips as plain text, and exports the snapshot and the access report', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, server, ADMIN);
    const fleet = compileFleet(server.store.snapshot());
    // An asset the technician cannot see but one change would show them, opened by the support engineer.
    const hidden = server.store
      .snapshot()
      .assets.find((a) => explainAsset(fleet, TECH, a.id).effect === 'hidden' && explainAsset(fleet, TECH, a.id).flips.length > 0)!;
    await page.goto(`${server.url}/assets/${encodeURIComponent(hidden.id)}`);
    const panel = await openWidget(page, server, ADMIN);
    await panel.getByRole('combobox', { name: 'Inspect as' }).fill(userOf(TECH).email);
    await panel.getByRole('listbox', { name: 'Matching users' }).getByRole('option').first().click();
    await expect.poll(() => panel.locator('.inspecting strong').textContent()).toBe(userOf(TECH).name);
    await tab(panel, 'Explain & export').click();
    await panel.locator('[data-copy-explanation]').click();
    await expect.poll(() => panel.getByRole('status').first().textContent()).toContain('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const e = explainAsset(fleet, TECH, hidden.id);
    expect(copied.split('\n')[0]).toBe(
      `Access Inspector: why ${userOf(TECH).name} (${TECH}) has this access to asset ${hidden.name} (${hidden.id})`,
    );
    for (const s of e.steps) expect(copied).toContain(`${s.message} (${s.code})`);
    for (const f of e.flips) expect(copied).toContain(`${f.message}`);
    await shot(page, 'explain-copy');

    const [snapshotDownload] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-export="snapshot"]').click()]);
    expect(snapshotDownload.suggestedFilename()).toMatch(/^access-inspector-snapshot-.*\.json$/);
    const text = readFileSync((await snapshotDownload.path())!, 'utf8');
    const parsed = parseSnapshot(JSON.parse(text));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.assets.length).toBe(server.store.snapshot().assets.length);
    for (const key of Object.keys(server.apiKeys)) expect(text).not.toContain(key);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-export="report"]').click()]);
    expect(csvDownload.suggestedFilename()).toMatch(new RegExp(`^access-report-${TECH}-.*\\.csv$`));
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toBe('"Asset id","Asset name","Effect","Reason code","First reason"');
    expect(lines).toHaveLength(1 + server.store.snapshot().assets.length);
    expect(lines.find((l) => l.startsWith(`"${hidden.id}",`))).toMatch(new RegExp(`^"${hidden.id}","","hidden",`));
    await expect.poll(() => panel.locator('.exports [role="status"]').textContent()).toContain('Downloaded');
    await panel.locator('.exports').scrollIntoViewIfNeeded();
    await shot(page, 'export');
    await page.close();
  });
});
