// The compiled fleet's shape (core/engine/fleet.ts builds it): a leaf of types only, so the explain layer
// (core/wording) and other readers can name a Fleet without importing the engine's implementation.
import type { Snapshot, SystemRole } from '../model/snapshot';

/**
 * An id → index look-up. A Map is one; a fleet loaded from its stored image answers through a hash table over the
 * id column instead (core/engine/fleet-image.ts), so a million ids need no Map built before the first answer.
 */
export interface IdLookup {
  get(id: string): number | undefined;
  has(id: string): boolean;
  readonly size: number;
}

/**
 * A number → number look-up. A Map is one; a patched fleet answers membershipRole through the previous Map plus an
 * overlay of the keys a patch changed (core/engine/fleet-patch-members.ts).
 */
export interface NumberLookup {
  get(key: number): number | undefined;
}

/** A project role reduced to flags. Also built for draft roles (what-if), so it is an object, not rows of a table. */
export interface CompiledRole {
  /** Position in snapshot.projectRoles, or -1 for a draft/edited copy. */
  idx: number;
  id: string;
  /** Per feature group (FEATURE_GROUPS order): the universal switch. */
  groupEnabled: Uint8Array;
  /** Per function (FUNCTION_IDS order): the stored toggles, before R1. */
  fnRawRead: Uint8Array;
  fnRawWrite: Uint8Array;
  /** Per function: R1 applied — read = group on && read; write = read && write. */
  fnRead: Uint8Array;
  fnWrite: Uint8Array;
  assetsEnabled: boolean;
  assetsRead: boolean;
  assetsWrite: boolean;
  ticketsOn: boolean;
  usersInOtherLists: boolean;
  /** The role has tag entries at all (then tags restrict which assets it reaches). */
  hasTags: boolean;
  fullAccessUntagged: boolean;
  expertMode: boolean;
  /** Bitsets over fleet.tags (Uint32 words); a write bit is only set together with its read bit. */
  tagRead: Uint32Array;
  tagWrite: Uint32Array;
}

/** A user reduced to what the rules read. Flip verification edits copies of this (status, scope). */
export interface CompiledUser {
  idx: number;
  id: string;
  active: boolean;
  systemRoleIdx: number;
  isGlobalAdmin: boolean;
  /** Organization key (fleet.orgKeyIds): the snapshot index when the organization exists, a synthetic key otherwise. */
  orgIdx: number;
  /** User of a `global` or `productCompany` organization: default scope is the whole fleet. */
  wholeFleet: boolean;
  /** `scope.organizationIds` and/or `scope.siteIds` is present (`scope: {}` is not set). */
  scopeSet: boolean;
  scopeOrgsSet: boolean;
  /** Organization keys of scope.organizationIds; site keys of scope.siteIds (ids no asset or site has are dropped). */
  scopeOrgs: Int32Array;
  scopeSites: Int32Array;
}

/**
 * An integer column whose values fit the array it is in: an Int32Array when compiled or patched, or the narrower array
 * a stored image kept it in (core/engine/fleet-image.ts uses it as stored: no widening copy of a million keys before
 * the first answer). Readers index it like any array. Nothing writes into one in place: a patch copies a column
 * before writing it and widens the copy when a value no longer fits (fleet-patch-assets.ts `copyToHold`).
 */
export type IntColumn = Int32Array | Uint16Array | Uint8Array;

export interface Fleet {
  snapshot: Snapshot;
  orgIndex: Map<string, number>;
  siteIndex: Map<string, number>;
  userIndex: Map<string, number>;
  projectIndex: Map<string, number>;
  projectRoleIndex: Map<string, number>;
  assetIndex: IdLookup;
  ticketIndex: IdLookup;
  systemRoleIndex: Map<string, number>;

  /**
   * Organization keys: known organizations at their snapshot index (first wins), then every unknown id a parentId,
   * a site, a user or a scope names. All org arrays below are indexed by key.
   */
  orgKeyIndex: Map<string, number>;
  orgKeyIds: string[];
  /**
   * The organization forest as Euler-tour intervals over keys: X lies under Y iff orgStart[Y] <= orgStart[X] <= orgEnd[Y].
   * Members of one parent loop share their interval (they lie under one another).
   */
  orgParent: Int32Array;
  orgStart: Int32Array;
  orgEnd: Int32Array;
  /** Organization key of each site. */
  siteOrg: Int32Array;

  /** Site keys: known sites at their snapshot index (first wins), then unknown site ids of assets. */
  siteKeyIndex: Map<string, number>;
  siteKeyIds: string[];
  /** Known site of each asset (-1 when the site is not in the snapshot). */
  assetSite: IntColumn;
  /** Site key of each asset (never -1: an unknown site id is still compared as given). */
  assetSiteKey: IntColumn;
  /** Project keys: known projects at their snapshot index (first wins), then unknown ids of memberships, assets, tickets. */
  projectKeyIndex: Map<string, number>;
  projectKeyIds: string[];
  /** Project key of each asset (never -1). */
  assetProject: IntColumn;
  /** orgStart of the asset's site's organization key, -1 when the site is unknown (it lies under no organization). */
  assetOrgPos: Int32Array;
  /**
   * Asset tags as sorted, de-duplicated tag indexes in CSR form: tags of a = assetTagList[assetTagStart[a] .. assetTagStart[a+1]).
   * Measured against per-asset bitsets at 100k assets / 1,000 tags (2.35 tags per asset): one role's read test over
   * all assets 2.5 ms vs 6.2 ms, 1.3 MB vs 12.8 MB.
   */
  assetTagStart: Int32Array;
  assetTagList: IntColumn;
  /**
   * The asset records as columns: with the keys and tags above they are the whole record (assetRecord), so the
   * engine's hot paths and a stored image never need the asset objects. A fleet loaded from an image or patched
   * in place builds `snapshot.assets` from these only when something asks for the whole array.
   */
  assetIds: string[];
  assetNames: string[];
  /** Tags exactly as the record gave them, for the few assets whose tag list repeats a tag (asset index → tags). */
  assetRawTags: Map<number, string[]>;
  /** 1 where the record is not the first with its id (it is invisible to id lookups and skipped by list views). */
  assetDuplicate: Uint8Array;
  userDuplicate: Uint8Array;

  /** Global tag dictionary (role tags and asset tags, first-seen order). */
  tags: string[];
  tagIndex: Map<string, number>;
  /** Uint32 words per tag bitset. */
  tagWords: number;

  roles: CompiledRole[];
  users: CompiledUser[];

  /** userIdx * projectKeyIds.length + projectKey → projectRoleIdx (memberships whose user and role are known). */
  membershipRole: NumberLookup;
  /** Memberships per user (CSR): projects, roles (-1 when the role id is dangling) and the membership record index. */
  userMemberStart: Int32Array;
  memberProject: Int32Array;
  memberRole: Int32Array;
  memberRecord: Int32Array;

  /** The system-role catalog in force (snapshot's own, else the default). */
  systemRoles: SystemRole[];
  /** Permission bitmask per system role (bit i = PERMISSION_IDS[i]). */
  systemRolePerms: Uint32Array;
}
