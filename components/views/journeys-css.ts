// Styles of the journey views (compare, explain & export, view as, verify, invite), added to the panel's shadow root
// next to PANEL_CSS; the same custom properties, so light and dark follow the panel.
export const JOURNEYS_CSS = `
fieldset { border: 0; padding: 0; margin: 6px 0; min-width: 0; }
legend { color: var(--muted); padding: 0; margin-right: 6px; float: left; }
table.compact th, table.compact td { padding: 2px 6px; }
.features-editor tr.off td { color: var(--muted); }
.features-editor th label { color: var(--fg); font-weight: 600; }
.draft-editor { border: 1px solid var(--border); border-radius: 6px; padding: 6px 8px; margin: 6px 0; }
.compare-summary { border-top: 1px solid var(--border); margin-top: 8px; }
.changes { padding-left: 40px; }
.changes li { padding: 1px 0; }
.queue { padding-left: 20px; }
.registrant { border-bottom: 1px solid var(--border); padding: 6px 0; }
details summary { cursor: pointer; color: var(--accent); margin: 4px 0; }
.reasons li { margin: 2px 0; }
.found { list-style: none; padding: 0; }
.found button { border: 0; padding: 0; color: var(--accent); background: none; text-align: left; }
.copy-fallback { width: 100%; font: 12px/1.4 ui-monospace, monospace; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; }
.overlay-stats { list-style: none; padding: 6px 8px; border: 1px solid var(--border); border-radius: 6px; }
code { font: 12px ui-monospace, monospace; }
`;
