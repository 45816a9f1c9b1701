// Where the settings live: storage.local holds the platform URL and the interval; the API key lives in the
// extension origin's own IndexedDB (core/cache/secret-store.ts), which content scripts cannot open. The options
// page writes through saveSettings, the background reads through loadStoredSettings; both move a key that an
// earlier version left in storage.local to its new home and delete it there.
import type { SecretStore } from '../cache/secret-store';
import { SETTINGS_KEY, readSettings, type Settings } from './settings';

/** The part of browser.storage.local this needs (wxt's browser.storage.local, or a fake in tests). */
export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** The settings as saved, or null when not configured (or unreadable). */
export async function loadStoredSettings(area: SettingsArea, secrets: SecretStore): Promise<Settings | null> {
  const raw = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (raw === undefined || raw === null || typeof raw !== 'object') return null;
  const { apiKey: leftOver, ...stored } = raw as Record<string, unknown>;
  if (leftOver !== undefined) {
    // Saved by a version that kept the key in storage.local: move it (the secret store first, so nothing is lost).
    if (typeof leftOver === 'string') await secrets.setApiKey(leftOver, null);
    await area.set({ [SETTINGS_KEY]: stored });
  }
  return readSettings({ ...stored, apiKey: (await secrets.apiKey()) ?? '' });
}

/**
 * The settings before a change storage.onChanged reported (`oldValue`, `newValue` of the settings item): the key
 * is not in the change, so it comes from the secret store, which keeps the one the last save replaced.
 */
export async function settingsBefore(oldValue: unknown, newValue: unknown, secrets: SecretStore): Promise<Settings | null> {
  if (oldValue === undefined || oldValue === null || typeof oldValue !== 'object') return null;
  const savedAt = newValue !== null && typeof newValue === 'object' ? (newValue as { savedAt?: unknown }).savedAt : undefined;
  const { apiKey: leftOver, ...stored } = oldValue as Record<string, unknown>;
  return readSettings({ ...stored, apiKey: typeof leftOver === 'string' ? leftOver : ((await secrets.apiKeyBefore(savedAt)) ?? '') });
}

/**
 * Saves validated settings: the key to the secret store, the rest to storage.local with a new `savedAt`, so that
 * storage.onChanged tells the background even when only the key changed.
 */
export async function saveSettings(area: SettingsArea, secrets: SecretStore, settings: Settings, now = new Date()): Promise<void> {
  const savedAt = `${now.toISOString()}#${Math.random().toString(36).slice(2, 10)}`;
  await secrets.setApiKey(settings.apiKey, savedAt);
  const { apiKey: _secret, ...rest } = settings;
  await area.set({ [SETTINGS_KEY]: { ...rest, savedAt } });
}
