// Rules of the View as view (composed into the panel's stylesheet through the view registry).
export const OVERLAY_CSS = `
.overlay-stats { list-style: none; padding: 6px 8px; border: 1px solid var(--border); border-radius: 6px; }
`;
