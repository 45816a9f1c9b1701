// Accessibility of the panel in Debian's Chromium (issue 16): axe-core finds no violation in any view of the panel,
// in the light and the dark colour scheme, nor on the rows the View-as overlay dims; opening the panel moves focus
// into it and Escape gives it back to the launcher. The widget on the demo platform is the host; one browser.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { RunningDemoServer } from '../../demo/server';
import { ROOT } from './support/build';
import { openWidget, signIn, tab } from './journeys-helpers';
import { startWidgetPlatform, stopWidgetPlatform } from './support/widget-platform';

const ADMIN = 'u-gina-admin';
const CUSTOMER = 'u-cora-customer';
const TECH = 'u-tara-tech';
const QM = 'u-quinn-qm';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'] as const;
let server: RunningDemoServer;
let browser: { context: BrowserContext; close(): Promise<void> };

interface Found {
  id: string;
  help: string;
  targets: string[];
}

/** Runs axe on `include` (a shadow-crossing selector list); the page's CSP does not apply to an evaluated source. */
async function violations(page: Page, include: string[]): Promise<Found[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> };
      }
    ).axe;
    const res = await axe.run({ include: [sel] }, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  }, include);
}

const report = (where: string, found: Found[]) =>
  found
    .map(
      (f) =>
        `${where}: ${f.id} (${f.help}) at ${f.targets.slice(0, 4).join(', ')}${f.targets.length > 4 ? ` and ${f.targets.length - 4} more` : ''}`,
    )
    .join('\n');

