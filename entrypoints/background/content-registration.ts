// The content script is registered at runtime for exactly the configured platform origin, and only once the user
// granted host access to it. This keeps the manifest free of host permissions and static content_scripts: the
// extension can touch no site until the user names one and agrees.
import { browser } from 'wxt/browser';
import { hostPattern } from '../../components/messaging/host-pattern';
import { SHELL_TAG } from '../../components/messaging/protocol';
import { originOf, type Settings } from '../../core/messaging/settings';

export const CONTENT_SCRIPT_ID = 'access-inspector-panel';
export const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';

export async function hasHostAccess(settings: Settings | null): Promise<boolean> {
  if (!settings) return false;
  return browser.permissions.contains({ origins: [hostPattern(originOf(settings.baseUrl))] });
}

/**
 * Makes the registration match the settings: registered for the platform origin when access is granted, else
 * not at all. Returns whether the script is registered, and whether that is new (tabs already open on the
 * platform then get the script injected, so nobody has to reload).
 */
export async function syncRegistration(settings: Settings | null): Promise<{ registered: boolean; changed: boolean }> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  const granted = await hasHostAccess(settings);
  if (!settings || !granted) {
    if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
    return { registered: false, changed: existing.length > 0 };
  }
  const pattern = hostPattern(originOf(settings.baseUrl));
  const script = {
    id: CONTENT_SCRIPT_ID,
    matches: [pattern],
    js: [CONTENT_SCRIPT_FILE],
    runAt: 'document_idle' as const,
    allFrames: false,
  };
  if (existing.length === 0) {
    await browser.scripting.registerContentScripts([script]);
    return { registered: true, changed: true };
  }
  const same = existing[0].matches?.length === 1 && existing[0].matches[0] === pattern;
  if (!same) await browser.scripting.updateContentScripts([script]);
  return { registered: true, changed: !same };
}

/**
 * Injects the content script into tabs already showing the platform that do not run it yet (opened before
 * access was granted), so nobody has to reload. The shell's host element says whether it runs.
 */
export async function injectIntoOpenTabs(settings: Settings): Promise<void> {
  const origin = originOf(settings.baseUrl);
  const tabs = await browser.tabs.query({ url: hostPattern(origin) });
  await Promise.all(
    tabs
      .filter((t) => t.id !== undefined && t.url !== undefined && new URL(t.url).origin === origin)
      .map(async (t) => {
        const target = { tabId: t.id! };
        try {
          const [probe] = await browser.scripting.executeScript({
            target,
            func: (tag: string) => document.querySelector(tag) !== null,
            args: [SHELL_TAG],
          });
          if (probe?.result === true) return;
          await browser.scripting.executeScript({ target, files: [`/${CONTENT_SCRIPT_FILE}`] });
        } catch {
          // The tab navigated away or is not scriptable: it gets the script on its next platform page.
        }
      }),
  );
}

/** Host access is kept for the configured origin only: access granted for an earlier platform URL is given back. */
export async function releaseOtherOrigins(settings: Settings | null): Promise<void> {
  const keep = settings ? hostPattern(originOf(settings.baseUrl)) : null;
  const { origins = [] } = await browser.permissions.getAll();
  const stale = origins.filter((o) => o !== keep);
  if (stale.length > 0) await browser.permissions.remove({ origins: stale }).catch(() => false);
}
