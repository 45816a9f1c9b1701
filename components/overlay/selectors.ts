// Where the overlay finds what it changes on a platform page: the data attributes of demo/PAGES.md, the same
// contract the page adapters read.
export const OVERLAY_SELECTORS = {
  /** Asset rows and the asset detail root (ticket rows' asset cells are handled through their ticket). */
  asset: '[data-ai-asset-id]',
  assetIdAttr: 'data-ai-asset-id',
  ticket: '[data-ai-ticket-id]',
  ticketIdAttr: 'data-ai-ticket-id',
  /** Elements whose text is an asset's name (inside ticket rows: redacted per R4). */
  assetName: '[data-ai-asset-name-of]',
  /** Elements whose text is a user's name; the page's own "Name hidden" placeholders are left alone. */
  userName: '[data-ai-user-name-of]:not([data-ai-name-hidden])',
  userNameOfAttr: 'data-ai-user-name-of',
  menuItem: '[data-ai-menu-group]',
  menuGroupAttr: 'data-ai-menu-group',
} as const;

/** The one attribute the overlay adds to page elements (space-separated tokens), removed when it turns off. */
export const OVERLAY_ATTR = 'data-ai-overlay';
export const BANNER_ATTR = 'data-ai-overlay-banner';
export const STYLE_ATTR = 'data-ai-overlay-style';

/** The placeholders the platform itself uses (demo/pages/layout.ts, tickets.ts). */
export const MASK_TEXT = { userName: 'Name hidden', assetName: 'Asset hidden' } as const;
