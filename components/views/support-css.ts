// Rules of the Explain & export view (composed into the panel's stylesheet through the view registry).
export const SUPPORT_CSS = `
.found { list-style: none; padding: 0; }
.found button { border: 0; padding: 0; color: var(--accent); background: none; text-align: left; }
code { font: 12px ui-monospace, monospace; }
`;
