// The stylesheet of the launcher and the frame the panel sits in, for both hosts: the extension's round launcher
// docked beside the frame (it can be dragged), and the widget's labelled launcher below it. Both live in their
// host's shadow root, so page CSS cannot reach in and these rules cannot leak out; the panel brings its own
// stylesheet in its nested shadow root. The frame is as tall as the panel (up to the viewport, less the room kept
// clear for the View-as banner, --ai-keep-clear) and only the panel takes pointer events: nothing invisible covers
// the page. The slot is resizable sideways by its corner grip (components/panel/panel-width.ts); docked right, the
// grip is on the left (rtl box), the side that moves.
import { LAUNCHER_MARGIN, LAUNCHER_SIZE } from './dock';
import { PANEL_DEFAULT_WIDTH, PANEL_MIN_WIDTH } from '../panel/panel-width';

export type LauncherKind = 'round' | 'labelled';

/** Room beside the frame: the round launcher's column and the margins; the labelled one sits below. */
const ROOM: Record<LauncherKind, number> = { round: 3 * LAUNCHER_MARGIN + LAUNCHER_SIZE, labelled: 32 };

const LAYOUT: Record<LauncherKind, string> = {
  round: `
.launcher { position: fixed; width: ${LAUNCHER_SIZE}px; height: ${LAUNCHER_SIZE}px; border-radius: 50%;
  border: 2px solid #ffffff; background: #0969da; color: #ffffff; cursor: grab; touch-action: none; user-select: none;
  font: 700 13px/1 system-ui, -apple-system, "Segoe UI", sans-serif; letter-spacing: .02em; padding: 0;
  box-shadow: 0 2px 8px rgba(0,0,0,.28); display: flex; align-items: center; justify-content: center;
  transition: left .15s ease, top .15s ease, background .15s ease; }
.launcher.dragging { cursor: grabbing; transition: none; opacity: .9; }
.launcher svg { width: 22px; height: 22px; pointer-events: none; }
.frame { top: ${LAUNCHER_MARGIN}px; max-height: calc(100vh - ${LAUNCHER_MARGIN}px - var(--ai-keep-clear, ${LAUNCHER_MARGIN}px)); }
.frame[data-dock="right"] { right: ${LAUNCHER_SIZE + 2 * LAUNCHER_MARGIN}px; }
.frame[data-dock="left"] { left: ${LAUNCHER_SIZE + 2 * LAUNCHER_MARGIN}px; }
`,
  labelled: `
.launcher { position: fixed; bottom: var(--ai-keep-clear, 16px); left: 16px; z-index: 2147483645; display: inline-flex; align-items: center; gap: 6px;
  padding: 8px 14px; border: 2px solid #ffffff; border-radius: 999px; background: #0969da; color: #ffffff; cursor: pointer;
  font: 600 13px/1 system-ui, -apple-system, "Segoe UI", sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.28); }
.frame { top: 16px; left: 16px; z-index: 2147483645; max-height: calc(100vh - 16px - var(--ai-keep-clear, 16px) - 48px); }
.frame[data-dock="right"] { left: auto; right: 16px; }
.frame[data-dock="right"] ~ .launcher { left: auto; right: 16px; }
`,
};

export function launcherFrameCss(kind: LauncherKind): string {
  const room = ROOM[kind];
  return `${LAYOUT[kind]}
.launcher:hover { background: #0757b8; }
.launcher:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.launcher[aria-expanded="true"] { background: #1b1f24; }
.frame { position: fixed; width: max-content; max-width: calc(100vw - ${room}px); display: flex; flex-direction: column; pointer-events: none; }
.frame[hidden] { display: none; }
.slot { flex: 0 1 auto; min-height: 0; max-height: 100%; display: flex; flex-direction: column; pointer-events: auto;
  width: ${PANEL_DEFAULT_WIDTH}px; min-width: min(${PANEL_MIN_WIDTH}px, calc(100vw - ${room}px));
  max-width: calc(100vw - ${room}px); resize: horizontal; overflow: hidden; }
.frame[data-dock="right"] .slot { direction: rtl; }
`;
}
