// Setting the extension up the way a user does: host access for the demo platform, the options page's URL and
// API key (and sync interval), then the popup until the first sync has finished with data. One copy for every
// real-browser test of the extension.
import type { ExtensionBrowser } from './browser';
import { grantHostAccess } from './browser';

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
export async function waitForIdleSync(ext: ExtensionBrowser, timeout = 90_000, page?: import('playwright-core').Page): Promise<void> {
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
