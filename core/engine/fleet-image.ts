// The stored compiled form of the fleet (issue 13): what compileFleet built, as an object of typed arrays and strings
// that the hosts keep in IndexedDB as bytes (core/engine/fleet-image-bytes.ts), so a worker that was stopped answers
// again without parsing a million records and compiling them. Typed arrays stay typed arrays; string columns are one UTF-8
// byte array each with offsets, read one item at a time (core/engine/string-column.ts); compiled users and roles are columns; the record collections other than
// assets are UTF-8 JSON text with per-record offsets (core/engine/lazy-snapshot.ts); asset and ticket ids come with a
// hash table (core/engine/id-hash.ts). Integer arrays are stored in the narrowest array their values fit, offsets as
// lengths (core/engine/packed-ints.ts), and an asset's site and organization position are left out when they follow
// from its site key (as compileFleet lays them out): about 7 MB at 100k assets instead of 15.
// fleetFromImage builds only the object: every Map, string array and snapshot collection is made on first access.
import { recordKey } from '../api/contract';
import { FUNCTION_IDS, FEATURE_GROUPS, PERMISSION_IDS } from '../model/catalog';
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import type { Snapshot, SystemRole } from '../model/snapshot';
import type { CompiledRole, CompiledUser, Fleet, IntColumn, NumberLookup } from './fleet-types';
import { duplicateFree } from './duplicate-free';
import { deriveOrgPosWhenRead } from './derived-org-pos';
import { assetOrgPositions } from './fleet-patch-places';
import { defineAssetColumns, unchangedAssetColumns } from './asset-columns';
import { defineTagStarts } from './tag-starts';
import { defineKeyColumn } from './key-columns';
import { assetRecords } from './fleet';
import { HashedIdMap, IdHash, buildIdHash, type IdHashTable } from './id-hash';
import { defineLazy } from './lazy-value';
import { collectionLength, lazySnapshot, storeRecords, storedRecordsOf, type StoredRecords, type TextCollection } from './lazy-snapshot';
import { keepItems, lazyItems, type LazyItems } from './compiled-items';
import { packInts, packStarts, packedAt, packedSlice, unpackInts, unpackStarts, type PackedInts } from './packed-ints';
import {
  columnLength,
  columnStrings,
  firstIndexMap,
  loadColumn,
  storeColumn,
  stringAt,
  toStringColumn,
  type StoredColumn,
  type StringColumn,
} from './string-column';

/** Bump when the layout below changes: a stored image of another format is refused (the caller rebuilds it). */
export const FLEET_IMAGE_FORMAT = 6;

/**
 * The catalog the compiled flags were built against (function and permission positions): an image written under
 * another catalog would read the wrong flags, so it is refused like a wrong format.
 */
const CATALOG_SIGNATURE = [FEATURE_GROUPS.map((g) => g.id).join(','), FUNCTION_IDS.join(','), PERMISSION_IDS.join(',')].join(';');

/** The record collections kept as JSON text (assets are rebuilt from the columns instead). */
const TEXT_COLLECTIONS = COLLECTION_NAMES.filter((c): c is TextCollection => c !== 'assets');

/**
 * The collections whose records stay with the head: the places and roles that the wording of almost every answer
 * names (7 MB at 1M assets). Read after the head they cost an answer a round trip each (~10 ms in Chromium), and
 * read beside it (started at once) they slowed an explanation's own reads by sharing the bandwidth (1M: 290 → 347 ms).
 */
const HEAD_RECORDS: readonly TextCollection[] = ['organizations', 'sites', 'projects', 'projectRoles', 'systemRoles'];

/**
 * The image's fields read when an answer first needs them, not before its first answer (core/engine/part-bytes.ts):
 * asset names and ids, the records of users, memberships and tickets, and the id tables: ~63 of the 85 MB at 1M
 * assets. Who sees what is decided by the columns left out of this list, so a woken worker's first asset page
 * reads those and a few windows of these.
 */
