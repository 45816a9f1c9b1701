// Rules of the Tickets view (composed into the panel's stylesheet through the view registry).
export const TICKETS_CSS = `
.tickets { list-style: none; padding: 0; }
.ticket { padding: 6px 0; border-bottom: 1px solid var(--border); }
`;
