// The compiled fleet: a snapshot turned once into indexes, intervals, bitsets and flags so every rule is a handful of
// integer comparisons. Everything here is derived data; the raw snapshot stays reachable as `fleet.snapshot`.
// Indexes are array positions in the snapshot's collections; on duplicate ids the first record wins the id→index map.
// SPEC §7: ids are compared as given, so an id that names no record (a membership's unknown project, an asset's
// unknown site, a parent or user organization that is gone) still gets a *key*: known records keep their snapshot
// index, each unknown id gets the next number after them. "Under an organization" follows parentId links by id;
// each parent loop is collapsed into one node before the tree is laid out as intervals, so its members lie under
// one another and the interval test stays two comparisons.
import { FEATURE_GROUPS, FUNCTION_IDS, PERMISSION_IDS, type PermissionId } from '../model/catalog';
import { systemRolesOf, type Asset, type ProjectRole, type Snapshot, type SystemRole } from '../model/snapshot';

/** A rule was asked about an id the snapshot does not hold (the CLI maps this to exit 4). */
export class UnknownIdError extends Error {
  constructor(
    readonly kind: 'user' | 'asset' | 'ticket' | 'project' | 'projectRole' | 'organization' | 'site' | 'systemRole',
    readonly id: string,
  ) {
    super(`unknown ${kind} id ${JSON.stringify(id)}`);
    this.name = 'UnknownIdError';
  }
}

/** Function catalog positions (`group.fn` → index into the per-role function flags). */
export const FUNCTION_INDEX: ReadonlyMap<string, number> = new Map(FUNCTION_IDS.map((id, i) => [id, i]));
export const GROUP_INDEX: ReadonlyMap<string, number> = new Map(FEATURE_GROUPS.map((g, i) => [g.id, i]));
/** Group index of each function, in FUNCTION_IDS order. */
export const FUNCTION_GROUP: Int32Array = Int32Array.from(FEATURE_GROUPS.flatMap((g, gi) => g.functions.map(() => gi)));
export const FN_ASSETS = FUNCTION_INDEX.get('assets.assets')!;
export const FN_USERS_IN_OTHER_LISTS = FUNCTION_INDEX.get('engineering.usersInOtherLists')!;
export const GROUP_ASSETS = GROUP_INDEX.get('assets')!;
export const GROUP_TICKETS = GROUP_INDEX.get('tickets')!;
const PERMISSION_BIT: ReadonlyMap<string, number> = new Map(PERMISSION_IDS.map((p, i) => [p, 1 << i]));

export type { CompiledRole, CompiledUser, Fleet } from './fleet-types';
import type { CompiledRole, CompiledUser, Fleet, IdLookup } from './fleet-types';
import { assetIdAt, assetNameAt, defineAssetColumns } from './asset-columns';
import { IdHash, type IdHashTable } from './id-hash';
import type { ByteColumn } from './string-column';
import { userAt } from './compiled-items';
import { assetTagStartAt } from './tag-starts';
import { keyIdAt } from './key-columns';

export const wordsFor = (n: number) => Math.max(1, (n + 31) >>> 5);

export function indexById<T extends { id: string }>(records: readonly T[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < records.length; i++) if (!m.has(records[i].id)) m.set(records[i].id, i);
  return m;
}

function duplicatesOf<T extends { id: string }>(records: readonly T[], index: Map<string, number>): Uint8Array {
  const d = new Uint8Array(records.length);
  for (let i = 0; i < records.length; i++) if (index.get(records[i].id) !== i) d[i] = 1;
  return d;
}

/**
 * The assets as the compiler reads them, a field per array (row i of each is asset i): taken from the snapshot's
 * records, or built by a cache read without an object per asset (compile-columns.ts). Asset i's tags are
 * `tags.lists[i]` (from records), or `tags.list` from `tags.start[i]` on, `tags.count[i]` of them (columns).
 * Ids and names come as arrays, or as `bytes`: the UTF-8 byte columns and id table a stored image keeps, of distinct
 * ids (a cache read's replay). The compiled fleet keeps `ids` and `names` (or `bytes`): the caller gives them up.
 */
