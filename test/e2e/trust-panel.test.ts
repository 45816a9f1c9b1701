// Issue 11, item 3: nothing invisible blocks the page. The panel's hit area is the panel: its frame is as tall as
// the panel, the page under the rest stays clickable, the View-as banner's "Turn off" is never under the panel
// (docked on the banner's side), and Escape closes the panel and gives the keyboard back to the launcher.
// In Debian's Chromium, with the embeddable widget and with the extension (docked right, its default) on the demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { launchPlain, launchWithExtension, type ExtensionBrowser } from './support/browser';
import { ensureBuilt } from './support/build';
import { configureExtension } from './support/extension-setup';
import { openWidget, signIn, tab } from './journeys-helpers';

const ADMIN = 'u-gina-admin';
const CUSTOMER = 'u-cora-customer';
let server: RunningDemoServer;
let browser: Awaited<ReturnType<typeof launchPlain>>;

/** What the page hit-tests at a point: the widget's host when the panel (or anything of it) is there. */
const hitAt = (page: Page, x: number, y: number) =>
  page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.nodeName ?? null, [x, y] as const);

/**
 * Turns View as on for the customer from the panel, and waits until the banner's Turn off is what the page hits at
 * its centre (the banner's host, not the panel's frame): the banner and that point.
 */
async function viewAsCustomer(page: Page, panel: Locator): Promise<{ banner: Locator; cx: number; cy: number }> {
  const email = (server.store.get('users', CUSTOMER) as { email: string }).email;
  await tab(panel, 'View as').click();
  await panel.getByRole('combobox', { name: 'Another user' }).fill(email);
  await panel.getByRole('listbox', { name: 'Another user: matching users' }).getByRole('option').first().click();
  await panel.locator('[data-overlay-toggle]').click();
  const banner = page.locator('[data-ai-overlay-banner]');
  await banner.waitFor();
  const off = (await banner.locator('button').boundingBox())!;
  const cx = off.x + off.width / 2;
  const cy = off.y + off.height / 2;
  await expect.poll(() => hitAt(page, cx, cy)).toBe('DIV');
  return { banner, cx, cy };
}

async function openDockedRight(page: Page): Promise<Locator> {
  await signIn(page, server, ADMIN);
  await page.locator('access-inspector').evaluate((el) => el.setAttribute('dock', 'right'));
  return openWidget(page, server, ADMIN);
}

beforeAll(async () => {
  server = await startDemoServer({ seed: 1, assets: 2000 });
});

afterAll(async () => {
  await server?.close();
});

describe('the panel blocks nothing but itself', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ widget: true });
    browser = await launchPlain();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('the frame is the panel’s size: the page under the empty part takes clicks', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const panel = await openDockedRight(page);
    await tab(panel, 'Sync').click(); // a short tab: most of the viewport's height is below the panel
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toMatch(/as of/i);
    const frame = (await page.locator('access-inspector .frame').boundingBox())!;
    const box = (await panel.boundingBox())!;
    expect(frame.height).toBeLessThanOrEqual(box.height + 1);
    expect(box.y + box.height).toBeLessThan(700);
    // Just below the panel, inside the frame's old area: the page's own element, not the widget.
    const x = box.x + box.width / 2;
    const y = box.y + box.height + 40;
    expect(await hitAt(page, x, y)).not.toBe('ACCESS-INSPECTOR');
    // And a real click there reaches the page.
    await page.evaluate(
      () =>
        Object.assign(window, { __clicks: 0 }) &&
        document.addEventListener('click', () => (window as unknown as { __clicks: number }).__clicks++),
    );
    await page.mouse.click(x, y);
    expect(await page.evaluate(() => (window as unknown as { __clicks: number }).__clicks)).toBe(1);
    await page.close();
  });

  it('the View-as banner is never under the panel: its Turn off takes a real click', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const panel = await openDockedRight(page);
    const { banner, cx, cy } = await viewAsCustomer(page, panel);
    const frame = (await page.locator('access-inspector .frame').boundingBox())!;
    const bannerBox = (await banner.boundingBox())!;
    expect(frame.y + frame.height).toBeLessThanOrEqual(bannerBox.y);
    await page.mouse.click(cx, cy);
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
    await page.close();
  });

  it('Escape closes the panel and the launcher has the focus again', async () => {
    const page = await browser.context.newPage();
    const panel = await openDockedRight(page);
    await tab(panel, 'Who').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('access-inspector .frame').evaluate((el) => (el as HTMLElement).hidden)).toBe(true);
    expect(
      await page.evaluate(() => {
        const host = document.querySelector('access-inspector')!;
        return document.activeElement === host && host.shadowRoot!.activeElement?.className === 'launcher';
      }),
    ).toBe(true);
    // A list inside that uses Escape itself (the user search's suggestions) keeps the panel open.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('access-inspector .frame').evaluate((el) => (el as HTMLElement).hidden)).toBe(false);
    const search = panel.getByPlaceholder('Name or e-mail').first();
    await search.fill('a');
    await panel.getByRole('listbox').first().waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('access-inspector .frame').evaluate((el) => (el as HTMLElement).hidden)).toBe(false);
    await page.close();
  });
});

describe('the extension’s panel blocks nothing but itself', { timeout: 240_000 }, () => {
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    await ensureBuilt({ extension: true, widget: true });
    ext = await launchWithExtension();
    await configureExtension(ext, server.url, 'ai-demo-support');
  }, 300_000);

  afterAll(async () => {
    await ext?.close();
  });

  async function openShellPanel(page: Page): Promise<Locator> {
    await signIn(page, server, ADMIN);
    await page.locator('access-inspector-shell .launcher').click();
    const panel = page.locator('access-inspector-shell .ai-panel');
    await panel.waitFor({ state: 'visible' });
    await expect
      .poll(() => panel.locator('.inspecting strong').textContent(), { timeout: 20_000 })
      .toBe((server.store.get('users', ADMIN) as { name: string }).name);
    return panel;
  }

  it('the frame is the panel’s size, the banner’s Turn off takes a real click, Escape gives the focus back', async () => {
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const panel = await openShellPanel(page);
    await tab(panel, 'Sync').click();
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toMatch(/as of/i);
    const frame = (await page.locator('access-inspector-shell .frame').boundingBox())!;
    const box = (await panel.boundingBox())!;
    expect(frame.height).toBeLessThanOrEqual(box.height + 1);
    expect(await hitAt(page, box.x + box.width / 2, box.y + box.height + 40)).not.toBe('ACCESS-INSPECTOR-SHELL');

    const { banner, cx, cy } = await viewAsCustomer(page, panel);
    await page.mouse.click(cx, cy);
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);

    await tab(panel, 'Who').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('access-inspector-shell .frame').evaluate((el) => (el as HTMLElement).hidden)).toBe(true);
    expect(
      await page.evaluate(() => {
        const host = document.querySelector('access-inspector-shell')!;
        return document.activeElement === host && host.shadowRoot!.activeElement?.classList.contains('launcher') === true;
      }),
    ).toBe(true);
    await page.close();
  });
});
