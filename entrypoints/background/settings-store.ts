// The settings as the background sees them: read from storage.local on demand (a stopped service worker keeps
// nothing), with a small cache that storage.onChanged keeps honest.
import { browser } from 'wxt/browser';
import { SETTINGS_KEY, originOf, readSettings, type Settings } from '../../core/messaging/settings';

let cached: Promise<Settings | null> | null = null;

export function loadSettings(): Promise<Settings | null> {
  cached ??= browser.storage.local.get(SETTINGS_KEY).then((stored) => readSettings(stored[SETTINGS_KEY]));
  return cached;
}

export async function platformOrigin(): Promise<string | null> {
  const settings = await loadSettings();
  return settings ? originOf(settings.baseUrl) : null;
}

/** Calls `onChange` after the settings in storage changed (from the options page, or another window). */
export function watchSettings(onChange: (previous: Settings | null, next: Settings | null) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    const next = readSettings(changes[SETTINGS_KEY].newValue);
    cached = Promise.resolve(next);
    onChange(readSettings(changes[SETTINGS_KEY].oldValue), next);
  });
}

/** Forget the cache (the options page saved and asks for an immediate re-read). */
export function reloadSettings(): Promise<Settings | null> {
  cached = null;
  return loadSettings();
}
