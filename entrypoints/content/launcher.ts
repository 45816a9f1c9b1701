// The launcher: a round button docked to the left or right edge. Click (or Enter/Space) toggles the panel; drag
// moves it and it docks to the nearer side on release; Alt+arrow keys move it without a pointer. Its position is
// kept in storage.local so every platform tab shows it in the same place.
import { browser } from 'wxt/browser';
import {
  DEFAULT_LAUNCHER_POSITION,
  LAUNCHER_KEY,
  parseLauncherPosition,
  type LauncherPosition,
} from '../../core/messaging/launcher-position';
import { DRAG_THRESHOLD, LAUNCHER_SIZE, dockAt, nudge, placeOf } from '../../components/host/dock';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface Launcher {
  element: HTMLButtonElement;
  position(): LauncherPosition;
  setExpanded(open: boolean): void;
  /** Keep this much room free at the bottom of the viewport (the View-as banner sits there while it is on). */
  keepClear(px: number): void;
  /** Docks to that side at the same height (the panel's Dock button), remembered like a drag. */
  setSide(side: LauncherPosition['side']): void;
  /** Follows the position other tabs store. */
  dispose(): void;
}

export async function loadLauncherPosition(): Promise<LauncherPosition> {
  const stored = await browser.storage.local.get(LAUNCHER_KEY);
  const parsed = parseLauncherPosition(stored[LAUNCHER_KEY]);
  return parsed ?? DEFAULT_LAUNCHER_POSITION;
}

function icon(doc: Document): SVGSVGElement {
  // A magnifier over a key: "inspect access". Built node by node, never parsed from markup.
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2.2');
  svg.setAttribute('stroke-linecap', 'round');
  const circle = doc.createElementNS(SVG_NS, 'circle');
  circle.setAttribute('cx', '10');
  circle.setAttribute('cy', '10');
  circle.setAttribute('r', '6.5');
  const handle = doc.createElementNS(SVG_NS, 'path');
  handle.setAttribute('d', 'M15 15l6 6');
  const check = doc.createElementNS(SVG_NS, 'path');
  check.setAttribute('d', 'M7.3 10.2l1.9 1.9 3.6-3.8');
  svg.append(circle, handle, check);
  return svg;
}

export function createLauncher(
  doc: Document,
  initial: LauncherPosition,
  onToggle: () => void,
  onMove: (p: LauncherPosition) => void,
): Launcher {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.setAttribute('aria-label', 'Access Inspector (Alt+Shift+A). Drag or Alt+arrow keys to move.');
  button.title = 'Access Inspector (Alt+Shift+A)';
  button.setAttribute('aria-expanded', 'false');
  button.append(icon(doc));
  let position = initial;
  const win = doc.defaultView!;
  const viewport = () => ({ width: win.innerWidth, height: win.innerHeight });

  let clearBottom = 0;
  const place = () => {
    const { left, top } = placeOf(position, viewport());
    button.style.left = `${left}px`;
    button.style.top = `${clearBottom > 0 ? Math.max(0, Math.min(top, win.innerHeight - clearBottom - LAUNCHER_SIZE)) : top}px`;
  };
  const settle = (next: LauncherPosition) => {
    position = next;
    place();
    onMove(next);
    void browser.storage.local.set({ [LAUNCHER_KEY]: next });
  };
  place();

  let drag: { id: number; startX: number; startY: number; moved: boolean } | null = null;
  button.addEventListener('pointerdown', (e) => {
    if (!e.isTrusted || e.button !== 0) return;
    drag = { id: e.pointerId, startX: e.clientX, startY: e.clientY, moved: false };
    button.setPointerCapture(e.pointerId);
  });
  button.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    if (!drag.moved && Math.hypot(e.clientX - drag.startX, e.clientY - drag.startY) < DRAG_THRESHOLD) return;
    drag.moved = true;
    button.classList.add('dragging');
    button.style.left = `${e.clientX - LAUNCHER_SIZE / 2}px`;
    button.style.top = `${e.clientY - LAUNCHER_SIZE / 2}px`;
  });
  // A drag ends with a click event too: only a real click toggles.
  let suppressClick = false;
  const endDrag = (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.id) return;
    const moved = drag.moved;
    drag = null;
    button.classList.remove('dragging');
    suppressClick = moved;
    if (moved) settle(dockAt(e.clientX, e.clientY, viewport()));
  };
  button.addEventListener('pointerup', endDrag);
  button.addEventListener('pointercancel', endDrag);
  button.addEventListener('click', (e) => {
    // Only a person opens the panel: a page script's launcher.click() or dispatched event is not trusted.
    if (!e.isTrusted) return;
    if (suppressClick) {
      suppressClick = false;
      e.preventDefault();
      return;
    }
    onToggle();
  });
  button.addEventListener('keydown', (e) => {
    if (!e.isTrusted || !e.altKey) return;
    const next = nudge(position, e.key);
    if (!next) return;
    e.preventDefault();
    settle(next);
  });
  win.addEventListener('resize', place);
  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(LAUNCHER_KEY in changes)) return;
    const next = parseLauncherPosition(changes[LAUNCHER_KEY].newValue);
    if (next && (next.side !== position.side || next.top !== position.top)) {
      position = next;
      place();
      onMove(next);
    }
  };
  browser.storage.onChanged.addListener(onStorage);

  return {
    element: button,
    position: () => position,
    setExpanded(open) {
      button.setAttribute('aria-expanded', String(open));
    },
    keepClear(px) {
      clearBottom = px;
      place();
    },
    setSide(side) {
      if (side !== position.side) settle({ ...position, side });
    },
    dispose() {
      win.removeEventListener('resize', place);
      browser.storage.onChanged.removeListener(onStorage);
    },
  };
}
