// Page adapters are data: which page of the platform this is and where its facts sit in the DOM. Adding a page
// kind means adding one small file with one of these objects, not code.

/** Reads one attribute from the elements a CSS selector matches. */
export interface AttrRead {
  selector: string;
  attr: string;
}

/** Reads a named parameter of the adapter's urlPattern (e.g. `:assetId`). */
export interface UrlParamRead {
  urlParam: string;
}

export type ValueRead = AttrRead | UrlParamRead;
/** One read, or several tried in order (the first that finds a value wins). */
export type ValueReads = ValueRead | readonly ValueRead[];

export const PAGE_KINDS = ['fleet', 'asset', 'tickets', 'users', 'user', 'registrations', 'feature', 'roles', 'role'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** Who may open a page at all (the platform's own rule for it); "View as" covers the page for anyone else. */
export const PAGE_OPENERS = ['manageUsers', 'manageUsersOrVerifier', 'manageUsersOrSelf', 'assetVisible'] as const;
export type PageOpener = (typeof PAGE_OPENERS)[number];

/** What "View as" needs to know about a page beyond the attributes every page shares (demo/PAGES.md). */
export interface PageViewRules {
  /** Absent: anyone signed in may open the page. */
  opens?: PageOpener;
  /** The page's own words for a user's access to an asset, in elements marked `data-ai-access-of` (`hidden`: what
   *  stands there for a row the viewed user could not see at all; the page itself never shows one). */
  accessWords?: { full: string; read: string; hidden?: string };
}

export interface PageAdapter {
  id: PageKind;
  /** Pathname pattern with `:name` segments, e.g. `/assets/:assetId`; a trailing slash is ignored. */
  urlPattern: string;
  /** The page's own marker (`body[data-ai-page]`), which wins over the URL when present. */
  pageMarker: string;
  reads: {
    /** The signed-in user of the page. */
    userId: ValueReads;
    /** The project the page is showing (the platform's project picker). */
    projectId?: ValueReads;
    /** A feature group's page. */
    featureGroupId?: ValueReads;
    /** Asset rows listed on the page (badged). */
    assetIds?: ValueReads;
    /** The one asset a detail page is about. */
    assetDetailId?: ValueReads;
    ticketIds?: ValueReads;
    /** The user a user page is about (the target of a role assignment). */
    targetUserId?: ValueReads;
    registrantIds?: ValueReads;
    /** The project role a role page is about. */
    projectRoleId?: ValueReads;
  };
  view?: PageViewRules;
  /** A project-role editor on the page: where its unsaved state sits (read live as the user edits). */
  roleEditor?: RoleEditorReads;
}

/**
 * The role editor's form, as data: the form, and the attributes that mark each of its inputs (demo/PAGES.md). The
 * inputs' current state is the unsaved draft; their default state (the HTML attributes) is the role as opened.
 */
export interface RoleEditorReads {
  form: string;
  /** On the form: the role's version as opened (the editor's If-Match), and `true` for a new role. */
  versionAttr: string;
  newAttr: string;
  /** Inputs of the role's own fields: `name`, `location.lat|lng|zoom`, `expertMode`, `fullAccessUntagged`. */
  fieldAttr: string;
  /** A universal switch's checkbox: the feature group id. */
  groupAttr: string;
  /** A function's checkbox: `group.function`, with `accessAttr` = `read` | `write`. */
  functionAttr: string;
  accessAttr: string;
  /** A tag entry: its row, the input holding the tag, its read/write boxes (`tagAccessAttr`), its Remove box. */
  tagRow: string;
  tagName: string;
  tagAccessAttr: string;
  tagRemove: string;
}

/** What the panel learns from the page it is shown on. Lists are de-duplicated, in document order. */
export interface PageContext {
  adapterId: PageKind | null;
  userId: string | null;
  projectId: string | null;
  featureGroupId: string | null;
  assetIds: string[];
  assetDetailId: string | null;
  ticketIds: string[];
  targetUserId: string | null;
  registrantIds: string[];
  /** The project role a role page is about (absent or null elsewhere; '' for a role being created). */
  projectRoleId?: string | null;
}

export const EMPTY_PAGE_CONTEXT: PageContext = {
  adapterId: null,
  userId: null,
  projectId: null,
  featureGroupId: null,
  assetIds: [],
  assetDetailId: null,
  ticketIds: [],
  targetUserId: null,
  registrantIds: [],
  projectRoleId: null,
};