export type AssetColumns = {
  siteIds: readonly string[];
  projectIds: readonly string[];
  tags: { lists: readonly (readonly string[])[] } | { list: readonly string[]; start: ArrayLike<number>; count: ArrayLike<number> };
} & ({ ids: readonly string[]; names: readonly string[] } | { bytes: AssetBytes });

/** Asset ids and names as byte columns with the table over the ids, which are distinct. */
export interface AssetBytes {
  ids: ByteColumn;
  names: ByteColumn;
  hash: IdHashTable;
}

function columnsOfRecords(assets: readonly Asset[]): AssetColumns {
  const n = assets.length;
  const ids = new Array<string>(n);
  const names = new Array<string>(n);
  const siteIds = new Array<string>(n);
  const projectIds = new Array<string>(n);
  const lists = new Array<readonly string[]>(n);
  // one pass, no callback per field: a million records' worth of calls was ~10% of a compile
  for (let i = 0; i < n; i++) {
    const a = assets[i];
    ids[i] = a.id;
    names[i] = a.name;
    siteIds[i] = a.siteId;
    projectIds[i] = a.projectId;
    lists[i] = a.tags;
  }
  return { ids, names, siteIds, projectIds, tags: { lists } };
}

/** Keys for ids: the known records' first-wins index, then a new key for each unknown id passed to `add` (also the
 * tag dictionary, which starts empty). */
function keySpace(records: readonly { id: string }[], index: Map<string, number>) {
  const keyIndex = new Map(index);
  const ids = records.map((r) => r.id);
  return {
    keyIndex,
    ids,
    add: (id: string): number => {
      let k = keyIndex.get(id);
      if (k === undefined) {
        k = ids.length;
        ids.push(id);
        keyIndex.set(id, k);
      }
      return k;
    },
  };
}

/**
 * Intervals over organization keys. parent[] is a functional graph (at most one parent each), so every weakly
 * connected part holds at most one loop: each loop is collapsed into its lowest key (SPEC §7: its members lie under
 * one another), which leaves a forest. Linear in the number of keys.
 */
export function compileOrgTree(parent: Int32Array): { start: Int32Array; end: Int32Array } {
  const n = parent.length;
  const rep = new Int32Array(n);
  for (let i = 0; i < n; i++) rep[i] = i;
  const state = new Uint8Array(n); // 0 unseen, 1 on the current walk, 2 done
  const walk: number[] = [];
  for (let i = 0; i < n; i++) {
    if (state[i] !== 0) continue;
    let at = i;
    while (at !== -1 && state[at] === 0) {
      state[at] = 1;
      walk.push(at);
      at = parent[at];
    }
    if (at !== -1 && state[at] === 1) {
      // the walk closed a loop: from `at` to the end of the walk
      const from = walk.indexOf(at);
      let low = at;
      for (let k = from; k < walk.length; k++) if (walk[k] < low) low = walk[k];
      for (let k = from; k < walk.length; k++) rep[walk[k]] = low;
    }
    for (const x of walk) state[x] = 2;
    walk.length = 0;
  }
  // Forest over representatives: a loop's representative is a root; any other node hangs under its parent's.
  const treeParent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (rep[i] !== i || parent[i] === -1 || rep[parent[i]] === i) continue;
    treeParent[i] = rep[parent[i]];
  }
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (treeParent[i] >= 0) childCount[treeParent[i]]++;
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i] + childCount[i];
  const fill = childStart.slice(0, n);
  const children = new Int32Array(childStart[n]);
  for (let i = 0; i < n; i++) if (treeParent[i] >= 0) children[fill[treeParent[i]]++] = i;

  const start = new Int32Array(n).fill(-1);
  const end = new Int32Array(n).fill(-1);
  let counter = 0;
  const stack: number[] = [];
  const cursor = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (rep[root] !== root || treeParent[root] !== -1) continue;
    start[root] = counter++;
    cursor[root] = childStart[root];
    stack.push(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (cursor[top] < childStart[top + 1]) {
        const c = children[cursor[top]++];
        start[c] = counter++;
        cursor[c] = childStart[c];
        stack.push(c);
      } else {
        end[top] = counter - 1;
        stack.pop();
      }
    }
  }
  for (let i = 0; i < n; i++) {
    start[i] = start[rep[i]];
    end[i] = end[rep[i]];
  }
  return { start, end };
}

