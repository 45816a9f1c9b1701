// The background's wiring with WXT's fake browser (storage, runtime messages) and fake IndexedDB, against the demo
// platform over HTTP: messages in → answers out (and refused from the wrong sender), a sync refused while not
// configured or not granted, the cache filled by a sync and emptied when the platform or key changes or the key is
// refused. The real-browser tests reach the same code only through a built extension.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));

import { SecretStore } from '../../core/cache/secret-store';
import { countRecords } from '../../core/cache/read';
import { saveSettings } from '../../core/messaging/settings-storage';
import type { Settings } from '../../core/messaging/settings';
import type { SyncStatus } from '../../core/source/data-source';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { ACCOUNT_KEY, CacheService } from '../../entrypoints/background/cache-service';
import { listenForMessages } from '../../entrypoints/background/messages';
import { reloadSettings } from '../../entrypoints/background/settings-store';
import { fixtureSnapshot } from '../components/fixture';

// @webext-core/messaging listens on chrome.runtime.onMessage: the fake browser stands in for it too.
Object.assign(globalThis, { chrome: fakeBrowser });

let server: RunningDemoServer;
const keyOf = (userId: string) => Object.entries(server.apiKeys).find(([, id]) => id === userId)![0];
const settingsFor = (userId: string, baseUrl = server.url): Settings => ({ baseUrl, apiKey: keyOf(userId), syncIntervalMinutes: 15 });

/** Host access as the browser's permission prompt left it. */
let granted = true;
const permissions = fakeBrowser.permissions as unknown as { contains: (p: { origins: string[] }) => Promise<boolean> };

async function configure(settings: Settings | null): Promise<void> {
  if (settings) await saveSettings(fakeBrowser.storage.local, new SecretStore(), settings);
  else await fakeBrowser.storage.local.remove('settings');
  await reloadSettings();
}

/** Delivers a message as the browser would, from `sender`; resolves to the messenger's { res } or { err }. */
function deliver(
  type: string,
  data: unknown,
  sender: { id?: string; url?: string; tab?: { id: number } },
): Promise<{ res?: unknown; err?: { message: string } }> {
  return new Promise(
    (resolve) => void fakeBrowser.runtime.onMessage.trigger({ id: 1, type, data, timestamp: Date.now() }, sender as never, resolve),
  );
}

const fromPlatformTab = () => ({ id: fakeBrowser.runtime.id, url: `${server.url}/fleet`, tab: { id: 7 } });
const fromOtherSite = () => ({ id: fakeBrowser.runtime.id, url: 'https://evil.example.com/fleet', tab: { id: 8 } });
const fromPopup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

let statuses: SyncStatus[] = [];
let cache: CacheService;

beforeAll(async () => {
  server = await startDemoServer({ snapshot: fixtureSnapshot() });
  permissions.contains = async () => granted;
  cache = new CacheService((status) => statuses.push(status));
  listenForMessages({
    source: () => cache.getSource(),
    extensionState: () => cache.extensionState(),
    settingsSaved: () => cache.extensionState(),
  });
});
afterAll(() => server?.close());

beforeEach(async () => {
  granted = true;
  statuses = [];
  await cache.whenIdle();
});

