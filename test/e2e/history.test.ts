// Issue 18 in a real browser: the widget on the demo platform. A role the technician holds loses a tag grant at a
// chosen past moment (the demo's clock moved back, the edit made through the project-roles API), the widget syncs,
// and the panel's History view names that change, with its time, as the cause of the assets he lost; "as of" before
// the change shows the old effect, and Back to now the new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER, API_PREFIX, HistoryPageSchema } from '../../core/api/contract';
import { roleVersion } from '../../core/engine/role-edit';
import type { ProjectRole, Snapshot } from '../../core/model/snapshot';
import { createDirectSource } from '../../core/source/direct-source';
import { CONTROL_HEADER } from '../../demo/control';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { launchPlain, screenshot } from './support/browser';
import { ensureBuilt } from './support/build';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: RunningDemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;

const control = (path: string, body: unknown) =>
  fetch(`${server.url}/__demo${path}`, {
    method: 'POST',
    headers: { [CONTROL_HEADER]: server.controlToken, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const hiddenCount = async (snapshot: Snapshot, userId: string) =>
  (await createDirectSource({ snapshot }).assetPage({ userId, effect: 'hidden', limit: 1 })).total;

/** A role the user holds that, losing its first tag grant, hides some of the user's assets: the role and its edit. */
async function roleToNarrow(snapshot: Snapshot, userId: string): Promise<{ before: ProjectRole; after: ProjectRole; lost: number }> {
  const hiddenNow = await hiddenCount(snapshot, userId);
  for (const m of snapshot.memberships.filter((x) => x.userId === userId)) {
    const before = snapshot.projectRoles.find((r) => r.id === m.projectRoleId);
    // At least one tag grant must stay: a role with none has no tag restriction at all.
    if (!before || before.tags.length < 2) continue;
    const after: ProjectRole = { ...before, tags: before.tags.slice(1) };
    const lost =
      (await hiddenCount({ ...snapshot, projectRoles: snapshot.projectRoles.map((r) => (r.id === before.id ? after : r)) }, userId)) -
      hiddenNow;
    if (lost > 0) return { before, after, lost };
  }
  throw new Error(`no role of ${userId} hides anything when a tag grant goes: pick another user or seed`);
}

describe('access over time in the panel', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ widget: true });
    // The dataset starts three days ago, so a change can be made "two days ago" inside the history.
    server = await startDemoServer({ seed: 1, assets: 2000, clockOffsetMs: -3 * DAY });
    browser = await launchPlain();
  }, 300_000);

  afterAll(async () => {
    await control('/clock', { offsetMs: 0 }).catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('the History view names a role change as the cause of the assets lost, with its time; as of before it shows the old effect', async () => {
    const userId = server.apiKeys['ai-demo-technician'];
    const user = server.store.get('users', userId) as { name: string };
    const { before, after, lost } = await roleToNarrow(server.store.snapshot(), userId);

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${server.url}/login`);
    await page.locator(`[data-ai-login-user="${userId}"]`).first().click();
    await page.waitForURL(/\/fleet/);
    await page.locator('access-inspector .launcher').click();
    const panel = page.locator('access-inspector .ai-panel');
    await expect.poll(() => panel.locator('.inspecting').textContent(), { timeout: 30_000 }).toContain(user.name);
    // The first sync is done (data synced, the history started) before the change is made.
    await expect.poll(() => panel.locator('[data-freshness]').textContent(), { timeout: 30_000 }).toMatch(/Data as of/);

    // Two days ago, a global admin took one of the role's tag grants away (the demo's project-roles API, its clock moved back).
    await control('/clock', { offsetMs: -2 * DAY });
    const editor = Object.entries(server.apiKeys).find(([key]) => key === 'ai-demo-globalAdmin')![0];
    const put = await fetch(`${server.url}${API_PREFIX}/project-roles/${encodeURIComponent(before.id)}`, {
      method: 'PUT',
      headers: { [API_KEY_HEADER]: editor, 'Content-Type': 'application/json', 'If-Match': `"${roleVersion(before)}"` },
      body: JSON.stringify(after),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    await control('/clock', { offsetMs: 0 });
    // The change's time as the platform serves it (its history endpoint).
    const served = HistoryPageSchema.parse(
      await (await fetch(`${server.url}${API_PREFIX}/history`, { headers: { [API_KEY_HEADER]: editor } })).json(),
    );
    const changedAt = served.entries.filter((e) => e.collection === 'projectRoles' && e.key === before.id).pop()!.at;
    expect(Date.now() - Date.parse(changedAt)).toBeGreaterThan(2 * DAY - HOUR);

    // Sync now, then the History view.
    await panel.getByRole('tab', { name: 'Sync' }).click();
    await panel.getByRole('button', { name: 'Refresh now' }).click();
    await panel.getByRole('tab', { name: 'History' }).click();
    const event = panel.locator(`[data-event-at="${changedAt}"]`);
    await event.waitFor({ state: 'visible', timeout: 60_000 });
    const eventText = (await event.textContent())!;
    expect(eventText).toContain(`role «${before.name}» lost`);
    expect(eventText).toContain(`«${before.tags[0].tag}»`);
    expect(eventText).toContain(`(by ${(server.store.get('users', server.apiKeys[editor]) as { name: string }).name})`);
    expect(eventText).toMatch(/→ .*hidden/);
    // The time, in the browser's zone, as the panel shows every moment.
    const shownTime = await page.evaluate(
      (t) =>
        new Intl.DateTimeFormat('en-GB', {
          day: 'numeric',
          month: 'short',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          timeZoneName: 'short',
        }).format(Date.parse(t)),
      changedAt,
    );
    expect(await event.locator('time').textContent()).toBe(shownTime);
    await event.getByRole('button', { name: `Show the assets (0 gained, ${lost.toLocaleString('en')} lost)` }).click();
    const firstAsset = event.locator('.history-assets [data-asset-id]').first();
    await expect.poll(() => firstAsset.textContent(), { timeout: 20_000 }).toContain('now hidden');
    await screenshot(page, 'history-timeline');

    // That asset, explained: hidden now; as of before the change, the effect it had.
    await firstAsset.getByRole('button').click();
    const effect = panel.locator('.explanation .effect').first();
    await expect.poll(() => effect.textContent(), { timeout: 20_000 }).toBe('Hidden');
    await expect
      .poll(() => panel.locator('[data-since-when]').textContent(), { timeout: 20_000 })
      .toContain(`Hidden since ${shownTime} — role «${before.name}»`);
    await panel.getByRole('button', { name: 'As of a past moment…' }).click();
    // The history's start (a day before the change): a preset, since the panel takes only the browser's own (trusted)
    // events and Playwright's fill of a date input is a script's.
    await panel.getByRole('button', { name: 'Start of the history' }).click();
    const banner = panel.locator('[data-as-of-banner]');
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await banner.textContent()).toMatch(/Answers as of .* — not now/);
    await expect.poll(() => effect.textContent(), { timeout: 20_000 }).toBe('Full access (read and write)');
    await screenshot(page, 'history-as-of');
    await banner.getByRole('button', { name: 'Back to now' }).click();
    await expect.poll(() => effect.textContent(), { timeout: 20_000 }).toBe('Hidden');
    expect(await banner.count()).toBe(0);
    await page.close();
  });
});
