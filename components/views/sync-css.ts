// Rules of the Sync view (composed into the panel's stylesheet through the view registry).
export const SYNC_CSS = `
progress { width: 160px; }
`;
