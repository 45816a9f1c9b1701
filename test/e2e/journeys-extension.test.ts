// The journeys through the browser extension: the same panel in the content script, whose data source is the
// background (extension messages, validated there). Compare and the page overlay ask the new data-source methods
// across that boundary; the answers match the engine, and the overlay restores the page exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { compileFleet, diffAccess, explainAsset } from '../../core/engine';
import type { RunningDemoServer } from '../../demo/server';
import type { ExtensionBrowser } from './support/browser';
import { openShellPanel, startExtensionPlatform, stopExtensionPlatform } from './support/extension-setup';
import { shot, signIn, tab } from './journeys-helpers';

const ADMIN = 'u-gina-admin';
const CUSTOMER = 'u-cora-customer';
const TECH = 'u-tara-tech';
let server: RunningDemoServer;
let ext: ExtensionBrowser;

async function openPanel(page: Page) {
  const panel = await openShellPanel(page);
  const name = (server.store.get('users', ADMIN) as { name: string }).name;
  await expect.poll(() => panel.locator('.inspecting strong').textContent(), { timeout: 20_000 }).toBe(name);
  return panel;
}

describe('journeys in the extension', { timeout: 180_000 }, () => {
  beforeAll(async () => ({ server, ext } = await startExtensionPlatform({ apiKey: 'ai-demo-support', widget: true })), 300_000);
  afterAll(() => stopExtensionPlatform({ server, ext }));

  it('compares two users through the background, as the engine does', async () => {
    const page = await ext.context.newPage();
    await signIn(page, server, ADMIN);
    const panel = await openPanel(page);
    const tech = server.store.get('users', TECH) as { email: string };
    const customer = server.store.get('users', CUSTOMER) as { email: string };
    await panel.getByRole('combobox', { name: 'Inspect as' }).fill(customer.email);
    await panel.getByRole('listbox', { name: 'Matching users' }).getByRole('option').first().click();
    await tab(panel, 'Compare').click();
    await panel.getByRole('combobox', { name: 'Other user' }).fill(tech.email);
    await panel.getByRole('listbox', { name: 'Other user: matching users' }).getByRole('option').first().click();
    const d = diffAccess(compileFleet(server.store.snapshot()), CUSTOMER, { asUserId: TECH });
    await expect
      .poll(() => panel.locator('[data-compare-assets] strong').textContent(), { timeout: 20_000 })
      .toBe(d.changes.length.toLocaleString('en'));
    await panel.getByRole('button', { name: 'Show all changed assets' }).click();
    await expect.poll(() => panel.locator('[data-change-list] li').first().getAttribute('data-asset-id')).toBe(d.changes[0].assetId);
    await page.close();
  });

  it('views the page as the customer from the content script, and turning it off restores the page exactly', async () => {
    const page = await ext.context.newPage();
    await signIn(page, server, ADMIN);
    const panel = await openPanel(page);
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    const customer = server.store.get('users', CUSTOMER) as { email: string };
    await tab(panel, 'View as').click();
    await panel.getByRole('combobox', { name: 'Another user' }).fill(customer.email);
    await panel.getByRole('listbox', { name: 'Another user: matching users' }).getByRole('option').first().click();
    await panel.locator('[data-overlay-toggle]').click();
    await page.locator('[data-ai-overlay-banner]').waitFor();
    const fleet = compileFleet(server.store.snapshot());
    await expect
      .poll(
        async () => {
          const rows = await page.evaluate(() =>
            [...document.querySelectorAll('tbody[data-ai-fleet-rows] tr[data-ai-asset-id]')].map((r) => [
              r.getAttribute('data-ai-asset-id')!,
              r.getAttribute('data-ai-overlay'),
            ]),
          );
          return (
            rows.length > 0 && rows.every(([id, mark]) => mark === (explainAsset(fleet, CUSTOMER, id!).effect === 'hidden' ? 'dim' : null))
          );
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await shot(page, 'extension-overlay');
    await panel.locator('[data-overlay-toggle]').click();
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    await page.close();
  });
});
