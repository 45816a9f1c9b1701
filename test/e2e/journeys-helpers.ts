// Shared by the journey tests (journeys-*.test.ts): sign in on the demo platform, open the embedded widget and wait
// until it has synced, find tabs, and save screenshots. The browser and the builds come from the e2e harness (./support).
// Screenshots go to test-results/journeys (ignored by git) so that a test run leaves a clone clean;
// `npm run screenshots` sets JOURNEY_SHOTS_DIR=docs/journeys to refresh the README's pictures on purpose.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { RunningDemoServer } from '../../demo/server';
import { ROOT } from './support/build';

export const JOURNEY_SHOTS = join(ROOT, process.env.JOURNEY_SHOTS_DIR ?? 'test-results/journeys');

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(JOURNEY_SHOTS, { recursive: true });
  // caret: 'initial' — hiding the caret would leave a style="" on the page's focused input behind.
  await page.screenshot({ path: join(JOURNEY_SHOTS, `${name}.png`), caret: 'initial' });
}

export async function signIn(page: Page, server: RunningDemoServer, userId: string, landing = '/fleet'): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.fill('form.signin-any input[name="userId"]', userId);
  await page.click('form.signin-any button[type="submit"]');
  await page.waitForURL(/\/fleet/);
  if (landing !== '/fleet') await page.goto(`${server.url}${landing}`);
}

/** Opens the widget's panel and waits until the first sync has given it the signed-in user's data. */
export async function openWidget(page: Page, server: RunningDemoServer, userId: string): Promise<Locator> {
  const widget = page.locator('access-inspector');
  await expect.poll(() => widget.getAttribute('data-signed-in'), { timeout: 30_000 }).toBe(userId);
  await page.locator('access-inspector .launcher').click();
  const panel = page.locator('access-inspector .ai-panel');
  await panel.waitFor({ state: 'visible' });
  const name = (server.store.get('users', userId) as { name: string }).name;
  await expect.poll(() => panel.locator('.inspecting strong').textContent(), { timeout: 60_000 }).toBe(name);
  return panel;
}

export const tab = (panel: Locator, name: string) => panel.locator('[role="tab"]', { hasText: name });
