// Where the overlay finds what it changes on a platform page: the data attributes of demo/PAGES.md, the same
// contract the page adapters read (core/adapters/common.ts holds the row selectors; these derive from it).
import { ASSET_ROWS, TICKET_ROWS } from '../../core/adapters/common';

export const OVERLAY_SELECTORS = {
  /** Asset rows and the asset detail root (ticket rows' asset cells are handled through their ticket). */
  asset: ASSET_ROWS.selector,
  assetIdAttr: ASSET_ROWS.attr,
  /** The asset a detail page is about (also on the page a hidden asset gets). */
  assetDetailIdAttr: 'data-ai-asset-detail-id',
  ticket: TICKET_ROWS.selector,
  ticketIdAttr: TICKET_ROWS.attr,
  /** Elements whose text is an asset's name (inside ticket rows: redacted per R4). */
  assetName: '[data-ai-asset-name-of]',
  /** Elements whose text is a user's name; the page's own "Name hidden" placeholders are left alone. */
  userName: '[data-ai-user-name-of]:not([data-ai-name-hidden])',
  userNameOfAttr: 'data-ai-user-name-of',
  menuItem: '[data-ai-menu-group]',
  menuGroupAttr: 'data-ai-menu-group',
  /** Administration links; the value names the page (an adapter id: `users`, `registrations`). */
  adminItemAttr: 'data-ai-menu-admin',
  adminHeading: '[data-ai-menu-heading="admin"]',
  /** The top bar's "who is signed in": their name (a user-name element inside) and their system role. */
  whoami: '[data-ai-whoami]',
  whoamiRole: '[data-ai-whoami-role]',
  /** The top bar's project picker: one option per project the signed-in user has (the value is the project id). */
  projectOption: 'select[data-ai-project-select] option',
  /** The page's own content (what a page the viewed user may not open is covered by). */
  content: '[data-ai-content]',
  /** The page's words for the user's access to an asset ("Edit", "View only"); the value is the asset id. */
  accessOfAttr: 'data-ai-access-of',
  /** Controls that need full access to an asset (Edit); the value is the asset id. */
  editOfAttr: 'data-ai-edit-of',
  userRowAttr: 'data-ai-user-row',
  registrantAttr: 'data-ai-registrant-id',
  targetUserAttr: 'data-ai-target-user-id',
  signedInAttr: 'data-ai-user-id',
} as const;

/** The one attribute the overlay adds to page elements (space-separated tokens), removed when it turns off. */
export const OVERLAY_ATTR = 'data-ai-overlay';
export const BANNER_ATTR = 'data-ai-overlay-banner';
export const COVER_ATTR = 'data-ai-overlay-cover';
export const STYLE_ATTR = 'data-ai-overlay-style';
/** The host of a badge beside an asset row (components/badges.ts). */
export const BADGE_ATTR = 'data-ai-badge';

/** The placeholders the platform itself uses (demo/pages/layout.ts, tickets.ts). */
export const MASK_TEXT = { userName: 'Name hidden', assetName: 'Asset hidden' } as const;
