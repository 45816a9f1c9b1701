// Keeps the panel's context per browser tab, so a full page load (every asset the support engineer opens) keeps the
// inspected user, the compared user, the tab and the open panel. The tab's memory lives in storage.session (gone with
// the browser session, keyed by the sender's tab, which the content script cannot fake); the last one is also kept
// in storage.local so the last inspection comes back after a browser restart, with the panel closed — in the
// first platform tab of the new session only: a new tab otherwise starts with the signed-in user.
import { browser } from 'wxt/browser';
import { messenger } from '../../components/messaging/protocol';
import { parsePanelMemory, type PanelMemory } from '../../components/panel/panel-memory';
import { requireSender } from './messages';

export const LAST_INSPECTION_KEY = 'lastInspection';
/** Set in storage.session once the last inspection was handed out (storage.session is empty after a restart). */
const RESTORED_KEY = 'lastInspectionRestored';
const tabKey = (tabId: number) => `panel:${tabId}`;

export async function rememberedFor(tabId: number | undefined): Promise<PanelMemory | null> {
  if (tabId !== undefined) {
    const key = tabKey(tabId);
    const own = parsePanelMemory((await browser.storage.session.get(key))[key]);
    if (own) return own;
  }
  if ((await browser.storage.session.get(RESTORED_KEY))[RESTORED_KEY] === true) return null;
  await browser.storage.session.set({ [RESTORED_KEY]: true });
  const last = parsePanelMemory((await browser.storage.local.get(LAST_INSPECTION_KEY))[LAST_INSPECTION_KEY]);
  // The first tab after a browser restart: the same people, but the panel opens only when asked.
  return last && { ...last, open: false };
}

export function listenForPanelMemory(): void {
  messenger.onMessage('panelMemory', async ({ sender }) => {
    await requireSender(sender, 'panelMemory', ['contentScript']);
    return rememberedFor(sender.tab?.id);
  });
  messenger.onMessage('rememberPanel', async ({ data, sender }) => {
    await requireSender(sender, 'rememberPanel', ['contentScript']);
    const memory = parsePanelMemory(data);
    if (memory === null) throw new Error('rememberPanel: expected { open, inspectUserId, tab, tabPageKind, compareUserId }');
    const tabId = sender.tab?.id;
    if (tabId !== undefined) await browser.storage.session.set({ [tabKey(tabId)]: memory });
    await browser.storage.local.set({ [LAST_INSPECTION_KEY]: memory });
  });
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(tabKey(tabId)).catch(() => undefined));
}