/** Permission bitmask per system role (bit i = PERMISSION_IDS[i]). */
export function systemRolePermsOf(systemRoles: readonly SystemRole[]): Uint32Array {
  return Uint32Array.from(systemRoles, (r) => {
    let bits = 0;
    for (const p of r.permissions) bits |= PERMISSION_BIT.get(p) ?? 0;
    return bits;
  });
}

/** Turns a project role (stored or draft) into flags over the fleet's tag dictionary. */
export function compileRole(fleet: Pick<Fleet, 'tagIndex' | 'tagWords'>, role: ProjectRole, idx = -1): CompiledRole {
  const G = FEATURE_GROUPS.length;
  const F = FUNCTION_IDS.length;
  const groupEnabled = new Uint8Array(G);
  const fnRawRead = new Uint8Array(F);
  const fnRawWrite = new Uint8Array(F);
  const fnRead = new Uint8Array(F);
  const fnWrite = new Uint8Array(F);
  let f = 0;
  for (let g = 0; g < G; g++) {
    const group = FEATURE_GROUPS[g];
    const setting = Object.prototype.hasOwnProperty.call(role.features, group.id) ? role.features[group.id] : undefined;
    const enabled = setting?.enabled === true;
    groupEnabled[g] = enabled ? 1 : 0;
    for (const fn of group.functions) {
      const pair = setting && Object.prototype.hasOwnProperty.call(setting.functions, fn.id) ? setting.functions[fn.id] : undefined;
      const r = pair?.read === true;
      const w = pair?.write === true;
      fnRawRead[f] = r ? 1 : 0;
      fnRawWrite[f] = w ? 1 : 0;
      fnRead[f] = enabled && r ? 1 : 0;
      fnWrite[f] = enabled && r && w ? 1 : 0;
      f++;
    }
  }
  const tagRead = new Uint32Array(fleet.tagWords);
  const tagWrite = new Uint32Array(fleet.tagWords);
  for (const t of role.tags) {
    const ti = fleet.tagIndex.get(t.tag);
    if (ti === undefined) continue; // a tag no asset carries and no compiled role knew: it can reach nothing
    if (t.read) tagRead[ti >>> 5] |= 1 << (ti & 31);
    if (t.read && t.write) tagWrite[ti >>> 5] |= 1 << (ti & 31);
  }
  return {
    idx,
    id: role.id,
    groupEnabled,
    fnRawRead,
    fnRawWrite,
    fnRead,
    fnWrite,
    assetsEnabled: groupEnabled[GROUP_ASSETS] === 1,
    assetsRead: fnRead[FN_ASSETS] === 1,
    assetsWrite: fnWrite[FN_ASSETS] === 1,
    ticketsOn: groupEnabled[GROUP_TICKETS] === 1,
    usersInOtherLists: fnRead[FN_USERS_IN_OTHER_LISTS] === 1,
    hasTags: role.tags.length > 0,
    fullAccessUntagged: role.fullAccessUntagged,
    expertMode: role.expertMode,
    tagRead,
    tagWrite,
  };
}