export const FLEET_IMAGE_READ_LATER: readonly string[] = [
  'assetNames.bytes',
  'assetIds.bytes',
  'ticketIds.bytes',
  'assetHash.slots',
  'ticketHash.slots',
  ...TEXT_COLLECTIONS.filter((c) => !HEAD_RECORDS.includes(c)).map((c) => `records.${c}.bytes`),
];

export interface FleetImage {
  format: number;
  catalog: string;
  /** Records per collection of the snapshot (systemRoles: -1 when the snapshot has none and the default applies). */
  counts: Record<CollectionName, number>;
  /** Collections other than assets, one UTF-8 JSON array text each, with record offsets. */
  records: Record<TextCollection, StoredRecords | null>;
  /** The snapshot's fields that are not collections (version, history), as JSON text. */
  rest: string;
  /** The collections that hold no record key twice (checked when written: patchFleet need not read them to know). */
  duplicateFree: CollectionName[];
  /** fleet.systemRoles when the snapshot has none (the default catalog's copy). */
  defaultSystemRoles: string | null;

  orgKeyIds: StoredColumn;
  /** Hash tables over the key columns (orgKeyIndex, siteKeyIndex, projectKeyIndex, tagIndex, userIndex). */
  keyHash: Record<'org' | 'site' | 'project' | 'tag' | 'user', IdHashTable>;
  /** The record ids of organizations, sites and projects with their tables (orgIndex, siteIndex, projectIndex). */
  recordIds: Record<'org' | 'site' | 'project', StoredColumn>;
  recordHash: Record<'org' | 'site' | 'project', IdHashTable>;
  orgParent: PackedInts;
  orgStart: PackedInts;
  orgEnd: PackedInts;
  siteOrg: PackedInts;
  siteKeyIds: StoredColumn;
  projectKeyIds: StoredColumn;

  assetIds: StoredColumn;
  assetNames: StoredColumn;
  assetHash: IdHashTable;
  /**
   * 'key': the site key itself (every asset names a site record); null: the site key when it is a site record's
   * (key < sites), else -1 (compileFleet's layout); else the column.
   */
  assetSite: PackedInts | 'key' | null;
  assetSiteKey: PackedInts;
  assetProject: PackedInts;
  /** null: orgStart of the asset's site's organization, -1 without a site (compileFleet's layout). */
  assetOrgPos: PackedInts | null;
  assetTagStart: PackedInts;
  assetTagList: PackedInts;
  /** [asset index, tags as given][] for the few assets whose tags repeat one, as JSON text. */
  assetRawTags: string;
  /** The asset rows that repeat an earlier id (assetDuplicate[i] = 1). */
  assetDuplicates: PackedInts;

  ticketIds: StoredColumn;
  ticketHash: IdHashTable;

  tags: StoredColumn;
  tagWords: number;

  /** Compiled users as columns: USER_* flag bits, keys, and scope lists in CSR form. */
  userIds: StoredColumn;
  userFlags: Uint8Array;
  userSystemRole: PackedInts;
  userOrg: PackedInts;
  userScopeOrgStart: PackedInts;
  userScopeOrgs: PackedInts;
  userScopeSiteStart: PackedInts;
  userScopeSites: PackedInts;
  userDuplicate: Uint8Array;

  /** Compiled roles as columns: ROLE_* flag bits, per-role slices of the group/function flags and tag bitsets. */
  roleIds: StoredColumn;
  roleIdx: PackedInts;
  roleFlags: Uint8Array;
  /** groupEnabled of role r = roleGroups[r*G .. (r+1)*G). */
  roleGroups: Uint8Array;
  /** fnRawRead, fnRawWrite, fnRead, fnWrite of role r: four slices of F after r*4F. */
  roleFunctions: Uint8Array;
  /** tagRead then tagWrite of role r: two slices of tagWords after r*2*tagWords; only the words that are not 0. */
  roleTags: SparseWords;

  userMemberStart: PackedInts;
  memberProject: PackedInts;
  memberRole: PackedInts;
  memberRecord: PackedInts;
  systemRolePerms: Uint32Array;
}

