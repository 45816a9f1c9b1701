// Styles of the shell around the panel: the launcher and the frame the panel sits in. They live in the shell's
// shadow root (createShadowRootUi resets inherited page styles with `all: initial`), so page CSS cannot reach in
// and these rules cannot leak out. The panel brings its own stylesheet in its own nested shadow root.
import { HOST_VISIBLE } from '../../components/panel/host-visible';
import { LAUNCHER_MARGIN, LAUNCHER_SIZE } from './dock';
import { PANEL_DEFAULT_WIDTH, PANEL_MIN_WIDTH } from '../../components/panel/panel-width';

/** Room beside the frame: the launcher's column and the margins. */
const FRAME_ROOM = 3 * LAUNCHER_MARGIN + LAUNCHER_SIZE;

export const SHELL_CSS = `
:host { position: fixed !important; inset: 0 auto auto 0 !important; width: 0 !important; height: 0 !important;
  z-index: 2147483646 !important; overflow: visible !important; ${HOST_VISIBLE} }
.launcher { position: fixed; width: ${LAUNCHER_SIZE}px; height: ${LAUNCHER_SIZE}px; border-radius: 50%;
  border: 2px solid #ffffff; background: #0969da; color: #ffffff; cursor: grab; touch-action: none; user-select: none;
  font: 700 13px/1 system-ui, -apple-system, "Segoe UI", sans-serif; letter-spacing: .02em; padding: 0;
  box-shadow: 0 2px 8px rgba(0,0,0,.28); display: flex; align-items: center; justify-content: center;
  transition: left .15s ease, top .15s ease, background .15s ease; }
.launcher:hover { background: #0757b8; }
.launcher:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.launcher[aria-expanded="true"] { background: #1b1f24; }
.launcher.dragging { cursor: grabbing; transition: none; opacity: .9; }
.launcher svg { width: 22px; height: 22px; pointer-events: none; }
/* The frame is as tall as the panel (up to the viewport, less room kept clear for the View-as banner), and only the
   panel itself takes pointer events: nothing invisible covers the page. */
.frame { position: fixed; top: ${LAUNCHER_MARGIN}px; max-height: calc(100vh - ${LAUNCHER_MARGIN}px - var(--ai-keep-clear, ${LAUNCHER_MARGIN}px));
  width: max-content; max-width: calc(100vw - ${FRAME_ROOM}px); display: flex; flex-direction: column;
  pointer-events: none; }
.frame[hidden] { display: none; }
.frame.right { right: ${LAUNCHER_SIZE + 2 * LAUNCHER_MARGIN}px; }
.frame.left { left: ${LAUNCHER_SIZE + 2 * LAUNCHER_MARGIN}px; }
/* Resizable sideways by its corner grip (the width is remembered, components/panel/panel-width.ts); docked right,
   the grip is on the left (rtl box), the side that moves. */
.slot { flex: 0 1 auto; min-height: 0; max-height: 100%; display: flex; flex-direction: column; pointer-events: auto;
  width: ${PANEL_DEFAULT_WIDTH}px; min-width: min(${PANEL_MIN_WIDTH}px, calc(100vw - ${FRAME_ROOM}px));
  max-width: calc(100vw - ${FRAME_ROOM}px); resize: horizontal; overflow: hidden; }
.frame.right .slot { direction: rtl; }
`;
