// Issue 11, item 1 for the extension: its cache belongs to whom the API key signs in as. When the platform moves
// the key to another user (seen through GET /me at the start of a sync), the cache is emptied before anything of
// the new user's is fetched, exactly as a change of settings does; a key the platform refuses (403) empties it
// too, and the popup says why. In Debian's Chromium with the e2e build of the extension.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningDemoServer } from '../../demo/server';
import type { ExtensionBrowser } from './support/browser';
import { startExtensionPlatform, stopExtensionPlatform } from './support/extension-setup';

const KEY = 'ai-demo-support';
let server: RunningDemoServer;
let ext: ExtensionBrowser;

/** Assets and users the extension's cache holds now, read in the background's own origin. */
async function cached(): Promise<{ assets: number; users: number }> {
  const worker = await ext.worker();
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('access-inspector');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const get = (key: string) =>
      new Promise<{ stored?: { records: number } } | undefined>((resolve) => {
        const r = db.transaction('syncState').objectStore('syncState').get(key);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => resolve(undefined);
      });
    const [assets, users] = await Promise.all([get('assets'), get('users')]);
    db.close();
    return { assets: assets?.stored?.records ?? 0, users: users?.stored?.records ?? 0 };
  });
}

async function syncNow(popup: Page): Promise<void> {
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await popup.click('#sync-now');
}

describe('the extension’s cache follows the API key’s user', { timeout: 240_000 }, () => {
  beforeAll(async () => ({ server, ext } = await startExtensionPlatform({ apiKey: KEY })), 300_000);
  afterAll(() => stopExtensionPlatform({ server, ext }));

  it('a key moved to another user: the cache is emptied before the new user’s sync refills it', async () => {
    expect(await cached()).toEqual({ assets: 2000, users: expect.any(Number) });
    const popup = await ext.context.newPage();
    // Slow answers, so the moment between "emptied" and "refilled" can be seen.
    server.setFaults({ seed: 1, latencyMs: [250, 250] });
    try {
      server.apiKeys[KEY] = 'u-tara-tech';
      await syncNow(popup);
      const seen: number[] = [];
      const end = Date.now() + 20_000;
      while (Date.now() < end) {
        seen.push((await cached()).assets);
        if (seen.includes(0) && seen.at(-1) === 2000) break;
        await popup.waitForTimeout(100);
      }
      // Emptied (nothing of the previous user's answers kept), then filled again for the new one.
      expect(seen).toContain(0);
      await expect.poll(async () => (await cached()).assets, { timeout: 30_000 }).toBe(2000);
      const account = await (
        await ext.worker()
      ).evaluate(
        async () =>
          (
            await (
              globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, { userId: string }>> } } } }
            ).chrome.storage.local.get('account')
          ).account,
      );
      expect(account.userId).toBe('u-tara-tech');
    } finally {
      server.setFaults(null);
      await popup.close();
    }
  });

  it('a key the platform refuses (403): nothing read with it is kept, and the popup says why', async () => {
    const popup = await ext.context.newPage();
    server.apiKeys[KEY] = 'u-cora-customer'; // a customer may not read the permission data
    await syncNow(popup);
    await expect.poll(async () => (await cached()).assets, { timeout: 30_000 }).toBe(0);
    expect((await cached()).users).toBe(0);
    await popup.reload();
    await expect.poll(() => popup.textContent('#sync-errors'), { timeout: 20_000 }).toMatch(/API key|sign in/i);
    await popup.close();
  });
});
