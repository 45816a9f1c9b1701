// Wires the background: listeners are added synchronously when the worker starts (MV3 delivers the event that
// woke it only to listeners present by then). Periodic sync runs on browser.alarms, never on timers, and every
// bit of state is in storage.local or IndexedDB.
import { browser, type Browser } from 'wxt/browser';
import type { SyncStatus } from '../../core/source/data-source';
import { hostPattern } from '../../components/messaging/host-pattern';
import { messenger } from '../../components/messaging/protocol';
import { originOf, type Settings } from '../../core/messaging/settings';
import { CacheService } from './cache-service';
import { injectIntoOpenTabs, releaseOtherOrigins, syncRegistration } from './content-registration';
import { listenForMessages } from './messages';
import { listenForPanelMemory } from './panel-memory';
import { loadSettings, reloadSettings, watchSettings } from './settings-store';

const SYNC_ALARM = 'access-inspector-sync';
export const TOGGLE_COMMAND = 'toggle-panel';

/** Pushes a status change to every tab of the platform (where the content script runs). */
async function broadcastStatus(status: SyncStatus): Promise<void> {
  const settings = await loadSettings();
  if (!settings) return;
  const origin = originOf(settings.baseUrl);
  const tabs = await browser.tabs.query({ url: hostPattern(origin) }).catch(() => []);
  for (const tab of tabs) {
    if (tab.id === undefined || !tab.url || new URL(tab.url).origin !== origin) continue;
    // A tab without the content script (loaded before access was granted) has nobody listening: fine.
    messenger.sendMessage('statusChanged', status, tab.id).catch(() => undefined);
  }
}

async function scheduleSync(settings: Settings | null): Promise<void> {
  if (!settings) {
    await browser.alarms.clear(SYNC_ALARM);
    return;
  }
  const existing = await browser.alarms.get(SYNC_ALARM);
  if (existing?.periodInMinutes === settings.syncIntervalMinutes) return;
  await browser.alarms.create(SYNC_ALARM, { periodInMinutes: settings.syncIntervalMinutes, delayInMinutes: settings.syncIntervalMinutes });
}

/** The keyboard command: the background relays it to the tab it was pressed in. */
export async function handleCommand(command: string, tab?: Browser.tabs.Tab): Promise<void> {
  if (command !== TOGGLE_COMMAND || tab?.id === undefined) return;
  // No content script in that tab (not the platform): nothing to toggle.
  await messenger.sendMessage('togglePanel', {}, tab.id).catch(() => undefined);
}

export function startBackground(): void {
  const cache = new CacheService((status) => void broadcastStatus(status));
  // Settings changes are applied one after the other: a cache reset must not interleave with a sync.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const reconcile = () =>
    serially(async () => {
      const settings = await loadSettings();
      const registration = await syncRegistration(settings);
      await scheduleSync(settings);
      return { settings, registration };
    });

  listenForMessages({
    source: () => cache.getSource(),
    extensionState: () => cache.extensionState(),
    settingsSaved: async () => {
      await reloadSettings();
      const { settings, registration } = await reconcile();
      if (settings && registration.registered) {
        await releaseOtherOrigins(settings);
        await injectIntoOpenTabs(settings);
        await serially(() => cache.startSync());
      }
      return cache.extensionState();
    },
  });

  listenForPanelMemory();

  watchSettings((previous, next) => {
    // A new platform or key empties the cache: fill it again right away.
    void serially(() => cache.settingsChanged(previous, next)).then((emptied) => emptied && serially(() => cache.startSync()));
    void reconcile();
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SYNC_ALARM) return;
    void cache.startSync().then(() => cache.whenIdle());
  });

  browser.commands.onCommand.addListener((command, tab) => void handleCommand(command, tab));

  // Host access can also be granted or withdrawn on the browser's own extension settings page.
  browser.permissions.onAdded.addListener(() => void reconcile());
  browser.permissions.onRemoved.addListener(() => void reconcile());

  // Installed, updated or the browser started: the registration and the alarm may be gone, the data stale.
  const restart = () => void reconcile().then(({ registration }) => registration.registered && cache.startSync());
  browser.runtime.onInstalled.addListener(restart);
  browser.runtime.onStartup.addListener(restart);
}
