// The background as the browser starts it (startBackground), with WXT's fake browser and the demo platform: saving
// settings registers the content script for exactly the platform origin, schedules the periodic sync on an alarm
// and fills the cache at once; removing them unregisters the script and clears the alarm.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

import { CacheDb } from '../../core/cache/db';
import { countRecords } from '../../core/cache/read';
import { SecretStore } from '../../core/cache/secret-store';
import { saveSettings } from '../../core/messaging/settings-storage';
import { SETTINGS_KEY } from '../../core/messaging/settings';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { CONTENT_SCRIPT_ID } from '../../entrypoints/background/content-registration';
import { startBackground } from '../../entrypoints/background/wire';
import { fixtureSnapshot } from '../components/fixture';

Object.assign(globalThis, { chrome: fakeBrowser });

/** An extension event the fake browser leaves unmocked: listeners are kept, nothing fires them. */
const quietEvent = () => ({ addListener: () => undefined, removeListener: () => undefined, hasListener: () => false });

/** The registered content scripts, as chrome.scripting keeps them. */
let registered: Array<{ id: string; matches?: string[] }> = [];
Object.assign(fakeBrowser.commands, { onCommand: quietEvent() });
Object.assign(fakeBrowser.permissions, {
  contains: async () => true,
  getAll: async () => ({ origins: [] }),
  remove: async () => true,
  onAdded: quietEvent(),
  onRemoved: quietEvent(),
});
Object.assign(fakeBrowser.scripting, {
  getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => registered.filter((s) => ids.includes(s.id)),
  registerContentScripts: async (scripts: typeof registered) => void registered.push(...scripts),
  updateContentScripts: async (scripts: typeof registered) =>
    void (registered = registered.map((s) => scripts.find((n) => n.id === s.id) ?? s)),
  unregisterContentScripts: async ({ ids }: { ids: string[] }) => void (registered = registered.filter((s) => !ids.includes(s.id))),
});

let server: RunningDemoServer;
beforeAll(async () => {
  server = await startDemoServer({ snapshot: fixtureSnapshot() });
  startBackground();
});
afterAll(() => server?.close());

const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out waiting for the background');
};

describe('the background, started', () => {
  it('registers the content script for the platform origin, schedules the sync and fills the cache when settings are saved', async () => {
    const apiKey = Object.keys(server.apiKeys)[0];
    await saveSettings(fakeBrowser.storage.local, new SecretStore(), { baseUrl: server.url, apiKey, syncIntervalMinutes: 20 });
    await waitFor(async () => registered.length === 1 && (await fakeBrowser.alarms.getAll()).length === 1);
    expect(registered[0]).toMatchObject({ id: CONTENT_SCRIPT_ID, matches: [`${server.url}/*`] });
    expect((await fakeBrowser.alarms.getAll())[0]).toMatchObject({ periodInMinutes: 20 });
    const db = new CacheDb();
    await waitFor(async () => (await countRecords(db)).users === fixtureSnapshot().users.length);
    db.close();
  });

  it('unregisters the content script and clears the alarm when the settings are removed', async () => {
    await fakeBrowser.storage.local.remove(SETTINGS_KEY);
    await waitFor(async () => registered.length === 0 && (await fakeBrowser.alarms.getAll()).length === 0);
  });
});
