// What a person chose in the widget, remembered in this origin's localStorage: the panel's width and the side it
// is docked to. Where storage is blocked (sandbox, privacy settings) nothing is remembered and the choice holds now.
import type { DockSide } from '../core/messaging/launcher-position';
import { parsePanelWidth } from '../components/panel/panel-width';

/** localStorage key of the panel's width as a person resized it. */
const WIDTH_KEY = 'access-inspector-width';
/** localStorage key of the side a person docked the panel to (the page's `dock` attribute is the default). */
const DOCK_KEY = 'access-inspector-dock';

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; the choice holds for now.
  }
}

/** The width a person resized the panel to (null: the default), and where a new one goes. */
export const storedWidth = {
  width: () => parsePanelWidth(readStored(WIDTH_KEY)),
  saveWidth: (width: number) => store(WIDTH_KEY, String(width)),
};

/** The side a person chose with the panel's "Dock" button, else null (the page's `dock` attribute decides). */
export function storedDock(): DockSide | null {
  const chosen = readStored(DOCK_KEY);
  return chosen === 'left' || chosen === 'right' ? chosen : null;
}

export function storeDock(side: DockSide): void {
  store(DOCK_KEY, side);
}