/** A mostly zero Uint32Array as its length and its words that are not 0 (roles name few of the fleet's tags). */
export interface SparseWords {
  length: number;
  at: PackedInts;
  words: Uint32Array;
}

function sparseWords(a: Uint32Array): SparseWords {
  const at: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) at.push(i);
  return { length: a.length, at: packInts(at), words: Uint32Array.from(at, (i) => a[i]) };
}

/** A stored image of another layout (or not an image at all): the caller rebuilds it from the records. */
export class FleetImageFormatError extends Error {
  constructor(
    readonly found: unknown,
    readonly expected: number,
    detail = '',
  ) {
    super(`fleet image format ${JSON.stringify(found)} is not the supported format ${expected}${detail}; rebuild it from the records`);
    this.name = 'FleetImageFormatError';
  }
}

const USER_ACTIVE = 1;
const USER_GLOBAL_ADMIN = 2;
const USER_WHOLE_FLEET = 4;
const USER_SCOPE_SET = 8;
const USER_SCOPE_ORGS_SET = 16;

const ROLE_ASSETS_ENABLED = 1;
const ROLE_ASSETS_READ = 2;
const ROLE_ASSETS_WRITE = 4;
const ROLE_TICKETS_ON = 8;
const ROLE_USERS_IN_OTHER_LISTS = 16;
const ROLE_HAS_TAGS = 32;
const ROLE_FULL_ACCESS_UNTAGGED = 64;
const ROLE_EXPERT_MODE = 128;

/**
 * An integer column as the image stores it when the stored values are its values (bias 0): the narrow array itself,
 * with no widening copy (at 1M assets the site keys, projects and tag lists were ~17 MB of copies, 66-82 ms before the
 * first answer: issue 13). A non-zero bias, or one value for all, is widened.
 */
function storedInts(p: PackedInts): IntColumn {
  return p.data !== null && p.bias === 0 ? p.data : unpackInts(p);
}

/** An asset's site: its site key when that is a site record's position, else -1. */
function derivedAssetSite(siteKey: IntColumn, sites: number): Int32Array {
  const out = new Int32Array(siteKey.length);
  for (let i = 0; i < out.length; i++) out[i] = siteKey[i] < sites ? siteKey[i] : -1;
  return out;
}

function sameInts(a: IntColumn, b: IntColumn): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The indexes where `flags` is set. */
function setIndexes(flags: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i]) out.push(i);
  return Int32Array.from(out);
}

/** Concatenation of equally long per-item arrays. */
function concat<T extends Uint8Array | Uint32Array>(make: (n: number) => T, per: number, parts: readonly T[]): T {
  const out = make(per * parts.length);
  parts.forEach((p, i) => out.set(p, i * per));
  return out;
}

function csr(lists: readonly Int32Array[]): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) start[i + 1] = start[i] + lists[i].length;
  const list = new Int32Array(start[lists.length]);
  lists.forEach((l, i) => list.set(l, start[i]));
  return { start, list };
}

function idColumn(ids: readonly string[]): { column: StoredColumn; hash: IdHashTable } {
  const column = toStringColumn(ids);
  return { column: storeColumn(column), hash: buildIdHash(ids, column) };
}

/**
 * `fleet` as an image. With `defer` (for the encoder alone: core/engine/fleet-image-bytes.ts), its largest new parts
 * (the records as text, the narrowed asset columns: ~35 MB at 1M assets) are left as functions that make them, which
 * the encoder calls as it reaches each, writes it out and lets it go: they are not all held beside the fleet at once.
 */
