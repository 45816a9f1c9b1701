// Setting the extension up the way a user does: host access for the demo platform, the options page's URL and
// API key (and sync interval), then the popup until the first sync has finished with data. One copy for every
// real-browser test of the extension.
import type { Locator, Page } from 'playwright-core';
import { startDemoServer, type RunningDemoServer } from '../../../demo/server';
import { grantHostAccess, launchWithExtension, type ExtensionBrowser } from './browser';
import { ensureBuilt } from './build';

/** Waits until `read` gives a value `want` accepts (for hooks, where expect.poll does not belong). */
export async function until<T>(read: () => Promise<T>, want: (v: T) => boolean, ms: number, what = 'a value'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (want(v)) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface ConfigureOptions {
  /** The options page's sync interval in minutes (its own default when left out). */
  syncMinutes?: number;
}

export async function configureExtension(
  ext: ExtensionBrowser,
  baseUrl: string,
  apiKey: string,
  options: ConfigureOptions = {},
): Promise<void> {
  await grantHostAccess(ext.context, ext.extensionId, `${baseUrl}/*`);
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await page.fill('#baseUrl', baseUrl);
  await page.fill('#apiKey', apiKey);
  if (options.syncMinutes !== undefined) await page.fill('#interval', String(options.syncMinutes));
  await page.click('#save');
  await until(
    () => page.textContent('#save-status'),
    (v) => (v ?? '').includes('Saved. Access Inspector runs on'),
    30_000,
    'the options page to save',
  );
  await waitForIdleSync(ext, 90_000, page);
  await page.close();
}

/** Opens the popup (in `page`, else a new tab it closes) until it reports a finished sync with data. */
export async function waitForIdleSync(ext: ExtensionBrowser, timeout = 90_000, page?: Page): Promise<void> {
  const popup = page ?? (await ext.context.newPage());
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  const idle = until(
    () => popup.textContent('#sync-state'),
    (t) => t === 'idle',
    timeout,
    'an idle sync',
  ).then(() =>
    until(
      () => popup.textContent('#data-as-of'),
      (t) => t !== 'never',
      timeout,
      'synced data',
    ),
  );
  await idle.catch(async (error: Error) => {
    throw new Error(`${error.message}; the popup says: ${await popup.textContent('#sync-errors').catch(() => '(nothing)')}`);
  });
  if (!page) await popup.close();
}

export interface ExtensionPlatform {
  server: RunningDemoServer;
  ext: ExtensionBrowser;
}

/**
 * What the extension's real-browser tests stand on: the extension (and, when asked, the widget) built, the demo
 * platform on a generated fleet (seed 1), Chromium with the extension, set up with `apiKey` as a user would.
 */
export async function startExtensionPlatform(options: { apiKey: string; assets?: number; widget?: boolean }): Promise<ExtensionPlatform> {
  await ensureBuilt({ extension: true, widget: options.widget ?? false });
  const server = await startDemoServer({ seed: 1, assets: options.assets ?? 2000 });
  const ext = await launchWithExtension();
  await configureExtension(ext, server.url, options.apiKey);
  return { server, ext };
}

export async function stopExtensionPlatform(platform: Partial<ExtensionPlatform>): Promise<void> {
  await platform.ext?.close();
  await platform.server?.close();
}

/** Clicks the content script's launcher and returns the panel once it shows. */
export async function openShellPanel(page: Page): Promise<Locator> {
  const launcher = page.locator('access-inspector-shell .launcher');
  await launcher.waitFor({ state: 'visible', timeout: 20_000 });
  await launcher.click();
  const panel = page.locator('access-inspector-shell .ai-panel');
  await panel.waitFor({ state: 'visible' });
  return panel;
}
