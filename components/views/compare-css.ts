// Rules of the Compare view and its draft-role editor (composed into the panel's stylesheet through the view registry).
export const COMPARE_CSS = `
table.compact th, table.compact td { padding: 2px 6px; }
.features-editor tr.off td { color: var(--muted); }
.features-editor th label { color: var(--fg); font-weight: 600; }
.draft-editor { border: 1px solid var(--border); border-radius: 6px; padding: 6px 8px; margin: 6px 0; }
.compare-summary { border-top: 1px solid var(--border); margin-top: 8px; }
.changes { padding-left: 40px; }
.changes li { padding: 1px 0; }
`;