export function fleetToImage(fleet: Fleet, defer?: boolean): FleetImage {
  const s = fleet.snapshot;
  const users = fleet.users;
  // typed as what it makes: only the encoder, which calls it, is given an image with deferred parts
  const part = <T>(make: () => T): T => (defer ? (make as T) : make());
  // A collection the fleet still reads from an earlier image is kept as stored (a patched fleet's image is written
  // again after every sync: re-encoding every record would cost a second at 100k); the asset count from a column
  // (snapshot.assets of a loaded or patched fleet is rebuilt from the columns when read).
  const records = Object.fromEntries(
    TEXT_COLLECTIONS.map((c) => [c, storedRecordsOf(s, c) ?? (s[c] ? part(() => storeRecords(s[c]!)) : null)]),
  ) as FleetImage['records'];
  const counts = Object.fromEntries(
    COLLECTION_NAMES.map((c) => [c, c === 'assets' ? fleet.assetProject.length : records[c] ? collectionLength(s, c) : -1]),
  ) as Record<CollectionName, number>;
  const known = duplicateFree.get(fleet);
  const keysOnce = (c: CollectionName): boolean => {
    if (known?.has(c)) return true;
    if (c === 'assets') return !fleet.assetDuplicate.includes(1);
    const list = (s[c] ?? []) as { id?: unknown }[];
    return new Set(list.map((r) => recordKey(c, r))).size === list.length;
  };
  const rest: Record<string, unknown> = {};
  // by key: Object.entries would read (parse, rebuild) every collection of a loaded snapshot
  for (const k of Object.keys(s)) if (!(COLLECTION_NAMES as string[]).includes(k)) rest[k] = (s as unknown as Record<string, unknown>)[k];

  // ids and names still read from columns (a loaded fleet's, or the first compile's) are kept with their id table
  const held = unchangedAssetColumns(fleet);
  const assetIds = held?.ids ?? toStringColumn(fleet.assetIds);
  const assetHash =
    held && fleet.assetIndex instanceof IdHash && fleet.assetIndex.column === held.ids
      ? fleet.assetIndex.table
      : buildIdHash(fleet.assetIds, assetIds);
  const userIdList = users.map((u) => u.id);
  const userIds = toStringColumn(userIdList);
  const orgKeyIds = toStringColumn(fleet.orgKeyIds);
  const siteKeyIds = toStringColumn(fleet.siteKeyIds);
  const projectKeyIds = toStringColumn(fleet.projectKeyIds);
  const tags = toStringColumn(fleet.tags);
  const orgRecordIds = idColumn(s.organizations.map((r) => r.id));
  const siteRecordIds = idColumn(s.sites.map((r) => r.id));
  const projectRecordIds = idColumn(s.projects.map((r) => r.id));
  const ticketIdList = s.tickets.map((t) => t.id);
  const ticketIds = toStringColumn(ticketIdList);

  const userFlags = Uint8Array.from(
    users,
    (u) =>
      (u.active ? USER_ACTIVE : 0) |
      (u.isGlobalAdmin ? USER_GLOBAL_ADMIN : 0) |
      (u.wholeFleet ? USER_WHOLE_FLEET : 0) |
      (u.scopeSet ? USER_SCOPE_SET : 0) |
      (u.scopeOrgsSet ? USER_SCOPE_ORGS_SET : 0),
  );
  const scopeOrgs = csr(users.map((u) => u.scopeOrgs));
  const scopeSites = csr(users.map((u) => u.scopeSites));

  // compileFleet's layout is left out of the image and derived again on load; a fleet laid out otherwise keeps its own
  const assetSite = derivedAssetSite(fleet.assetSiteKey, s.sites.length);
  const siteDerived = sameInts(assetSite, fleet.assetSite);
  const orgPosDerived = siteDerived && sameInts(assetOrgPositions(assetSite, fleet.siteOrg, fleet.orgStart), fleet.assetOrgPos);

  const roles = fleet.roles;
  const G = FEATURE_GROUPS.length;
  const F = FUNCTION_IDS.length;
  const roleFunctions = new Uint8Array(roles.length * 4 * F);
  const roleTags = new Uint32Array(roles.length * 2 * fleet.tagWords);
  roles.forEach((r, i) => {
    [r.fnRawRead, r.fnRawWrite, r.fnRead, r.fnWrite].forEach((a, k) => roleFunctions.set(a, (i * 4 + k) * F));
    roleTags.set(r.tagRead, i * 2 * fleet.tagWords);
    roleTags.set(r.tagWrite, (i * 2 + 1) * fleet.tagWords);
  });

  return {
    format: FLEET_IMAGE_FORMAT,
    catalog: CATALOG_SIGNATURE,
    counts,
    records,
    rest: JSON.stringify(rest),
    duplicateFree: COLLECTION_NAMES.filter(keysOnce),
    defaultSystemRoles: s.systemRoles ? null : JSON.stringify(fleet.systemRoles),

    orgKeyIds: storeColumn(orgKeyIds),
    keyHash: {
      org: buildIdHash(fleet.orgKeyIds, orgKeyIds),
      site: buildIdHash(fleet.siteKeyIds, siteKeyIds),
      project: buildIdHash(fleet.projectKeyIds, projectKeyIds),
      tag: buildIdHash(fleet.tags, tags),
      user: buildIdHash(userIdList, userIds),
    },
    recordIds: { org: orgRecordIds.column, site: siteRecordIds.column, project: projectRecordIds.column },
    recordHash: { org: orgRecordIds.hash, site: siteRecordIds.hash, project: projectRecordIds.hash },
    orgParent: packInts(fleet.orgParent),
    orgStart: packInts(fleet.orgStart),
    orgEnd: packInts(fleet.orgEnd),
    siteOrg: packInts(fleet.siteOrg),
    siteKeyIds: storeColumn(siteKeyIds),
    projectKeyIds: storeColumn(projectKeyIds),

    assetIds: storeColumn(assetIds),
    assetNames: storeColumn(held?.names ?? toStringColumn(fleet.assetNames)),
    assetHash,
    assetSite: sameInts(fleet.assetSite, fleet.assetSiteKey) ? 'key' : siteDerived ? null : packInts(fleet.assetSite),
    assetSiteKey: part(() => packInts(fleet.assetSiteKey)),
    assetProject: part(() => packInts(fleet.assetProject)),
    assetOrgPos: orgPosDerived ? null : packInts(fleet.assetOrgPos),
    assetTagStart: part(() => packStarts(fleet.assetTagStart)),
    assetTagList: part(() => packInts(fleet.assetTagList)),
    assetRawTags: JSON.stringify([...fleet.assetRawTags]),
    assetDuplicates: packInts(setIndexes(fleet.assetDuplicate)),

    ticketIds: storeColumn(ticketIds),
    ticketHash: buildIdHash(ticketIdList, ticketIds),

    tags: storeColumn(tags),
    tagWords: fleet.tagWords,

    userIds: storeColumn(userIds),
    userFlags,
    userSystemRole: packInts(Int32Array.from(users, (u) => u.systemRoleIdx)),
    userOrg: packInts(Int32Array.from(users, (u) => u.orgIdx)),
    userScopeOrgStart: packStarts(scopeOrgs.start),
    userScopeOrgs: packInts(scopeOrgs.list),
    userScopeSiteStart: packStarts(scopeSites.start),
    userScopeSites: packInts(scopeSites.list),
    userDuplicate: fleet.userDuplicate,

    roleIds: storeColumn(toStringColumn(roles.map((r) => r.id))),
    roleIdx: packInts(Int32Array.from(roles, (r) => r.idx)),
    roleFlags: Uint8Array.from(
      roles,
      (r) =>
        (r.assetsEnabled ? ROLE_ASSETS_ENABLED : 0) |
        (r.assetsRead ? ROLE_ASSETS_READ : 0) |
        (r.assetsWrite ? ROLE_ASSETS_WRITE : 0) |
        (r.ticketsOn ? ROLE_TICKETS_ON : 0) |
        (r.usersInOtherLists ? ROLE_USERS_IN_OTHER_LISTS : 0) |
        (r.hasTags ? ROLE_HAS_TAGS : 0) |
        (r.fullAccessUntagged ? ROLE_FULL_ACCESS_UNTAGGED : 0) |
        (r.expertMode ? ROLE_EXPERT_MODE : 0),
    ),
    roleGroups: concat(
      (n) => new Uint8Array(n),
      G,
      roles.map((r) => r.groupEnabled),
    ),
    roleFunctions,
    roleTags: sparseWords(roleTags),

    userMemberStart: packStarts(fleet.userMemberStart),
    memberProject: packInts(fleet.memberProject),
    memberRole: packInts(fleet.memberRole),
    memberRecord: packInts(fleet.memberRecord),
    systemRolePerms: fleet.systemRolePerms,
  };
}

