// The panel's shared rules: the host, the frame, the header, the tabs and what several views use. Each view's own rules
// live beside it (components/views/*-css.ts) and join these in the one shadow-root stylesheet (./stylesheet.ts).
// `all: initial` on the host keeps page styles out; every rule is scoped by the shadow root, so nothing leaks back.
// Effect colours keep 4.5:1 (WCAG AA) on the panel's ground and on the active row's (test/e2e/accessibility.test.ts).
export const PANEL_CSS = `
:host { all: initial; display: block; color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --border: #d0d7de; --accent: #0969da; --accent-fg: #ffffff;
  --ok: #116329; --no: #a40e26; --warn: #7d4e00; --row-active: #ddf4ff; --panel-shadow: 0 8px 24px rgba(140,149,159,.3); }
@media (prefers-color-scheme: dark) {
  :host { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --border: #30363d; --accent: #4493f8; --accent-fg: #0d1117;
    --ok: #3fb950; --no: #ff7b72; --warn: #d29922; --row-active: #1f2d3d; --panel-shadow: 0 8px 24px rgba(1,4,9,.8); }
}
/* The host's height (set by whoever places it) reaches the panel, which scrolls inside it. Where the host is a
   column flex box only capped by a max-height (the shell's and the widget's frame, as tall as the panel), the root
   and the panel shrink to fit it (min-height: 0) rather than spill out of the viewport. */
.ai-root { height: 100%; min-height: 0; flex: 0 1 auto; display: flex; flex-direction: column; }
/* Page rules that hit the host element itself (e.g. "* { letter-spacing }") outrank :host: reset again one level in.
   \`all\` leaves direction alone: the frame docked right is an rtl box (its resize grip on the left), and the page may
   be rtl; the panel's text is always left to right. */
.ai-panel { all: initial; direction: ltr; color-scheme: light dark; box-sizing: border-box; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); border: 1px solid var(--border); border-radius: 8px; box-shadow: var(--panel-shadow);
  width: 100%; max-height: 100%; min-height: 0; flex: 0 1 auto; display: flex; flex-direction: column; overflow: hidden; }
/* border-box outright, not \`inherit\`: an explicit inherit of a non-inherited property keeps Chromium from sharing
   cached computed styles, so every row of the virtual list paid a full style resolve on each scroll frame. */
.ai-panel * { box-sizing: border-box; }
.panel-head { padding: 8px 12px; border-bottom: 1px solid var(--border); display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; }
h1 { font-size: 14px; margin: 0; flex: 1 1 auto; }
h1:focus { outline: none; }
h1:focus-visible { outline: 2px solid var(--accent); }
h2 { font-size: 15px; margin: 4px 0 8px; }
h3 { font-size: 13px; margin: 12px 0 4px; }
h4 { font-size: 12px; margin: 8px 0 4px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
button, input, select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border);
  border-radius: 6px; padding: 3px 8px; }
button { cursor: pointer; }
button:disabled { opacity: .6; cursor: default; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
label { color: var(--muted); }
.row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
.inspecting { width: 100%; display: flex; gap: 8px; align-items: center; }
.picker { position: relative; display: flex; gap: 6px; align-items: center; }
.picker-results { position: absolute; top: 100%; left: 0; right: 0; z-index: 2; list-style: none; margin: 2px 0 0; padding: 2px;
  background: var(--bg); border: 1px solid var(--border); border-radius: 6px; max-height: 240px; overflow: auto; }
.picker-results li { padding: 3px 6px; border-radius: 4px; cursor: pointer; }
.picker-results li.active { background: var(--row-active); }
/* flex: none: a scrolling box may shrink below its content, and the tabs' row would be cut when the header grows. */
.tablist { flex: none; position: relative; display: flex; flex-wrap: nowrap; gap: 2px; padding: 0 8px; border-bottom: 1px solid var(--border);
  overflow-x: auto; overscroll-behavior-x: contain; scrollbar-width: thin; }
/* One row at any width: tabs that do not fit scroll sideways rather than wrap into a second row. */
[role="tab"] { flex: none; white-space: nowrap; border: 0; border-bottom: 2px solid transparent; border-radius: 0; padding: 6px 8px; background: none; color: var(--muted); }
[role="tab"][aria-selected="true"] { color: var(--fg); border-bottom-color: var(--accent); font-weight: 600; }
.tabpanel { padding: 8px 12px 12px; overflow: auto; flex: 1 1 auto; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
ul, ol { margin: 4px 0; padding-left: 20px; }
.ok { color: var(--ok); }
.no { color: var(--no); }
.ok .mark, .no .mark { font-weight: 700; }
.steps li.ok, .steps li.no { color: var(--fg); }
.steps li.ok .mark { color: var(--ok); }
.steps li.no { font-weight: 600; }
.steps li.no .mark { color: var(--no); }
.muted { color: var(--muted); }
.error { color: var(--no); }
.freshness { font-size: 12px; color: var(--muted); margin-top: 4px; }
.freshness.stale > span { color: var(--warn); font-weight: 600; }
.freshness .error { margin: 4px 0 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--border); }
.effect { display: inline-block; min-width: 48px; text-align: center; border-radius: 10px; padding: 0 6px; font-size: 11px; font-weight: 600; border: 1px solid currentColor; }
.effect-full, .effect-visible { color: var(--ok); }
.effect-read, .effect-redacted { color: var(--warn); }
.effect-hidden { color: var(--no); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); white-space: nowrap; border: 0; }
/* Used by several views: choices in a row (Compare, View as), folded reasons, registrant queues, copy fallbacks. */
fieldset { border: 0; padding: 0; margin: 6px 0; min-width: 0; }
legend { color: var(--muted); padding: 0; margin-right: 6px; float: left; }
.queue { padding-left: 20px; }
details summary { cursor: pointer; color: var(--accent); margin: 4px 0; }
.reasons li { margin: 2px 0; }
/* "As of" a past moment (issue 18): the control in the header and the banner above every answer given as of then. */
.as-of { width: 100%; }
.as-of-form { margin-top: 4px; }
.as-of-banner { flex: none; padding: 6px 12px; border-bottom: 1px solid var(--border); border-left: 4px solid var(--warn); background: var(--row-active); }
.as-of-banner .row { margin: 0; }
.as-of-banner strong { color: var(--fg); }
.as-of-banner p { margin: 4px 0 0; }
.copy-fallback { width: 100%; font: 12px/1.4 ui-monospace, monospace; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; }
`;

/** Styles of the page badges (each in its own shadow root). */
export const BADGE_CSS = `
:host { all: initial; display: inline-block; vertical-align: middle; margin-left: 6px; color-scheme: light dark;
  --ok: #1a7f37; --warn: #9a6700; --no: #cf222e; --bg: #ffffff; }
@media (prefers-color-scheme: dark) { :host { --ok: #3fb950; --warn: #d29922; --no: #f85149; --bg: #0d1117; } }
/* all: initial again on the label: page rules that hit the host element outrank :host. */
.b { all: initial; display: inline-block; font: 600 10px/16px system-ui, sans-serif; padding: 0 6px; border-radius: 8px; border: 1px solid currentColor; background: var(--bg); cursor: pointer; }
.b:focus-visible { outline: 2px solid currentColor; outline-offset: 1px; }
.full { color: var(--ok); } .read { color: var(--warn); } .hidden { color: var(--no); }
`;
