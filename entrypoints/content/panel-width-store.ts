// The panel's width as a person resized it, in storage.local: shared by every tab, like the launcher's place.
import { browser } from 'wxt/browser';
import { parsePanelWidth } from '../../components/panel/panel-width';

const PANEL_WIDTH_KEY = 'panelWidth';

/** The stored width (null: the default) and where a new one goes, as the launcher frame takes them. */
export async function loadPanelWidth(): Promise<{ width: () => number | null; saveWidth: (width: number) => void }> {
  const stored: Record<string, unknown> = await browser.storage.local.get(PANEL_WIDTH_KEY).catch(() => ({}));
  return {
    width: () => parsePanelWidth(stored[PANEL_WIDTH_KEY]),
    saveWidth: (width) => void browser.storage.local.set({ [PANEL_WIDTH_KEY]: width }),
  };
}
