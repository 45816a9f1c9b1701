// Rules of the Verify view (composed into the panel's stylesheet through the view registry).
export const VERIFY_CSS = `
.registrant { border-bottom: 1px solid var(--border); padding: 6px 0; }
`;
