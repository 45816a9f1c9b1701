// Rules of the History view (composed into the panel's stylesheet through the view registry).
export const HISTORY_CSS = `
.timeline { list-style: none; padding: 0; margin: 6px 0; }
.timeline > li { padding: 6px 0; border-bottom: 1px solid var(--border); }
.timeline time { font-weight: 600; white-space: nowrap; }
.timeline .effects { font-weight: 600; }
.timeline > li.gap, p.gap { color: var(--warn); border-left: 3px dashed var(--warn); padding-left: 8px; }
button.link { border: 0; background: none; padding: 0; color: var(--accent); text-decoration: underline; }
.groups { padding-left: 16px; }
.groups p { margin: 4px 0 2px; }
.history-assets { padding-left: 16px; }
.compare-then { border-top: 1px solid var(--border); margin-top: 10px; }
`;
