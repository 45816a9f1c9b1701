// The API key is kept out of storage.local (which content scripts can read) in the extension origin's IndexedDB;
// a key an earlier version left in storage.local is moved there and deleted.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { SecretStore } from '../../core/cache/secret-store';
import { SETTINGS_KEY, type Settings } from '../../core/messaging/settings';
import { loadStoredSettings, saveSettings, settingsBefore, type SettingsArea } from '../../core/messaging/settings-storage';

/** storage.local as content scripts see it: everything in it. */
class FakeArea implements SettingsArea {
  items: Record<string, unknown> = {};
  changes: Array<{ oldValue: unknown; newValue: unknown }> = [];
  async get(key: string) {
    return key in this.items ? { [key]: structuredClone(this.items[key]) } : {};
  }
  async set(items: Record<string, unknown>) {
    for (const [k, v] of Object.entries(items)) {
      this.changes.push({ oldValue: this.items[k], newValue: v });
      this.items[k] = structuredClone(v);
    }
  }
}

const store = () => new SecretStore(`secrets-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
const settings = (apiKey: string): Settings => ({ baseUrl: 'https://fleet.example.com', apiKey, syncIntervalMinutes: 15 });

describe('where the settings are kept', () => {
  it('keeps the API key out of storage.local and reads it back from the secret store', async () => {
    const area = new FakeArea();
    const secrets = store();
    await saveSettings(area, secrets, settings('canary-key-4711'));
    expect(JSON.stringify(area.items)).not.toContain('canary-key-4711');
    expect(area.items[SETTINGS_KEY]).toMatchObject({ baseUrl: 'https://fleet.example.com', syncIntervalMinutes: 15 });
    expect(await loadStoredSettings(area, secrets)).toEqual(settings('canary-key-4711'));
  });

  it('moves a key an earlier version left in storage.local, and deletes it there', async () => {
    const area = new FakeArea();
    area.items[SETTINGS_KEY] = settings('old-canary-key');
    const secrets = store();
    expect(await loadStoredSettings(area, secrets)).toEqual(settings('old-canary-key'));
    expect(JSON.stringify(area.items)).not.toContain('old-canary-key');
    expect(await secrets.apiKey()).toBe('old-canary-key');
    // The move is reported as a change that keeps the key (the background must not empty the cache for it).
    const move = area.changes.at(-1)!;
    expect(await settingsBefore(move.oldValue, move.newValue, secrets)).toEqual(settings('old-canary-key'));
  });

  it('tells the background what the key was before a save, so a new key empties the cache and the same one does not', async () => {
    const area = new FakeArea();
    const secrets = store();
    await saveSettings(area, secrets, settings('first'));
    await saveSettings(area, secrets, settings('second'));
    const change = area.changes.at(-1)!;
    expect((await settingsBefore(change.oldValue, change.newValue, secrets))?.apiKey).toBe('first');
    expect((await loadStoredSettings(area, secrets))?.apiKey).toBe('second');
    await saveSettings(area, secrets, settings('second'));
    const same = area.changes.at(-1)!;
    expect((await settingsBefore(same.oldValue, same.newValue, secrets))?.apiKey).toBe('second');
    expect(await settingsBefore(undefined, change.newValue, secrets)).toBeNull();
  });

  it('counts as not configured without a stored key or settings', async () => {
    const area = new FakeArea();
    const secrets = store();
    expect(await loadStoredSettings(area, secrets)).toBeNull();
    area.items[SETTINGS_KEY] = { baseUrl: 'https://fleet.example.com', syncIntervalMinutes: 15 };
    expect(await loadStoredSettings(area, secrets)).toBeNull();
  });
});