describe('the background', () => {
  it('refuses to start a sync while not configured, or while host access is not granted', async () => {
    await configure(null);
    expect(await cache.startSync()).toBe(false);
    await configure(settingsFor('u-admin'));
    granted = false;
    expect(await cache.startSync()).toBe(false);
    expect(statuses).toEqual([]);
    expect((await cache.extensionState()).configured).toBe(true);
    expect((await cache.extensionState()).hostAccess).toBe(false);
  });

  it('syncs the platform into the cache, announcing the sync and its end, and remembers whose data it holds', async () => {
    await configure(settingsFor('u-admin'));
    expect(await cache.startSync()).toBe(true);
    await cache.whenIdle();
    expect(statuses[0]).toMatchObject({ state: 'syncing' });
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', progress: null });
    expect(statuses.at(-1)!.dataAsOf).not.toBeNull();
    expect((await countRecords(cache.db)).users).toBe(fixtureSnapshot().users.length);
    expect((await fakeBrowser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY]).toEqual({ baseUrl: server.url, userId: 'u-admin' });
  });

  it('answers a data-source message from its content script on the platform, and refuses the same from another site', async () => {
    await configure(settingsFor('u-admin'));
    const answer = await deliver('signedInUser', {}, fromPlatformTab());
    expect(answer.err).toBeUndefined();
    expect(answer.res).toMatchObject({ user: { id: 'u-admin' } });
    const refused = await deliver('signedInUser', {}, fromOtherSite());
    expect(refused.res).toBeUndefined();
    expect(refused.err?.message).toContain('refused a "signedInUser" message from an unexpected sender');
  });

  it('refuses a malformed request with a message naming what was wrong', async () => {
    await configure(settingsFor('u-admin'));
    const answer = await deliver('who', { userId: 42 }, fromPlatformTab());
    expect(answer.res).toBeUndefined();
    expect(answer.err?.message).toMatch(/userId/);
  });

  it('answers the popup its state, and refuses the popup-only message from a content script', async () => {
    await configure(settingsFor('u-admin'));
    const state = await deliver('extensionState', undefined, fromPopup());
    expect(state.res).toMatchObject({ configured: true, origin: server.url, hostAccess: true });
    const refused = await deliver('extensionState', undefined, fromPlatformTab());
    expect(refused.err?.message).toContain('refused a "extensionState" message');
  });

  it('empties the cache and forgets the account when the platform or the API key changes', async () => {
    await configure(settingsFor('u-admin'));
    await cache.startSync();
    await cache.whenIdle();
    const source = await cache.getSource();
    expect((await countRecords(cache.db)).users).toBeGreaterThan(0);
    // The same key again: nothing to empty.
    expect(await cache.settingsChanged(settingsFor('u-admin'), settingsFor('u-admin'))).toBe(false);
    expect((await countRecords(cache.db)).users).toBeGreaterThan(0);
    expect(await cache.settingsChanged(settingsFor('u-admin'), settingsFor('u-tech'))).toBe(true);
    expect((await countRecords(cache.db)).users).toBe(0);
    expect((await fakeBrowser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY]).toBeUndefined();
    // The old source shows the empty data at once (a panel still holding it answers nothing of the old user's).
    expect((await source.signedInUser({})).user).toBeNull();
  });

  it('empties the cache when the API key signs in as someone else than the one it synced for', async () => {
    await configure(settingsFor('u-admin'));
    await cache.startSync();
    await cache.whenIdle();
    const source = await cache.getSource();
    const version = async () => (await source.syncStatus({})).dataVersion;
    // Control: the same account again, a caught-up cache: nothing changes.
    const before = await version();
    await cache.startSync();
    await cache.whenIdle();
    expect(await version()).toBe(before);
    // The platform reassigned the key: it synced for someone else than it reads as now.
    await fakeBrowser.storage.local.set({ [ACCOUNT_KEY]: { baseUrl: server.url, userId: 'u-somebody-else' } });
    const seen: number[] = [];
    const off = source.subscribe((s) => seen.push(s.dataVersion));
    await cache.startSync();
    await cache.whenIdle();
    off();
    // Emptied (one new version), then filled again from scratch (another).
    expect(new Set(seen).size).toBeGreaterThanOrEqual(2);
    expect((await countRecords(cache.db)).users).toBe(fixtureSnapshot().users.length);
    expect((await fakeBrowser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY]).toEqual({ baseUrl: server.url, userId: 'u-admin' });
    expect((await source.signedInUser({})).user?.id).toBe('u-admin');
  });

  it('keeps nothing read with a key the platform refuses, and says why', async () => {
    await configure(settingsFor('u-admin'));
    await cache.startSync();
    await cache.whenIdle();
    await configure({ ...settingsFor('u-admin'), apiKey: 'not-a-key' });
    statuses = [];
    await cache.startSync();
    await cache.whenIdle();
    expect((await countRecords(cache.db)).users).toBe(0);
    expect((await fakeBrowser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY]).toBeUndefined();
    expect(statuses.at(-1)).toMatchObject({ state: 'error' });
    expect(statuses.at(-1)!.errors[0].message).toContain('check the API key');
  });
});