/** The focused element through the open shadow roots (the widget's, then the panel's): its tag and class or text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return 'nothing';
    return `${el.tagName} ${el.tagName === 'H1' ? el.textContent : el.className}`;
  });
}

const nameOf = (id: string) => (server.store.get('users', id) as { name: string }).name;
const emailOf = (id: string) => (server.store.get('users', id) as { email: string }).email;

async function tabNames(panel: Locator): Promise<string[]> {
  return panel.locator('[role="tab"]').allTextContents();
}

describe('accessibility of the panel', { timeout: 240_000 }, () => {
  beforeAll(async () => ({ server, browser } = await startWidgetPlatform()), 300_000);
  afterAll(() => stopWidgetPlatform({ server, browser }));

  it('moves focus into the panel when it opens and back to the launcher on Escape', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server, ADMIN);
    const panel = await openWidget(page, server, ADMIN);
    await expect.poll(() => focused(page)).toBe('H1 Access Inspector');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await expect.poll(() => focused(page)).toBe('BUTTON launcher');
    // The keyboard opens it again from there, and focus goes in again.
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'visible' });
    await expect.poll(() => focused(page)).toBe('H1 Access Inspector');
    await page.close();
  });

  it('docks the panel to the other side from its header and resizes it by its grip; both come back after a reload', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server, ADMIN);
    let panel = await openWidget(page, server, ADMIN);
    const slot = page.locator('access-inspector .slot');
    const box = async () => (await slot.boundingBox())!;
    const viewport = page.viewportSize()!;
    const before = await box();
    expect(before.x).toBeLessThan(viewport.width / 2);
    // Docked left, the grip is the bottom-right corner: drag it 120px to the right.
    await page.mouse.move(before.x + before.width - 3, before.y + before.height - 3);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width + 60, before.y + before.height - 3, { steps: 4 });
    await page.mouse.move(before.x + before.width + 117, before.y + before.height - 3, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await box()).width)).toBeGreaterThan(Math.round(before.width) + 100);
    const wider = Math.round((await box()).width);
    await panel.locator('[data-dock-toggle]').click();
    await expect.poll(async () => (await box()).x).toBeGreaterThan(viewport.width / 2);
    expect(await panel.locator('[data-dock-toggle]').textContent()).toBe('Dock left');
    await page.reload();
    panel = await openWidget(page, server, ADMIN);
    await expect.poll(async () => (await box()).x).toBeGreaterThan(viewport.width / 2);
    expect(Math.round((await box()).width)).toBe(wider);
    // Docked right the frame is an rtl box (grip on the left); the panel's text still reads left to right.
    expect(await panel.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    // Back to the left for the other tests of this browser.
    await panel.locator('[data-dock-toggle]').click();
    await expect.poll(async () => (await box()).x).toBeLessThan(viewport.width / 2);
    await page.close();
  });

  for (const scheme of SCHEMES) {
    it(`finds no axe violation in any view of the panel (${scheme})`, async () => {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, server, ADMIN);
      const panel = await openWidget(page, server, ADMIN);
      // The scheme reached the panel (its own colours, not only the page's).
      const dark = scheme === 'dark';
      expect(await panel.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(dark ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      const problems: string[] = [];
      const names = await tabNames(panel);
      expect(names.length).toBeGreaterThan(3);
      for (const name of names) {
        await tab(panel, name).click();
        await expect.poll(() => tab(panel, name).getAttribute('aria-selected')).toBe('true');
        await page.waitForTimeout(300);
        const found = await violations(page, ['access-inspector']);
        if (found.length) problems.push(report(`${scheme} / ${name}`, found));
      }
      expect(problems.join('\n')).toBe('');
      await page.close();
    });

    it(`finds no axe violation in an explanation, who-can-see, an open user list and a comparison (${scheme})`, async () => {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      const assetId = server.store.snapshot().assets[5].id;
      await signIn(page, server, ADMIN, `/assets/${assetId}`);
      const panel = await openWidget(page, server, ADMIN);
      const problems: string[] = [];
      const check = async (where: string) => {
        const found = await violations(page, ['access-inspector']);
        if (found.length) problems.push(report(`${scheme} / ${where}`, found));
      };
      await expect.poll(() => panel.locator('.explanation').getAttribute('data-asset-id'), { timeout: 20_000 }).toBe(assetId);
      await check('explanation');
      await panel.getByRole('button', { name: 'Who can see this asset?' }).click();
      await panel.locator('[data-who-can-see-counts]').waitFor({ timeout: 20_000 });
      await check('who can see');
      await panel.getByRole('searchbox', { name: 'Find a user' }).fill(emailOf(CUSTOMER));
      await expect.poll(() => panel.locator('.who-can-see [data-user-id]').count()).toBe(1);
      await check('who can see, searched');
      await panel.getByRole('combobox', { name: 'Inspect as' }).fill(emailOf(CUSTOMER));
      await panel.getByRole('listbox', { name: 'Matching users' }).getByRole('option').first().waitFor();
      await check('user list open');
      await panel.getByRole('listbox', { name: 'Matching users' }).getByRole('option').first().click();
      await expect.poll(() => panel.locator('.inspecting strong').textContent(), { timeout: 20_000 }).toBe(nameOf(CUSTOMER));
      await check('inspecting another user');
      await tab(panel, 'Compare').click();
      await panel.getByRole('combobox', { name: 'Other user' }).fill(emailOf(TECH));
      await panel.getByRole('listbox', { name: 'Other user: matching users' }).getByRole('option').first().click();
      await panel.locator('[data-compare-assets]').waitFor({ timeout: 20_000 });
      await check('comparison');
      expect(problems.join('\n')).toBe('');
      await page.close();
    });

    it(`finds no axe violation in the views of particular pages: Verify, Invite, Role impact (${scheme})`, async () => {
      const snap = server.store.snapshot();
      const holders = new Map<string, number>();
      for (const m of snap.memberships) holders.set(m.projectRoleId, (holders.get(m.projectRoleId) ?? 0) + 1);
      const role = [...snap.projectRoles].sort((a, b) => (holders.get(b.id) ?? 0) - (holders.get(a.id) ?? 0))[0];
      const pages = [
        { user: QM, path: '/registrations', tab: 'Verify' },
        { user: QM, path: '/users', tab: 'Invite' },
        {
          user: server.apiKeys['ai-demo-customerCenterOperations'],
          path: `/engineering/roles/${encodeURIComponent(role.id)}`,
          tab: 'Role impact',
        },
      ];
      const problems: string[] = [];
      for (const where of pages) {
        const page = await browser.context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        await signIn(page, server, where.user, where.path);
        const panel = await openWidget(page, server, where.user);
        await tab(panel, where.tab).click();
        await expect.poll(() => tab(panel, where.tab).getAttribute('aria-selected')).toBe('true');
        await page.waitForTimeout(500);
        const found = await violations(page, ['access-inspector']);
        if (found.length) problems.push(report(`${scheme} / ${where.tab}`, found));
        await page.close();
      }
      expect(problems.join('\n')).toBe('');
    });

    it(`keeps the popup's and the options page's colours readable (${scheme})`, async () => {
      // Their own stylesheets over markup with every class they use (the pages themselves need the extension's APIs).
      const css = (name: string) => readFileSync(join(ROOT, 'entrypoints', name, 'style.css'), 'utf8');
      const popup = `<header><h1>Access Inspector</h1><span class="state state-idle">idle</span></header>
        <span class="state state-syncing">syncing</span> <span class="state state-error">error</span> <span class="state">never</span>
        <p class="muted">https://platform.example</p><p class="warn">Not set up yet.</p><p class="error">Refused.</p>
        <dl class="facts"><dt>Signed in</dt><dd>Gina</dd></dl><table class="counts"><tr><th>Assets</th><td>2000</td></tr><tr><th>Users</th><td>40</td></tr></table>
        <ul class="errors"><li>one error</li></ul><div class="actions"><button>Sync now</button><button class="secondary">Open panel</button></div>`;
      const options = `<form><h1>Access Inspector</h1><p class="lead">Where your platform is.</p><label for="u">Base URL</label><input id="u" value="https://x.example">
        <small>The platform's address.</small><p class="field-error">Must start with https://</p>
        <div class="actions"><button type="button">Save</button><button type="button" class="secondary">Reset</button></div>
        <p class="notice ok">Saved.</p><p class="notice error">Failed.</p><p class="notice pending">Asking…</p>
        <details id="privacy" open><summary>Privacy</summary><pre class="privacy">Nothing leaves.</pre></details></form>`;
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      const problems: string[] = [];
      for (const [name, body] of [
        ['popup', popup],
        ['options', options],
      ] as const) {
        await page.setContent(
          `<!doctype html><html lang="en"><head><title>${name}</title><style>${css(name)}</style></head><body><main id="app">${body}</main></body></html>`,
        );
        // The scheme is followed: light text on a dark ground in dark, the other way round in light.
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).color)).toBe(
          scheme === 'dark' ? 'rgb(230, 237, 243)' : 'rgb(29, 35, 48)',
        );
        const found = await violations(page, ['body']);
        if (found.length) problems.push(report(`${scheme} / ${name}`, found));
      }
      expect(problems.join('\n')).toBe('');
      await page.close();
    });

    it(`finds no axe violation on the rows the View-as overlay dims (${scheme})`, async () => {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, server, ADMIN);
      const panel = await openWidget(page, server, ADMIN);
      await tab(panel, 'View as').click();
      await panel.getByRole('combobox', { name: 'Another user' }).fill(emailOf(CUSTOMER));
      await panel.getByRole('listbox', { name: 'Another user: matching users' }).getByRole('option').first().click();
      await panel.getByLabel('Dim', { exact: true }).check();
      await panel.locator('[data-overlay-toggle]').click();
      await page.locator('[data-ai-overlay-banner]').waitFor();
      await expect.poll(() => page.locator('tr[data-ai-overlay="dim"]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      const found = [...(await violations(page, ['tbody[data-ai-fleet-rows]'])), ...(await violations(page, ['[data-ai-overlay-banner]']))];
      expect(report(`${scheme} / overlay`, found)).toBe('');
      await page.close();
    });
  }
});
