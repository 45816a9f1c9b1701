// The settings as the background sees them: read on demand (a stopped service worker keeps nothing) from
// storage.local and, for the API key, the extension origin's IndexedDB (core/messaging/settings-storage.ts), with a
// small cache that storage.onChanged keeps honest.
import { browser } from 'wxt/browser';
import { SecretStore } from '../../core/cache/secret-store';
import { SETTINGS_KEY, originOf, type Settings } from '../../core/messaging/settings';
import { loadStoredSettings, settingsBefore } from '../../core/messaging/settings-storage';

const secrets = new SecretStore();
let cached: Promise<Settings | null> | null = null;

export function loadSettings(): Promise<Settings | null> {
  if (cached) return cached;
  // A failed read is not kept: the next call reads again (the caller still gets the rejection). Attached once, to
  // the promise it belongs to, so a newer read started meanwhile is not forgotten.
  const read = loadStoredSettings(browser.storage.local, secrets);
  cached = read;
  read.catch(() => {
    if (cached === read) cached = null;
  });
  return read;
}

export async function platformOrigin(): Promise<string | null> {
  const settings = await loadSettings();
  return settings ? originOf(settings.baseUrl) : null;
}

/** Calls `onChange` after the settings in storage changed (from the options page, or another window). */
export function watchSettings(onChange: (previous: Settings | null, next: Settings | null) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    const { oldValue, newValue } = changes[SETTINGS_KEY];
    cached = null;
    // A failed read of the secret store (IndexedDB closed mid-upgrade, say) must not vanish as an unhandled
    // rejection: the next loadSettings() reads again, and the reason is in the worker's console.
    void Promise.all([settingsBefore(oldValue, newValue, secrets), loadSettings()])
      .then(([previous, next]) => onChange(previous, next))
      .catch((error: unknown) => console.warn('Access Inspector: could not read the changed settings', error));
  });
}

/** Forget the cache (the options page saved and asks for an immediate re-read). */
export function reloadSettings(): Promise<Settings | null> {
  cached = null;
  return loadSettings();
}