/** Builds the compiled user from the record; `scope` and `status` may be overridden (flip verification). */
export function compileUser(
  fleet: Pick<Fleet, 'snapshot' | 'orgKeyIndex' | 'siteKeyIndex' | 'systemRoleIndex' | 'systemRoles'>,
  idx: number,
  override: { status?: string; scope?: { organizationIds?: string[]; siteIds?: string[] } | undefined } = {},
): CompiledUser {
  const u = fleet.snapshot.users[idx];
  const status = 'status' in override ? override.status : u.status;
  const scope = 'scope' in override ? override.scope : u.scope;
  // Every user's organization id has a key (compileFleet adds the unknown ones); a bare -1 only for a caller's copy.
  const orgIdx = fleet.orgKeyIndex.get(u.organizationId) ?? -1;
  const orgs = fleet.snapshot.organizations;
  const orgType = orgIdx >= 0 && orgIdx < orgs.length ? orgs[orgIdx].type : null;
  const systemRoleIdx = u.systemRoleId === null ? -1 : (fleet.systemRoleIndex.get(u.systemRoleId) ?? -1);
  const orgIds = scope?.organizationIds;
  const siteIds = scope?.siteIds;
  const keyed = (ids: string[] | undefined, index: Map<string, number>) => {
    const out: number[] = [];
    for (const id of ids ?? []) {
      const i = index.get(id);
      if (i !== undefined) out.push(i);
    }
    return Int32Array.from(out);
  };
  return {
    idx,
    id: u.id,
    active: status === 'active',
    systemRoleIdx,
    isGlobalAdmin: systemRoleIdx >= 0 && fleet.systemRoles[systemRoleIdx].id === 'globalAdmin',
    orgIdx,
    wholeFleet: orgType === 'global' || orgType === 'productCompany',
    scopeSet: orgIds !== undefined || siteIds !== undefined,
    scopeOrgsSet: orgIds !== undefined,
    scopeOrgs: keyed(orgIds, fleet.orgKeyIndex),
    scopeSites: keyed(siteIds, fleet.siteKeyIndex),
  };
}

/**
 * The membership structures (membershipRole, the per-user CSR). Memberships: first per (user, project) wins; the
 * user must be known (the project is compared as given: every membership's project id must have a key), a
 * dangling role is kept as -1. Also what patchFleet rebuilds when memberships, users or roles move.
 */
export function compileMemberships(
  memberships: Snapshot['memberships'],
  userIndex: ReadonlyMap<string, number>,
  U: number,
  projectKeyIndex: ReadonlyMap<string, number>,
  P: number,
  projectRoleIndex: ReadonlyMap<string, number>,
): Pick<Fleet, 'membershipRole' | 'userMemberStart' | 'memberProject' | 'memberRole' | 'memberRecord'> {
  const membershipRole = new Map<number, number>();
  const perUser = new Int32Array(U + 1);
  const accepted: number[] = [];
  const seen = new Set<number>();
  memberships.forEach((m, i) => {
    const u = userIndex.get(m.userId);
    const p = projectKeyIndex.get(m.projectId)!;
    if (u === undefined) return;
    const key = u * P + p;
    if (seen.has(key)) return;
    seen.add(key);
    const r = projectRoleIndex.get(m.projectRoleId) ?? -1;
    if (r >= 0) membershipRole.set(key, r);
    accepted.push(i);
    perUser[u]++;
  });
  const userMemberStart = new Int32Array(U + 1);
  for (let u = 0; u < U; u++) userMemberStart[u + 1] = userMemberStart[u] + perUser[u];
  const fillAt = userMemberStart.slice(0, U);
  const memberProject = new Int32Array(accepted.length);
  const memberRole = new Int32Array(accepted.length);
  const memberRecord = new Int32Array(accepted.length);
  for (const i of accepted) {
    const m = memberships[i];
    const u = userIndex.get(m.userId)!;
    const at = fillAt[u]++;
    memberProject[at] = projectKeyIndex.get(m.projectId)!;
    memberRole[at] = projectRoleIndex.get(m.projectRoleId) ?? -1;
    memberRecord[at] = i;
  }
  return { membershipRole, userMemberStart, memberProject, memberRole, memberRecord };
}