function checkImage(image: unknown): asserts image is FleetImage {
  const found = typeof image === 'object' && image !== null ? (image as { format?: unknown }).format : image;
  if (found !== FLEET_IMAGE_FORMAT) throw new FleetImageFormatError(found, FLEET_IMAGE_FORMAT);
  const catalog = (image as { catalog?: unknown }).catalog;
  if (catalog !== CATALOG_SIGNATURE)
    throw new FleetImageFormatError(
      found,
      FLEET_IMAGE_FORMAT,
      ' for this catalog (it was compiled against other functions or permissions)',
    );
}

/**
 * membershipRole of a loaded fleet, answered from the per-user CSR (a user's few memberships, each (user, project)
 * once) instead of a Map of every membership built first: key = user * P + project, the role when it is known.
 */
class MemberRoles implements NumberLookup {
  constructor(
    private readonly start: Int32Array,
    private readonly project: Int32Array,
    private readonly role: Int32Array,
    private readonly P: number,
  ) {}

  get(key: number): number | undefined {
    const u = Math.floor(key / this.P);
    const p = key - u * this.P;
    const { start, project, role } = this;
    if (!(u >= 0 && u + 1 < start.length)) return undefined;
    for (let i = start[u]; i < start[u + 1]; i++) if (project[i] === p) return role[i] >= 0 ? role[i] : undefined;
    return undefined;
  }
}

