// The widget's own chrome (launcher and frame); the panel brings its stylesheet in its nested shadow root.
import { HOST_VISIBLE } from '../components/panel/host-visible';
import { PANEL_DEFAULT_WIDTH, PANEL_MIN_WIDTH } from '../components/panel/panel-width';

export const WIDGET_CSS = `
:host { all: initial; ${HOST_VISIBLE} }
:host(:not([data-signed-in]):not([data-session-ended])) { display: none !important; }
:host([data-standing-down]) { display: none !important; }
.launcher { position: fixed; bottom: var(--ai-keep-clear, 16px); left: 16px; z-index: 2147483645; display: inline-flex; align-items: center; gap: 6px;
  padding: 8px 14px; border: 2px solid #ffffff; border-radius: 999px; background: #0969da; color: #ffffff; cursor: pointer;
  font: 600 13px/1 system-ui, -apple-system, "Segoe UI", sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.28); }
.launcher:hover { background: #0757b8; }
.launcher:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.launcher[aria-expanded="true"] { background: #1b1f24; }
/* As tall as the panel (up to above the launcher, which stays above the View-as banner); only the panel takes clicks. */
.frame { position: fixed; top: 16px; left: 16px; z-index: 2147483645; width: max-content; max-width: calc(100vw - 32px);
  max-height: calc(100vh - 16px - var(--ai-keep-clear, 16px) - 48px); display: flex; flex-direction: column; pointer-events: none; }
.frame[hidden] { display: none; }
.frame[data-dock="right"] { left: auto; right: 16px; }
.frame[data-dock="right"] ~ .launcher { left: auto; right: 16px; }
/* Resizable sideways by its corner grip (the width is remembered, components/panel/panel-width.ts); docked right,
   the grip is on the left (rtl box), the side that moves. */
.slot { flex: 0 1 auto; min-height: 0; max-height: 100%; display: flex; flex-direction: column; pointer-events: auto;
  width: ${PANEL_DEFAULT_WIDTH}px; min-width: min(${PANEL_MIN_WIDTH}px, calc(100vw - 32px)); max-width: calc(100vw - 32px); resize: horizontal; overflow: hidden; }
.frame[data-dock="right"] .slot { direction: rtl; }
`;
