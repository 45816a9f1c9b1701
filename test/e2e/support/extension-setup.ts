// Setting the extension up the way a user does: host access for the demo platform, the options page's URL and
// API key, then the popup until the first sync is done.
import type { ExtensionBrowser } from './browser';
import { grantHostAccess } from './browser';

/** Waits until `read` gives a value `want` accepts (for hooks, where expect.poll does not belong). */
export async function until<T>(read: () => Promise<T>, want: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (want(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function configureExtension(ext: ExtensionBrowser, baseUrl: string, apiKey: string): Promise<void> {
  await grantHostAccess(ext.context, ext.extensionId, `${baseUrl}/*`);
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.fill('#baseUrl', baseUrl);
  await options.fill('#apiKey', apiKey);
  await options.click('#save');
  await until(() => options.textContent('#save-status'), (v) => (v ?? '').includes('Saved. Access Inspector runs on'), 20_000);
  await options.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await until(() => options.textContent('#sync-state'), (v) => v === 'idle', 60_000).catch(async (error: Error) => {
    throw new Error(`${error.message}; the popup says: ${await options.textContent('#sync-errors').catch(() => '(nothing)')}`);
  });
  await options.close();
}