const NONE = new Int32Array(0);
/** A user's scope list: most users have none, and an empty one needs no array of its own. */
const scopeList = (list: PackedInts, from: number, to: number) => (from === to ? NONE : packedSlice(list, from, to));

/**
 * The compiled users, each built when first read (an answer about one user builds that one: issue 13), its fields
 * read from the packed columns as stored (widening 50k users' columns cost a cold answer 5 ms at 100k).
 */
function usersFromImage(im: FleetImage, ids: StringColumn): LazyItems<CompiledUser> {
  let starts: { orgStart: Int32Array; siteStart: Int32Array } | null = null;
  return lazyItems(columnLength(ids), (i): CompiledUser => {
    starts ??= { orgStart: unpackStarts(im.userScopeOrgStart), siteStart: unpackStarts(im.userScopeSiteStart) };
    const { orgStart, siteStart } = starts;
    const f = im.userFlags[i];
    return {
      idx: i,
      id: stringAt(ids, i),
      active: (f & USER_ACTIVE) !== 0,
      systemRoleIdx: packedAt(im.userSystemRole, i),
      isGlobalAdmin: (f & USER_GLOBAL_ADMIN) !== 0,
      orgIdx: packedAt(im.userOrg, i),
      wholeFleet: (f & USER_WHOLE_FLEET) !== 0,
      scopeSet: (f & USER_SCOPE_SET) !== 0,
      scopeOrgsSet: (f & USER_SCOPE_ORGS_SET) !== 0,
      scopeOrgs: scopeList(im.userScopeOrgs, orgStart[i], orgStart[i + 1]),
      scopeSites: scopeList(im.userScopeSites, siteStart[i], siteStart[i + 1]),
    };
  });
}

