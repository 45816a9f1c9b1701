// The built (minified) Chrome extension against the demo platform:
// - The API key is not readable from the content script's world: storage.local holds only the platform URL and
//   the interval; the key lives in the extension origin's IndexedDB, which the worker and the options page open and
//   a content script (running in the page's origin) cannot. Checked by evaluating in the content script's own
//   isolated world over CDP.
// - A refused key shows the "check the API key or sign in again" hint in the popup. The hint hangs on the stored
//   error kind, which minification used to turn into a renamed class ("Qc"), so it never showed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningDemoServer } from '../../demo/server';
import type { ExtensionBrowser } from './support/browser';
import { startExtensionPlatform, stopExtensionPlatform } from './support/extension-setup';

let server: RunningDemoServer;
let ext: ExtensionBrowser;

const KEY = 'ai-demo-support';

/** Evaluates `expression` (awaited, returned by value) in the extension's isolated world on `page`. */
async function inContentScriptWorld(page: Page, expression: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: Array<{ id: number; origin: string; auxData?: { type?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const prefix = `chrome-extension://${ext.extensionId}`;
    const deadline = Date.now() + 15_000;
    let world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith(prefix));
    while (!world) {
      if (Date.now() > deadline) throw new Error(`no isolated world of the extension on ${page.url()}: ${JSON.stringify(contexts)}`);
      await new Promise((r) => setTimeout(r, 100));
      world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith(prefix));
    }
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails)
      throw new Error(`in the content script's world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  } finally {
    await cdp.detach();
  }
}

describe('the extension keeps its API key from content scripts and names a refused key', { timeout: 240_000 }, () => {
  beforeAll(async () => ({ server, ext } = await startExtensionPlatform({ apiKey: KEY, assets: 500 })), 300_000);
  afterAll(() => stopExtensionPlatform({ server, ext }));

  it("does not let the content script's world read the API key", async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator(`[data-ai-login-user="${server.apiKeys[KEY]}"]`).first().click();
    await page.waitForURL(/\/fleet/);

    const seen = (await inContentScriptWorld(
      page,
      `(async () => JSON.stringify({
        local: await chrome.storage.local.get(null),
        session: await chrome.storage.session?.get(null).catch((e) => 'refused: ' + e.message),
        databases: (await indexedDB.databases()).map((d) => d.name),
      }))()`,
    )) as string;
    // The world is the content script's (it sees the settings' platform URL), and the key is nowhere in it.
    expect(seen).toContain(server.url);
    expect(seen).not.toContain(KEY);
    expect(seen).not.toContain('access-inspector-secrets');

    // The worker still reads it (from its own IndexedDB): the sync signed in with it.
    const worker = await ext.worker();
    const stored = await worker.evaluate(
      () =>
        new Promise<string | null>((resolve, reject) => {
          const open = indexedDB.open('access-inspector-secrets');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('secrets').objectStore('secrets').get('apiKey');
            get.onsuccess = () => resolve((get.result as { value?: string } | undefined)?.value ?? null);
            get.onerror = () => reject(get.error);
          };
        }),
    );
    expect(stored).toBe(KEY);
    await page.close();
  });

  it('shows "check the API key" in the popup when the platform refuses the key', async () => {
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    await expect.poll(() => options.inputValue('#apiKey')).toBe(KEY);
    await options.fill('#apiKey', 'ai-demo-revoked');
    await options.click('#save');
    await expect.poll(() => options.textContent('#save-status'), { timeout: 20_000 }).toContain('Saved.');
    await options.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    await expect.poll(() => options.textContent('#sync-errors'), { timeout: 60_000 }).toContain('check the API key or sign in again');
    expect(await options.textContent('#sync-errors')).toContain('401');
    await options.close();
  });
});
