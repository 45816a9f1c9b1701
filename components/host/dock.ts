// Where the launcher docks after a drag: to the nearer side of the viewport, at the height it was dropped,
// kept as a fraction of the viewport so it stays on screen when the window is resized. Pure math (tested alone).
import type { LauncherPosition } from '../../core/messaging/launcher-position';

export interface Viewport {
  width: number;
  height: number;
}

/** Launcher size in CSS pixels (square) and its distance from the docked edge. */
export const LAUNCHER_SIZE = 44;
export const LAUNCHER_MARGIN = 12;

/** Docks a launcher whose centre was dropped at (x, y). */
export function dockAt(x: number, y: number, viewport: Viewport): LauncherPosition {
  const side = x < viewport.width / 2 ? 'left' : 'right';
  const travel = Math.max(1, viewport.height - LAUNCHER_SIZE - 2 * LAUNCHER_MARGIN);
  const top = (y - LAUNCHER_SIZE / 2 - LAUNCHER_MARGIN) / travel;
  return { side, top: clamp01(top) };
}

/** The launcher's top-left corner, in pixels, for a docked position. */
export function placeOf(position: LauncherPosition, viewport: Viewport): { left: number; top: number } {
  const travel = Math.max(0, viewport.height - LAUNCHER_SIZE - 2 * LAUNCHER_MARGIN);
  return {
    left: position.side === 'left' ? LAUNCHER_MARGIN : Math.max(LAUNCHER_MARGIN, viewport.width - LAUNCHER_SIZE - LAUNCHER_MARGIN),
    top: LAUNCHER_MARGIN + clamp01(position.top) * travel,
  };
}

/** Keyboard nudges: arrows move the docked launcher without a pointer. */
export function nudge(position: LauncherPosition, key: string): LauncherPosition | null {
  switch (key) {
    case 'ArrowLeft':
      return { ...position, side: 'left' };
    case 'ArrowRight':
      return { ...position, side: 'right' };
    case 'ArrowUp':
      return { ...position, top: clamp01(position.top - 0.05) };
    case 'ArrowDown':
      return { ...position, top: clamp01(position.top + 0.05) };
    default:
      return null;
  }
}

/** A pointer that moved less than this between down and up was a click, not a drag. */
export const DRAG_THRESHOLD = 4;

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}
