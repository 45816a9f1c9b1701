// Where the launcher sits: docked to a side, at a vertical offset (a fraction of the viewport height). Read by the
// content script, so it is checked by hand instead of with zod (zod would triple the content script's size).
export const LAUNCHER_KEY = 'launcher';

/** The edge the launcher and the panel dock to. */
export type DockSide = 'left' | 'right';

export interface LauncherPosition {
  side: DockSide;
  /** 0 = top of the viewport, 1 = bottom. */
  top: number;
}

export const DEFAULT_LAUNCHER_POSITION: LauncherPosition = { side: 'right', top: 0.85 };

/** A stored position, or null when it is missing or not one (then the default applies). */
export function parseLauncherPosition(value: unknown): LauncherPosition | null {
  if (typeof value !== 'object' || value === null) return null;
  const { side, top } = value as Record<string, unknown>;
  if (side !== 'left' && side !== 'right') return null;
  if (typeof top !== 'number' || !Number.isFinite(top) || top < 0 || top > 1) return null;
  return { side, top };
}