/** The compiled fleet's asset columns and id index (a function of its own: compileFleetWith is long enough). */
function compileAssets(
  assets: AssetColumns,
  siteIndex: ReadonlyMap<string, number>,
  addSite: (id: string) => number,
  addProject: (id: string) => number,
  addTag: (tag: string) => number,
  orgStart: Int32Array,
  siteOrg: Int32Array,
) {
  const { siteIds, projectIds, tags } = assets;
  const ids = 'ids' in assets ? assets.ids : null;
  const A = siteIds.length;
  // id → first row (on duplicate ids the first record wins); byte columns come with their table
  let assetIndex: IdLookup;
  let duplicates = false;
  if ('bytes' in assets) assetIndex = new IdHash(assets.bytes.hash, assets.bytes.ids);
  else {
    const index = new Map<string, number>();
    // Set from the last row back, so the first row of an id is what stays: one look-up per row, not a has and a
    // set (at 1M the Map is far larger than the CPU's caches, and each look-up is a miss).
    for (let i = A - 1; i >= 0; i--) index.set(ids![i], i);
    duplicates = index.size !== A;
    assetIndex = index;
  }
  // asset i's tags: list[at(i)] onwards, count(i) of them
  const lists = 'lists' in tags ? tags.lists : null;
  const flat = 'lists' in tags ? null : tags;
  const assetSite = new Int32Array(A);
  const assetSiteKey = new Int32Array(A);
  const assetProject = new Int32Array(A);
  const assetOrgPos = new Int32Array(A);
  const assetTagStart = new Int32Array(A + 1);
  // the fleet keeps the id and name arrays it is given (AssetColumns: the caller gives them up); for byte columns
  // compileFleetWith defines them over the columns
  const assetIds = (ids ?? []) as string[];
  const assetNames = ('names' in assets ? assets.names : []) as string[];
  const assetRawTags = new Map<number, string[]>();
  let tagTotal = 0;
  for (let i = 0; i < A; i++) tagTotal += lists ? lists[i].length : flat!.count[i];
  const tagBuf = new Int32Array(tagTotal);
  let w = 0;
  const assetDuplicate = new Uint8Array(A);
  for (let i = 0; i < A; i++) {
    if (duplicates && assetIndex.get(ids![i]) !== i) assetDuplicate[i] = 1;
    const siteId = siteIds[i];
    const s = siteIndex.get(siteId) ?? -1;
    assetSite[i] = s;
    assetSiteKey[i] = s >= 0 ? s : addSite(siteId);
    assetProject[i] = addProject(projectIds[i]);
    assetOrgPos[i] = s >= 0 ? orgStart[siteOrg[s]] : -1;
    // de-duplicated in the asset's own order (SPEC §7: tag flips follow it); few tags, so a scan of the slice
    const from = w;
    const list = lists ? lists[i] : flat!.list;
    const at = lists ? 0 : flat!.start[i];
    const count = lists ? list.length : flat!.count[i];
    for (let k = at; k < at + count; k++) {
      const ti = addTag(list[k]);
      let dup = false;
      for (let x = from; x < w; x++) if (tagBuf[x] === ti) dup = true;
      if (!dup) tagBuf[w++] = ti;
    }
    if (w - from !== count) assetRawTags.set(i, list.slice(at, at + count));
    assetTagStart[i + 1] = w;
  }
  return {
    assetIndex,
    assetSite,
    assetSiteKey,
    assetProject,
    assetOrgPos,
    assetTagStart,
    assetTagList: tagBuf.slice(0, w),
    assetIds,
    assetNames,
    assetRawTags,
    assetDuplicate,
  };
}

export function compileFleet(snapshot: Snapshot): Fleet {
  return compileFleetWith(snapshot, columnsOfRecords(snapshot.assets));
}

