// Journey 2 in Debian's Chromium, with the embedded widget on the demo platform: a Quote Manager opens the
// registrations page, sees each registrant with organization, suggested role, the roles they may give and why not
// the others, and verifies one — through the platform's API, which enforces R6/R8; the change comes back through
// sync and the queue (in the panel and on the page) shrinks. A registration someone else verified meanwhile is
// refused with the platform's reason. On user administration, the invitation helper shows R7.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { compileFleet, invitation, verifyQueue } from '../../core/engine';
import type { User } from '../../core/model/snapshot';
import type { RunningDemoServer } from '../../demo/server';
import { openWidget, shot, signIn } from './journeys-helpers';
import { startWidgetPlatform, stopWidgetPlatform } from './support/widget-platform';

const QM = 'u-quinn-qm';
let server: RunningDemoServer;
let browser: { context: BrowserContext; close(): Promise<void> };

describe('journey: Quote Manager — verify registrations, invite', { timeout: 180_000 }, () => {
  beforeAll(async () => ({ server, browser } = await startWidgetPlatform()), 300_000);
  afterAll(() => stopWidgetPlatform({ server, browser }));

  it('verifies a registrant with the suggested role; the platform enforces the rules and the synced change empties that row', async () => {
    const queue = verifyQueue(compileFleet(server.store.snapshot()), QM).pending;
    expect(queue.length).toBeGreaterThanOrEqual(2);
    const [first, second] = queue;
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, server, QM, '/registrations');
    expect(await page.locator('[data-ai-registrant-id]').count()).toBe(queue.length);
    const panel = await openWidget(page, server, QM);
    await expect.poll(() => panel.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Verify');

    const row = panel.locator(`[data-registrant-id="${first.userId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-suggested-role]').getAttribute('data-suggested-role')).toBe(first.suggestedRoleId);
    const options = await row.locator('select option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options).toEqual(first.allowedRoleIds);
    await row.locator('details summary').click();
    await expect.poll(() => row.locator('details [data-role-id]').count()).toBeGreaterThan(0);
    await shot(page, 'verify-queue');

    await row.getByRole('button', { name: 'Verify' }).click();
    // The platform assigned the role and activated the user…
    await expect.poll(() => (server.store.get('users', first.userId) as User).status, { timeout: 20_000 }).toBe('active');
    expect((server.store.get('users', first.userId) as User).systemRoleId).toBe(first.suggestedRoleId);
    // …and after the sync the panel's queue no longer lists them.
    await expect.poll(() => panel.locator(`[data-registrant-id="${first.userId}"]`).count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => panel.getByRole('status').first().textContent()).toContain('is verified as');
    await shot(page, 'verify-done');

    // Someone else verifies the second registrant first: the platform refuses, and the panel says why.
    server.store.put('users', {
      ...(server.store.get('users', second.userId) as User),
      systemRoleId: second.suggestedRoleId,
      status: 'active',
    });
    const other = panel.locator(`[data-registrant-id="${second.userId}"]`);
    await other.getByRole('button', { name: 'Verify' }).click();
    // The refusal (409) is said, and it refreshes what it concerns: after the sync the registrant has left the
    // queue (no stale row with a live Verify button), the platform's reason still on screen above it.
    await expect.poll(() => panel.locator('[data-verify-error]').first().textContent(), { timeout: 20_000 }).toContain('already verified');
    await shot(page, 'verify-refused');
    await expect.poll(() => panel.locator(`[data-registrant-id="${second.userId}"]`).count(), { timeout: 30_000 }).toBe(0);
    expect(await panel.locator('[data-verify-error]').first().textContent()).toContain('already verified');

    await page.reload();
    expect(await page.locator(`[data-ai-registrant-id="${first.userId}"]`).count()).toBe(0);
    await page.close();
  });

  it('shows the invitation helper on user administration: default role, alternatives and why not the others', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, server, QM, '/users');
    const panel = await openWidget(page, server, QM);
    await expect.poll(() => panel.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Invite');
    const qm = server.store.get('users', QM) as User;
    const fleet = compileFleet(server.store.snapshot());
    // The Quote Manager's own customer center: their own role is the default there (the one same-level grant).
    const org = server.store.snapshot().organizations.find((o) => o.id === qm.organizationId)!;
    await panel.getByLabel('Find organization').fill(org.name);
    const select = panel.getByLabel('Organization', { exact: true });
    await expect.poll(() => select.locator(`option[value="${org.id}"]`).count()).toBe(1);
    await select.selectOption(org.id);
    const expected = invitation(fleet, QM, org.id);
    expect(expected.defaultRoleId).toBe('internalAdminCC');
    await expect.poll(() => panel.locator('[data-default-role]').getAttribute('data-default-role')).toBe(expected.defaultRoleId);
    expect(await panel.locator('[data-allowed-roles] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-role-id')))).toEqual(
      expected.allowedRoleIds,
    );
    await panel.locator('[data-invitation] details summary').click();
    await expect.poll(() => panel.locator('[data-denied-roles] li').count()).toBeGreaterThan(0);
    await shot(page, 'invite');
    await page.close();
  });
});