/** The first k in [lo, hi) with sorted[k] >= value (hi when none). */
function lowerBound(sorted: Int32Array, value: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Words [from, to) of a sparse array, dense (one role's tag bitsets: only the roles an answer reads are built). */
function denseRange(s: SparseWords, at: Int32Array, from: number, to: number): Uint32Array {
  const out = new Uint32Array(to - from);
  for (let k = lowerBound(at, from, 0, at.length); k < at.length && at[k] < to; k++) out[at[k] - from] = s.words[k];
  return out;
}

/** The compiled roles, each built (its tag words made dense) when first read. */
function rolesFromImage(im: FleetImage): LazyItems<CompiledRole> {
  const G = FEATURE_GROUPS.length;
  const F = FUNCTION_IDS.length;
  const T = im.tagWords;
  // read on the first role built (an answer that reads no role reads none of it)
  let cols: { ids: string[]; roleIdx: Int32Array; at: Int32Array } | null = null;
  return lazyItems(columnLength(loadColumn(im.roleIds)), (i): CompiledRole => {
    cols ??= { ids: columnStrings(loadColumn(im.roleIds)), roleIdx: unpackInts(im.roleIdx), at: unpackInts(im.roleTags.at) };
    const { ids, roleIdx, at } = cols;
    const id = ids[i];
    const tags = denseRange(im.roleTags, at, i * 2 * T, (i + 1) * 2 * T);
    const f = im.roleFlags[i];
    const fn = (k: number) => im.roleFunctions.subarray((i * 4 + k) * F, (i * 4 + k + 1) * F);
    return {
      idx: roleIdx[i],
      id,
      groupEnabled: im.roleGroups.subarray(i * G, (i + 1) * G),
      fnRawRead: fn(0),
      fnRawWrite: fn(1),
      fnRead: fn(2),
      fnWrite: fn(3),
      assetsEnabled: (f & ROLE_ASSETS_ENABLED) !== 0,
      assetsRead: (f & ROLE_ASSETS_READ) !== 0,
      assetsWrite: (f & ROLE_ASSETS_WRITE) !== 0,
      ticketsOn: (f & ROLE_TICKETS_ON) !== 0,
      usersInOtherLists: (f & ROLE_USERS_IN_OTHER_LISTS) !== 0,
      hasTags: (f & ROLE_HAS_TAGS) !== 0,
      fullAccessUntagged: (f & ROLE_FULL_ACCESS_UNTAGGED) !== 0,
      expertMode: (f & ROLE_EXPERT_MODE) !== 0,
      tagRead: tags.subarray(0, T),
      tagWrite: tags.subarray(T, 2 * T),
    };
  });
}

/**
 * The fleet an image holds. Typed arrays are used as they are (the image must not be shared with another reader
 * that mutates them); Maps, string arrays, compiled users and roles and `snapshot.<collection>` are built on first
 * access. Throws FleetImageFormatError for an image of another format or catalog.
 */
export function fleetFromImage(image: FleetImage): Fleet {
  checkImage(image);
  const im = image;
  const c = im.counts;
  // the columns with their offsets widened, and the integer arrays as the engine reads them (one copy or loop each)
  const col = {
    orgKeyIds: loadColumn(im.orgKeyIds),
    siteKeyIds: loadColumn(im.siteKeyIds),
    projectKeyIds: loadColumn(im.projectKeyIds),
    assetIds: loadColumn(im.assetIds),
    assetNames: loadColumn(im.assetNames),
    ticketIds: loadColumn(im.ticketIds),
    tags: loadColumn(im.tags),
    userIds: loadColumn(im.userIds),
    org: loadColumn(im.recordIds.org),
    site: loadColumn(im.recordIds.site),
    project: loadColumn(im.recordIds.project),
  };
  const orgStart = unpackInts(im.orgStart);
  const siteOrg = unpackInts(im.siteOrg);
  // The asset key columns as stored (the hot loops read plain typed arrays, not accessors; a patch copies before writing)
  const assetSiteKey = storedInts(im.assetSiteKey);
  // the same array as the site keys when they are equal: a patch copies a column before writing it, never in place
  const assetSite =
    im.assetSite === 'key' ? assetSiteKey : im.assetSite ? storedInts(im.assetSite) : derivedAssetSite(assetSiteKey, Math.max(0, c.sites));
  const assetDuplicate = new Uint8Array(c.assets);
  for (const i of unpackInts(im.assetDuplicates)) assetDuplicate[i] = 1;
  const fleet = {
    assetIndex: new IdHash(im.assetHash, col.assetIds),
    ticketIndex: new IdHash(im.ticketHash, col.ticketIds),
    orgParent: unpackInts(im.orgParent),
    orgStart,
    orgEnd: unpackInts(im.orgEnd),
    siteOrg,
    assetSite,
    assetSiteKey,
    assetProject: storedInts(im.assetProject),
    assetTagList: storedInts(im.assetTagList),
    assetDuplicate,
    userDuplicate: im.userDuplicate,
    tagWords: im.tagWords,
    userMemberStart: unpackStarts(im.userMemberStart),
    memberProject: unpackInts(im.memberProject),
    memberRole: unpackInts(im.memberRole),
    memberRecord: unpackInts(im.memberRecord),
    systemRolePerms: im.systemRolePerms,
  } as Partial<Fleet> as Fleet;

  // the organization position of every asset when something reads the whole column (the first answers read a site's)
  if (im.assetOrgPos) fleet.assetOrgPos = unpackInts(im.assetOrgPos);
  else deriveOrgPosWhenRead(fleet);
  defineKeyColumn(fleet, 'orgKeyIds', col.orgKeyIds);
  defineKeyColumn(fleet, 'siteKeyIds', col.siteKeyIds);
  defineKeyColumn(fleet, 'projectKeyIds', col.projectKeyIds);
  defineAssetColumns(fleet, col.assetIds, col.assetNames);
  defineLazy(fleet, 'tags', () => columnStrings(col.tags));
  // offsets summed whole on first read of the array (every loop over all assets); one asset's from a mark (tag-starts.ts)
  defineTagStarts(fleet, im.assetTagStart);
  defineLazy(fleet, 'assetRawTags', () => new Map(JSON.parse(im.assetRawTags) as [number, string[]][]));

  // Maps that answer get/has from the stored tables and fill their entries only when iterated or changed
  const h = im.keyHash;
  fleet.orgKeyIndex = new HashedIdMap(h.org, col.orgKeyIds);
  fleet.siteKeyIndex = new HashedIdMap(h.site, col.siteKeyIds);
  fleet.projectKeyIndex = new HashedIdMap(h.project, col.projectKeyIds);
  fleet.tagIndex = new HashedIdMap(h.tag, col.tags);
  fleet.userIndex = new HashedIdMap(h.user, col.userIds);
  fleet.orgIndex = new HashedIdMap(im.recordHash.org, col.org);
  fleet.siteIndex = new HashedIdMap(im.recordHash.site, col.site);
  fleet.projectIndex = new HashedIdMap(im.recordHash.project, col.project);
  // from the ids alone: a patch looks roles up by id and needs the compiled roles only for the ones it touches
  defineLazy(fleet, 'projectRoleIndex', () => firstIndexMap(columnStrings(loadColumn(im.roleIds))));
  defineLazy(fleet, 'systemRoles', (): SystemRole[] =>
    im.defaultSystemRoles === null ? fleet.snapshot.systemRoles! : (JSON.parse(im.defaultSystemRoles) as SystemRole[]),
  );
  defineLazy(fleet, 'systemRoleIndex', () => firstIndexMap(fleet.systemRoles.map((r) => r.id)));

  // built one by one for the one-user answers (userAt, roleAt), whole when the arrays are read
  const users = usersFromImage(im, col.userIds);
  const roles = rolesFromImage(im);
  defineLazy(fleet, 'users', () => users.all());
  defineLazy(fleet, 'roles', () => roles.all());
  keepItems(fleet, { users, roles });
  fleet.membershipRole = new MemberRoles(fleet.userMemberStart, fleet.memberProject, fleet.memberRole, columnLength(col.projectKeyIds));
  duplicateFree.set(fleet, new Set(im.duplicateFree));

  defineLazy(fleet, 'snapshot', (): Snapshot => {
    const assets = () => assetRecords(fleet);
    return lazySnapshot(im.records, im.rest, assets);
  });
  return fleet;
}