/** compileFleet with the assets read from `assets`: `snapshot.assets` is not read. */
export function compileFleetWith(snapshot: Snapshot, assets: AssetColumns): Fleet {
  const orgIndex = indexById(snapshot.organizations);
  const siteIndex = indexById(snapshot.sites);
  const userIndex = indexById(snapshot.users);
  const projectIndex = indexById(snapshot.projects);
  const projectRoleIndex = indexById(snapshot.projectRoles);
  const ticketIndex = indexById(snapshot.tickets);
  const systemRoles = systemRolesOf(snapshot);
  const systemRoleIndex = indexById(systemRoles);

  // Organization keys: every id an organization chain can start from, pass through or be asked about.
  const orgKeys = keySpace(snapshot.organizations, orgIndex);
  const orgParentIds: (string | null)[] = snapshot.organizations.map((o, i) => (orgIndex.get(o.id) === i ? o.parentId : null));
  for (const id of orgParentIds) if (id !== null) orgKeys.add(id);
  const siteOrg = Int32Array.from(snapshot.sites, (s) => orgKeys.add(s.organizationId));
  for (const u of snapshot.users) {
    orgKeys.add(u.organizationId);
    for (const id of u.scope?.organizationIds ?? []) orgKeys.add(id);
  }
  const orgParent = new Int32Array(orgKeys.ids.length).fill(-1);
  orgParentIds.forEach((id, i) => {
    if (id !== null) orgParent[i] = orgKeys.keyIndex.get(id)!;
  });
  const { start: orgStart, end: orgEnd } = compileOrgTree(orgParent);
  const siteKeys = keySpace(snapshot.sites, siteIndex);
  const projectKeys = keySpace(snapshot.projects, projectIndex);

  // Tag dictionary: role tags first (they are what bitsets are built from), then asset tags.
  const { ids: tags, keyIndex: tagIndex, add: addTag } = keySpace([], new Map());
  for (const r of snapshot.projectRoles) for (const t of r.tags) addTag(t.tag);

  const { assetIndex, ...assetColumns } = compileAssets(assets, siteIndex, siteKeys.add, projectKeys.add, addTag, orgStart, siteOrg);
  const tagWords = wordsFor(tags.length);

  for (const m of snapshot.memberships) projectKeys.add(m.projectId);
  for (const t of snapshot.tickets) projectKeys.add(t.projectId);
  const base = {
    snapshot,
    orgKeyIndex: orgKeys.keyIndex,
    siteKeyIndex: siteKeys.keyIndex,
    systemRoleIndex,
    systemRoles,
    tagIndex,
    tagWords,
  };
  const roles = snapshot.projectRoles.map((r, i) => compileRole(base, r, i));
  const users = snapshot.users.map((_, i) => compileUser(base, i));

  const P = projectKeys.ids.length;
  const members = compileMemberships(snapshot.memberships, userIndex, snapshot.users.length, projectKeys.keyIndex, P, projectRoleIndex);

  const systemRolePerms = systemRolePermsOf(systemRoles);

  const fleet: Fleet = {
    snapshot,
    orgIndex,
    siteIndex,
    userIndex,
    projectIndex,
    projectRoleIndex,
    assetIndex,
    ticketIndex,
    systemRoleIndex,
    orgKeyIndex: orgKeys.keyIndex,
    orgKeyIds: orgKeys.ids,
    orgParent,
    orgStart,
    orgEnd,
    siteOrg,
    siteKeyIndex: siteKeys.keyIndex,
    siteKeyIds: siteKeys.ids,
    projectKeyIndex: projectKeys.keyIndex,
    projectKeyIds: projectKeys.ids,
    ...assetColumns,
    userDuplicate: duplicatesOf(snapshot.users, userIndex),
    tags,
    tagIndex,
    tagWords,
    roles,
    users,
    ...members,
    systemRoles,
    systemRolePerms,
  };
  // the arrays are made from the columns when something reads them whole, as a loaded fleet's are
  if ('bytes' in assets) defineAssetColumns(fleet, assets.bytes.ids, assets.bytes.names);
  return fleet;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers shared by every rule (and by the roles engineer's R6–R8).

/** Organization key `orgIdx` is `ancestorOrgIdx` or lies under it (SPEC §7: by parentId links, loops mutual). */
export function orgLiesUnder(fleet: Fleet, orgIdx: number, ancestorOrgIdx: number): boolean {
  if (orgIdx < 0 || ancestorOrgIdx < 0) return false;
  const s = fleet.orgStart[orgIdx];
  return fleet.orgStart[ancestorOrgIdx] <= s && s <= fleet.orgEnd[ancestorOrgIdx];
}

/**
 * The organizations scope (SPEC §6 "Scope of organizations", §7): what lies under the user's organization id, or
 * every organization id, known or not, for users of a `global`/`productCompany` org; narrowed by
 * `scope.organizationIds` only (siteIds narrow assets, not orgs). `orgIdx` is an organization key; -1 stands for
 * an id the fleet has no key for (it lies under nothing but itself, so only an unnarrowed whole fleet holds it).
 */
export function userOrgScopeContains(fleet: Fleet, userIdx: number, orgIdx: number): boolean {
  const u = userAt(fleet, userIdx);
  if (orgIdx < 0 || orgIdx >= fleet.orgStart.length) return u.wholeFleet && !u.scopeOrgsSet;
  if (!u.wholeFleet && !orgLiesUnder(fleet, orgIdx, u.orgIdx)) return false;
  if (!u.scopeOrgsSet) return true;
  const list = u.scopeOrgs;
  for (let i = 0; i < list.length; i++) if (orgLiesUnder(fleet, orgIdx, list[i])) return true;
  return false;
}

/**
 * 1 for each site whose organization lies in the Euler interval [lo, hi] (sites are few next to assets): an asset is
 * in such a default scope when its known site is, as its assetOrgPos says, without reading that column.
 */
export function sitesInInterval(fleet: Fleet, lo: number, hi: number): Uint8Array {
  const { siteOrg, orgStart } = fleet;
  const out = new Uint8Array(siteOrg.length);
  for (let s = 0; s < out.length; s++) {
    const p = orgStart[siteOrg[s]];
    out[s] = p >= lo && p <= hi ? 1 : 0;
  }
  return out;
}

/**
 * Asset scope (R3 step 3, SPEC §7): default subtree or whole fleet, narrowed — when scope is set — to assets under
 * one of scope.organizationIds or on one of scope.siteIds (site ids compared as given). An asset whose site is
 * unknown lies under no organization: only a whole-fleet user's default scope holds it, and a siteIds list naming
 * that site id.
 */
export function assetInUserScope(fleet: Fleet, u: CompiledUser, assetIdx: number): boolean {
  // the asset's assetOrgPos, from its site (one asset's: a loaded fleet derives the whole column only when read)
  const s = fleet.assetSite[assetIdx];
  const pos = s >= 0 ? fleet.orgStart[fleet.siteOrg[s]] : -1;
  if (!u.wholeFleet) {
    if (u.orgIdx < 0 || pos < 0) return false;
    if (pos < fleet.orgStart[u.orgIdx] || pos > fleet.orgEnd[u.orgIdx]) return false;
  }
  if (!u.scopeSet) return true;
  const orgs = u.scopeOrgs;
  if (pos >= 0) {
    for (let i = 0; i < orgs.length; i++) {
      const o = orgs[i];
      if (pos >= fleet.orgStart[o] && pos <= fleet.orgEnd[o]) return true;
    }
  }
  const site = fleet.assetSiteKey[assetIdx];
  const sites = u.scopeSites;
  for (let i = 0; i < sites.length; i++) if (sites[i] === site) return true;
  return false;
}

export function systemRoleOf(fleet: Fleet, userIdx: number): SystemRole | null {
  const r = userAt(fleet, userIdx)?.systemRoleIdx ?? -1;
  return r >= 0 ? fleet.systemRoles[r] : null;
}

/** The user's system role grants the permission (status is not considered here; rules check it themselves). */
export function hasPermission(fleet: Fleet, userIdx: number, permissionId: PermissionId | string): boolean {
  const r = userAt(fleet, userIdx)?.systemRoleIdx ?? -1;
  if (r < 0) return false;
  const bit = PERMISSION_BIT.get(permissionId);
  return bit !== undefined && (fleet.systemRolePerms[r] & bit) !== 0;
}

/** Project-role index of the user's membership in the project key, or -1 (none, or its role id is dangling). */
export function roleIndexOf(fleet: Fleet, userIdx: number, projectIdx: number): number {
  if (userIdx < 0 || projectIdx < 0) return -1;
  return fleet.membershipRole.get(userIdx * fleet.projectKeyIds.length + projectIdx) ?? -1;
}

/** Index of the user's membership record in the project key (even when its role is dangling), or -1. */
export function membershipRecordOf(fleet: Fleet, userIdx: number, projectIdx: number): number {
  for (let i = fleet.userMemberStart[userIdx]; i < fleet.userMemberStart[userIdx + 1]; i++)
    if (fleet.memberProject[i] === projectIdx) return fleet.memberRecord[i];
  return -1;
}

export function hasTagBit(bits: Uint32Array, tagIdx: number): boolean {
  return (bits[tagIdx >>> 5] & (1 << (tagIdx & 31))) !== 0;
}

/** Tag names of an asset, de-duplicated, in its own order. */
export function assetTagNames(fleet: Fleet, assetIdx: number): string[] {
  const out: string[] = [];
  const to = assetTagStartAt(fleet, assetIdx + 1);
  for (let i = assetTagStartAt(fleet, assetIdx); i < to; i++) out.push(fleet.tags[fleet.assetTagList[i]]);
  return out;
}

/** The asset record at `assetIdx`, rebuilt from the fleet's columns (equal to the record the snapshot held). */
export function assetRecord(fleet: Fleet, assetIdx: number): Asset {
  return {
    id: assetIdAt(fleet, assetIdx),
    name: assetNameAt(fleet, assetIdx),
    projectId: keyIdAt(fleet, 'projectKeyIds', fleet.assetProject[assetIdx]),
    siteId: keyIdAt(fleet, 'siteKeyIds', fleet.assetSiteKey[assetIdx]),
    tags: fleet.assetRawTags.get(assetIdx)?.slice() ?? assetTagNames(fleet, assetIdx),
  };
}

/**
 * The asset records in these projects or with these ids (the first record of each id), in snapshot order, rebuilt
 * from the columns: what the history walker reads of a fleet's assets (core/history/walk.ts AssetsIn), without the
 * whole list that a fleet loaded from its image builds on first read (a million records at 1M).
 */
export function assetRecordsIn(fleet: Fleet, projectIds: ReadonlySet<string>, ids: ReadonlySet<string>): Asset[] {
  const keys: number[] = [];
  let top = -1;
  for (const p of projectIds) {
    const k = fleet.projectKeyIndex.get(p);
    if (k !== undefined) keys.push(k);
    if (k !== undefined && k > top) top = k;
  }
  const inProject = new Uint8Array(top + 1);
  for (const k of keys) inProject[k] = 1;
  const named = new Set<number>();
  for (const id of ids) {
    const i = fleet.assetIndex.get(id);
    if (i !== undefined) named.add(i);
  }
  // Asked by id alone (since-when's one asset, a comparison's assets): no pass over the column.
  if (keys.length === 0) return [...named].sort((a, b) => a - b).map((i) => assetRecord(fleet, i));
  const out: Asset[] = [];
  const project = fleet.assetProject;
  for (let i = 0; i < project.length; i++) if (inProject[project[i]] === 1 || named.has(i)) out.push(assetRecord(fleet, i));
  return out;
}

/**
 * Every asset record, rebuilt from the columns. The key ids and tag offsets are read as whole arrays first: one item
 * at a time (key-columns.ts, tag-starts.ts) is for a page, not a million records.
 */
export function assetRecords(fleet: Fleet): Asset[] {
  void [fleet.projectKeyIds, fleet.siteKeyIds, fleet.assetTagStart];
  return Array.from({ length: fleet.assetProject.length }, (_, i) => assetRecord(fleet, i));
}

// Id lookups that throw UnknownIdError (the CLI's exit 4).
const lookup = (kind: UnknownIdError['kind'], index: IdLookup, id: string): number => {
  const i = index.get(id);
  if (i === undefined) throw new UnknownIdError(kind, id);
  return i;
};
export const userIdxOf = (fleet: Fleet, id: string) => lookup('user', fleet.userIndex, id);
export const assetIdxOf = (fleet: Fleet, id: string) => lookup('asset', fleet.assetIndex, id);
export const ticketIdxOf = (fleet: Fleet, id: string) => lookup('ticket', fleet.ticketIndex, id);
export const projectIdxOf = (fleet: Fleet, id: string) => lookup('project', fleet.projectIndex, id);
export const projectRoleIdxOf = (fleet: Fleet, id: string) => lookup('projectRole', fleet.projectRoleIndex, id);
export const organizationIdxOf = (fleet: Fleet, id: string) => lookup('organization', fleet.orgIndex, id);

export { names } from './names';
export { assetIdAt, assetNameAt } from './asset-columns';
