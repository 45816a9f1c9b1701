// Rules of the Who view (composed into the panel's stylesheet through the view registry).
export const WHO_CSS = `
.permissions { list-style: none; padding: 0; columns: 2; }
`;
