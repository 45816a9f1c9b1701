// Issue 13: a compiled fleet patched in place of recompiling it. patchFleet(fleet, changes) answers every question
// as compileFleet(replaySnapshot(fleet.snapshot, changes)) would (the issue 13 equivalence; key numbers aside), at a
// cost that follows the change, not the fleet: the asset columns are shared or rewritten as integer loops with the
// changed rows written in, the small collections' compiled parts are redone only where a change reaches them, the
// asset id look-up becomes the old one plus an overlay (patched-lookup.ts), and `snapshot.assets` is rebuilt from the
// columns only when something reads the whole array. The input fleet is never changed (answers in flight may still
// read it); whatever did not change is shared.
//
// Key numbers are opaque (SPEC §7 keys for unknown ids): new unknown ids, tags and organization keys are appended,
// and keys no record names any more are kept (they reach nothing, exactly like an id without a key). The layout
// rules callers read are kept: a known organization's, site's and project's key is its position in the snapshot
// (organization and site keys remapped when such records are added or removed: fleet-patch-places.ts; project keys
// laid out in compileFleet's order).
//
// Organizations, sites and the system-role catalog are patched like the rest: the organization intervals are
// recompiled over the organization keys (few next to assets) and every asset's position under them is one integer
// loop over the asset columns; no asset record is read. Falls back to compileFleet over the replayed snapshot only
// for a fleet with repeated asset or user ids or a changed collection holding a key twice (a snapshot file may; the
// cache never does).
import { recordKey } from '../api/contract';
import type { CollectionName } from '../model/collections';
import {
  MEMBERSHIP_KEY_SEPARATOR,
  type Asset,
  systemRolesOf,
  type Membership,
  type Organization,
  type Project,
  type ProjectRole,
  type Site,
  type Snapshot,
  type SystemRole,
  type Ticket,
  type User,
} from '../model/snapshot';
import {
  assetRecords,
  compileFleet,
  compileMemberships,
  compileOrgTree,
  compileRole,
  compileUser,
  indexById,
  systemRolePermsOf,
  wordsFor,
} from './fleet';
import { carryItems } from './compiled-items';
import { duplicateFree } from './duplicate-free';
import { patchAssetColumns } from './fleet-patch-assets';
import { patchMemberships } from './fleet-patch-members';
import { deriveOrgPosWhenRead, orgPosUnread } from './derived-org-pos';
import { assetOrgPositions, relaidAssetSites, relaidKeys, remapUsers, type UserRemaps } from './fleet-patch-places';
import { definePatchedRecords } from './fleet-patch-records';
import { defineLazy } from './lazy-value';
import { collectionLength, snapshotRecord } from './lazy-snapshot';
import type { CompiledRole, CompiledUser, Fleet, IntColumn } from './fleet-types';
import { PatchedLookup } from './patched-lookup';
import { applyRows, recordAfter, replayRows, touchedRows, type RowEdits } from './record-replay';

export interface FleetChange {
  collection: CollectionName;
  /** Validated records (the sync's putValues), each replaces its recordKey. */
  puts: readonly unknown[];
  /** recordKeys, applied before this change's puts (as a segment). */
  deletes: readonly string[];
}

/**
 * The snapshot after the changes, replayed as the cache replays segments (core/cache/segments.ts): by recordKey in
 * first-put order. `systemRoles` is present only when a catalog remains (as core/cache/read.ts reads it).
 */
export function replaySnapshot(snapshot: Snapshot, changes: readonly FleetChange[]): Snapshot {
  const out: Snapshot = { ...snapshot };
  const byCollection = new Map<CollectionName, Map<string, unknown>>();
  for (const change of changes) {
    let records = byCollection.get(change.collection);
    if (!records) {
      records = new Map((out[change.collection] ?? []).map((r) => [recordKey(change.collection, r as { id?: unknown }), r]));
      byCollection.set(change.collection, records);
    }
    for (const key of change.deletes) records.delete(key);
    for (const r of change.puts) records.set(recordKey(change.collection, r as { id?: unknown }), r);
  }
  for (const [collection, records] of byCollection) (out as Record<string, unknown>)[collection] = [...records.values()];
  if (byCollection.has('systemRoles') && out.systemRoles?.length === 0) delete out.systemRoles;
  return out;
}

// Per fleet: collections known to hold no key twice (duplicate-free.ts; a patched fleet inherits its input's and adds
// what it replayed).

/**
 * The collections a patch replays hold no key twice (a replay by key would collapse what the fleet holds twice), and
 * no asset or user id repeats (answers skip duplicate rows). Collections no change names are not read: a fleet
 * loaded from its image parses a collection on first read, and one the patch leaves alone is carried as it is.
 */
function hasNoDuplicates(fleet: Fleet, collections: Iterable<CollectionName>): boolean {
  const known = duplicateFree.get(fleet);
  const s = fleet.snapshot;
  const free = (c: CollectionName): boolean => {
    if (known?.has(c)) return true;
    switch (c) {
      case 'assets':
        return !fleet.assetDuplicate.includes(1);
      case 'users':
        return !fleet.userDuplicate.includes(1);
      case 'projects':
        return fleet.projectIndex.size === s.projects.length;
      case 'projectRoles':
        return fleet.projectRoleIndex.size === fleet.roles.length;
      case 'tickets':
        return fleet.ticketIndex.size === collectionLength(s, 'tickets');
      case 'organizations':
        return fleet.orgIndex.size === s.organizations.length;
      case 'sites':
        // siteOrg has one entry per site record: the records need not be read
        return fleet.siteIndex.size === fleet.siteOrg.length;
      case 'systemRoles':
        return s.systemRoles === undefined || indexById(s.systemRoles).size === s.systemRoles.length;
      case 'memberships': {
        // known users' memberships are in the CSR once per (user, project); the rest are checked by key
        let ofKnown = 0;
        const others = new Set<string>();
        for (const m of s.memberships) {
          if (fleet.userIndex.has(m.userId)) ofKnown++;
          else {
            const key = recordKey('memberships', m);
            if (others.has(key)) return false;
            others.add(key);
          }
        }
        return ofKnown === fleet.memberRecord.length;
      }
    }
  };
  const checked = new Set(known);
  for (const c of ['assets', 'users', ...collections] as CollectionName[]) {
    if (!free(c)) return false;
    checked.add(c);
  }
  duplicateFree.set(fleet, checked);
  return true;
}

/**
 * A key space that copies its ids and index on the first id it adds (the input fleet's stay as they are; `owned`:
 * they are the patch's own already).
 */
function growingKeys(ids: string[], index: Map<string, number>, owned = false) {
  let copied = owned;
  const space = {
    ids,
    index,
    grew: [] as string[],
    add(id: string): number {
      let k = space.index.get(id);
      if (k === undefined) {
        if (!copied) {
          space.ids = space.ids.slice();
          space.index = new Map(space.index);
          copied = true;
        }
        k = space.ids.length;
        space.ids.push(id);
        space.index.set(id, k);
        space.grew.push(id);
      }
      return k;
    },
  };
  return space;
}

/** The position of a membership (by recordKey) in the fleet's memberships, through the per-user CSR. */
function membershipFinder(fleet: Fleet): (key: string) => number | undefined {
  let ofUnknownUsers: Map<string, number> | null = null;
  return (key) => {
    const cut = key.indexOf(MEMBERSHIP_KEY_SEPARATOR);
    const u = fleet.userIndex.get(key.slice(0, cut));
    if (u === undefined) {
      // memberships of users the fleet does not hold are not in the CSR: one pass, only when such a key is asked
      ofUnknownUsers ??= new Map(
        fleet.snapshot.memberships.flatMap((m, i) => (fleet.userIndex.has(m.userId) ? [] : [[recordKey('memberships', m), i] as const])),
      );
      return ofUnknownUsers.get(key);
    }
    const p = fleet.projectKeyIndex.get(key.slice(cut + 1));
    if (p === undefined) return undefined;
    for (let i = fleet.userMemberStart[u]; i < fleet.userMemberStart[u + 1]; i++)
      if (fleet.memberProject[i] === p) return fleet.memberRecord[i];
    return undefined;
  };
}

/**
 * compileFleet's project keys: known projects at their position, then the ids no project has, first seen in assets,
 * memberships, tickets. `ids` is the key space `assetProject` is written in; returns null when it is already that.
 */
function canonicalProjectKeys(
  projects: readonly Project[],
  projectIndex: ReadonlyMap<string, number>,
  ids: readonly string[],
  assetProject: IntColumn,
  memberships: readonly Membership[],
  tickets: readonly Ticket[],
): { ids: string[]; index: Map<string, number>; remap: Int32Array } | null {
  const out = projects.map((p) => p.id);
  const index = new Map(projectIndex);
  const add = (id: string) => {
    if (index.has(id)) return;
    index.set(id, out.length);
    out.push(id);
  };
  const seen = new Uint8Array(ids.length);
  for (let i = 0; i < assetProject.length; i++) {
    const k = assetProject[i];
    if (seen[k] === 0) {
      seen[k] = 1;
      add(ids[k]);
    }
  }
  for (const m of memberships) add(m.projectId);
  for (const t of tickets) add(t.projectId);
  const remap = Int32Array.from(ids, (id) => index.get(id) ?? -1);
  if (out.length === ids.length && remap.every((k, i) => k === i)) return null;
  return { ids: out, index, remap };
}

const moved = (edits: RowEdits<unknown> | null) => edits !== null && (edits.removed.length > 0 || edits.added.length > 0);

function grownBits(bits: Uint32Array, words: number): Uint32Array {
  const out = new Uint32Array(words);
  out.set(bits);
  return out;
}

/** An object with `from`'s properties (accessors copied as accessors, so nothing lazy is read) and `changed`'s. */
function withChanged<T extends object>(from: T, changed: Partial<T>): T {
  const out = {} as T;
  for (const key of Object.keys(from) as (keyof T)[]) {
    if (Object.prototype.hasOwnProperty.call(changed, key)) out[key] = changed[key] as T[keyof T];
    else Object.defineProperty(out, key, Object.getOwnPropertyDescriptor(from, key)!);
  }
  for (const key of Object.keys(changed) as (keyof T)[]) if (!(key in out)) out[key] = changed[key] as T[keyof T];
  return out;
}

/**
 * The fleet after `changes` (in order, each as one cache segment), equal in every answer to
 * compileFleet(replaySnapshot(fleet.snapshot, changes)). Returns `fleet` itself when the changes change nothing.
 */
export function patchFleet(fleet: Fleet, changes: readonly FleetChange[]): Fleet {
  const byCollection = new Map<CollectionName, FleetChange[]>();
  for (const c of changes) {
    if (c.puts.length === 0 && c.deletes.length === 0) continue;
    byCollection.set(c.collection, [...(byCollection.get(c.collection) ?? []), c]);
  }
  if (byCollection.size === 0) return fleet;
  if (!hasNoDuplicates(fleet, byCollection.keys())) return compileFleet(replaySnapshot(fleet.snapshot, changes));
  const s = fleet.snapshot;
  const edits = <T>(collection: CollectionName, before: () => number, find: (key: string) => number | undefined): RowEdits<T> | null => {
    const list = byCollection.get(collection);
    return list ? replayRows<T>(collection, before(), find, list) : null;
  };
  const userEdits = edits<User>(
    'users',
    // (userDuplicate has a byte per user: fleet.users of a loaded fleet would be built for the count)
    () => fleet.userDuplicate.length,
    (k) => fleet.userIndex.get(k),
  );
  const projectEdits = edits<Project>(
    'projects',
    () => s.projects.length,
    (k) => fleet.projectIndex.get(k),
  );
  const roleEdits = edits<ProjectRole>(
    'projectRoles',
    () => fleet.roles.length,
    (k) => fleet.projectRoleIndex.get(k),
  );
  const memberEdits = edits<Membership>('memberships', () => collectionLength(s, 'memberships'), membershipFinder(fleet));
  const ticketEdits = edits<Ticket>(
    'tickets',
    () => collectionLength(s, 'tickets'),
    (k) => fleet.ticketIndex.get(k),
  );
  const assetEdits = edits<Asset>(
    'assets',
    // a count the columns give without building the id array of a fleet loaded from its image
    () => fleet.assetProject.length,
    (k) => fleet.assetIndex.get(k),
  );
  const orgEdits = edits<Organization>(
    'organizations',
    () => s.organizations.length,
    (k) => fleet.orgIndex.get(k),
  );
  const siteEdits = edits<Site>(
    'sites',
    () => fleet.siteOrg.length,
    (k) => fleet.siteIndex.get(k),
  );
  // The snapshot's own catalog (none: the default is in force, and a put starts a catalog of its own, as replayed).
  const ownSystemRoles = byCollection.has('systemRoles') ? (s.systemRoles ?? []) : [];
  const ownSystemRoleIndex = byCollection.has('systemRoles') ? indexById(ownSystemRoles) : null;
  const systemRoleEdits = edits<SystemRole>(
    'systemRoles',
    () => ownSystemRoles.length,
    (k) => ownSystemRoleIndex?.get(k),
  );

  // The small collections after the changes, each read only where it is needed (see hasNoDuplicates).
  const after = <T>(read: () => T[], e: RowEdits<T> | null) => {
    let records: T[] | null = null;
    return (): T[] => (records ??= e ? applyRows(read(), e) : read());
  };
  const users = after(() => s.users, userEdits);
  const projects = after(() => s.projects, projectEdits);
  const projectRoles = after(() => s.projectRoles, roleEdits);
  const memberships = after(() => s.memberships, memberEdits);
  // One membership after the changes: a loaded fleet parses just the records asked for, not the collection (95k
  // memberships at 1M).
  const memberAt = memberEdits
    ? recordAfter(memberEdits, (i) => snapshotRecord(s, 'memberships', i))
    : (i: number) => snapshotRecord(s, 'memberships', i);
  const tickets = after(() => s.tickets, ticketEdits);
  // One user's / ticket's record after the changes: a loaded fleet parses just the records asked for, not the
  // collection (users and tickets are tens of thousands of records at 1M assets).
  const userAt = userEdits ? recordAfter(userEdits, (i) => snapshotRecord(s, 'users', i)) : (i: number) => snapshotRecord(s, 'users', i);
  const ticketAt = ticketEdits
    ? recordAfter(ticketEdits, (i) => snapshotRecord(s, 'tickets', i))
    : (i: number) => snapshotRecord(s, 'tickets', i);
  const countAfter = (e: RowEdits<unknown>) => e.before - e.removed.length + e.added.length;
  const userCount = userEdits ? countAfter(userEdits) : fleet.userDuplicate.length;
  const userIndex = moved(userEdits) ? indexById(users()) : fleet.userIndex;
  const projectIndex = moved(projectEdits) ? indexById(projects()) : fleet.projectIndex;
  const projectRoleIndex = moved(roleEdits) ? indexById(projectRoles()) : fleet.projectRoleIndex;
  const organizations = after(() => s.organizations, orgEdits);
  const sites = after(() => s.sites, siteEdits);
  const orgIndex = moved(orgEdits) ? indexById(organizations()) : fleet.orgIndex;
  const siteIndex = moved(siteEdits) ? indexById(sites()) : fleet.siteIndex;

  const projectKeys = growingKeys(fleet.projectKeyIds, fleet.projectKeyIndex);
  const tagKeys = growingKeys(fleet.tags, fleet.tagIndex);

  // Sites added or removed: known sites at their new positions, the other keyed ids after them; every asset's site
  // index and site key follow (an integer loop; an id that only now is a site's gets its index).
  let siteKeys = growingKeys(fleet.siteKeyIds, fleet.siteKeyIndex);
  let siteRemap: Int32Array | null = null;
  const newlyKeyedSites: string[] = [];
  let assetBase = fleet;
  if (moved(siteEdits)) {
    const laid = relaidKeys(fleet.siteKeyIds, sites(), siteIndex);
    siteKeys = growingKeys(laid.ids, laid.index, !laid.shared);
    siteRemap = laid.remap;
    for (const site of sites()) if (!fleet.siteKeyIndex.has(site.id)) newlyKeyedSites.push(site.id);
    assetBase = withChanged(fleet, {
      ...relaidAssetSites(fleet.assetSiteKey, siteRemap, sites().length),
      siteKeyIds: laid.ids,
      siteKeyIndex: laid.index,
    });
  }
  // Organizations added or removed: the same for organization keys.
  let orgKeys = growingKeys(fleet.orgKeyIds, fleet.orgKeyIndex);
  let orgRemap: Int32Array | null = null;
  if (moved(orgEdits)) {
    const laid = relaidKeys(fleet.orgKeyIds, organizations(), orgIndex);
    orgKeys = growingKeys(laid.ids, laid.index, !laid.shared);
    orgRemap = laid.remap;
  }
  // Parent keys of the organizations after the changes (old keys in the new numbering; -1: none).
  const parentKey = (o: Organization) => (o.parentId === null ? -1 : orgKeys.add(o.parentId));
  const parentsOfAll = moved(orgEdits) ? Int32Array.from(organizations(), parentKey) : null;
  const parentsOfReplaced = orgEdits && !parentsOfAll ? [...orgEdits.replaced].map(([p, o]) => [p, parentKey(o)] as const) : [];
  // Each site's organization key.
  let siteOrg = fleet.siteOrg;
  if (moved(siteEdits)) siteOrg = Int32Array.from(sites(), (site) => orgKeys.add(site.organizationId));
  else {
    if (orgRemap) siteOrg = siteOrg.map((k) => orgRemap![k]);
    if (siteEdits) {
      if (siteOrg === fleet.siteOrg) siteOrg = siteOrg.slice();
      for (const [p, site] of siteEdits.replaced) siteOrg[p] = orgKeys.add(site.organizationId);
    }
  }
  // Asset positions under the organizations are computed once at the end when organizations or sites changed.
  const placesMoved = orgEdits !== null || siteEdits !== null;
  // A fleet whose asset positions were never read gets them derived when read again, not written here.
  const orgPosLater = orgPosUnread(fleet);

  // Every role tag is in the dictionary (compileRole reads the bits of the tags it finds there).
  if (roleEdits) for (const p of touchedRows(roleEdits)) for (const t of projectRoles()[p].tags) tagKeys.add(t.tag);
  const assetPatch = !assetEdits
    ? null
    : patchAssetColumns(
        assetBase,
        assetEdits,
        {
          project: (id) => projectKeys.add(id),
          site: (id) => {
            const site = siteIndex.get(id) ?? -1;
            return { site, key: site >= 0 ? site : siteKeys.add(id) };
          },
          tag: (name) => tagKeys.add(name),
        },
        orgPosLater ? null : (site) => (placesMoved ? -1 : fleet.orgStart[fleet.siteOrg[site]]),
      );
  const assetColumns: Partial<Fleet> = assetPatch?.columns ?? {};
  if (assetBase !== fleet) {
    assetColumns.assetSite ??= assetBase.assetSite;
    assetColumns.assetSiteKey ??= assetBase.assetSiteKey;
  }
  if (memberEdits) for (const p of touchedRows(memberEdits)) projectKeys.add(memberAt(p).projectId);
  if (ticketEdits) for (const p of touchedRows(ticketEdits)) projectKeys.add(ticketAt(p).projectId);
  if (userEdits)
    for (const p of touchedRows(userEdits)) {
      const u = userAt(p);
      orgKeys.add(u.organizationId);
      for (const id of u.scope?.organizationIds ?? []) orgKeys.add(id);
    }

  const snapshotChanges: Partial<Snapshot> = {};
  if (projectEdits) snapshotChanges.projects = projects();
  if (roleEdits) snapshotChanges.projectRoles = projectRoles();
  // The catalog in force: the snapshot's own after the changes, the default when none remains (as the cache reads it).
  const ownAfter = systemRoleEdits ? applyRows(ownSystemRoles, systemRoleEdits) : null;
  if (ownAfter && ownAfter.length > 0) snapshotChanges.systemRoles = ownAfter;
  const snapshot = withChanged(s, snapshotChanges);
  if (ownAfter && ownAfter.length === 0) delete snapshot.systemRoles;
  // Organizations and sites are read on first use (a replaced site needs no other site record).
  if (orgEdits) defineLazy(snapshot, 'organizations', organizations);
  // Users, tickets and memberships: one record read through the edits (a sync after this one reads only its own).
  if (memberEdits) definePatchedRecords(snapshot, s, 'memberships', memberEdits, memberships);
  if (userEdits) definePatchedRecords(snapshot, s, 'users', userEdits, users);
  if (ticketEdits) definePatchedRecords(snapshot, s, 'tickets', ticketEdits, tickets);
  if (siteEdits) defineLazy(snapshot, 'sites', sites);
  let systemRoleCatalog: { catalog: SystemRole[]; index: Map<string, number> } | null = null;
  if (ownAfter) {
    const catalog = systemRolesOf(snapshot);
    systemRoleCatalog = { catalog, index: indexById(catalog) };
  }
  // The asset records are rebuilt from the columns only when something reads the whole array.
  if (assetEdits) {
    let assets: Asset[] | null = null;
    Object.defineProperty(snapshot, 'assets', {
      enumerable: true,
      configurable: true,
      get: () => (assets ??= assetRecords(patched)),
      set: (v: Asset[]) => {
        assets = v;
      },
    });
  }

  const changed: Partial<Fleet> = { snapshot, ...assetColumns };
  if (moved(userEdits)) changed.userIndex = userIndex;
  if (moved(projectEdits)) changed.projectIndex = projectIndex;
  if (moved(roleEdits)) changed.projectRoleIndex = projectRoleIndex;
  if (ticketEdits) {
    changed.ticketIndex = PatchedLookup.after(
      fleet.ticketIndex,
      ticketEdits.before,
      (i) => snapshotRecord(s, 'tickets', i).id,
      ticketEdits.removed,
      ticketEdits.added.map((t) => t.id),
      () => tickets().map((t) => t.id),
    );
  }
  // Project keys in compileFleet's order (answers list projects in key order): laid out again when an id got a key,
  // projects were added or removed, or a changed record names a project no record has.
  const oldKnown = fleet.projectIndex;
  const unknownIn = (recordAt: (p: number) => { projectId: string }, at: Iterable<number>, index: ReadonlyMap<string, number>) => {
    for (const p of at) if (!index.has(recordAt(p).projectId)) return true;
    return false;
  };
  const unknownTouched =
    (assetEdits !== null &&
      ([...assetEdits.removed, ...assetEdits.replaced.keys()].some((p) => !oldKnown.has(fleet.projectKeyIds[fleet.assetProject[p]])) ||
        [...assetEdits.replaced.values(), ...assetEdits.added].some((a) => !projectIndex.has(a.projectId)))) ||
    (memberEdits !== null &&
      (unknownIn((p) => snapshotRecord(s, 'memberships', p), [...memberEdits.removed, ...memberEdits.replaced.keys()], oldKnown) ||
        unknownIn(memberAt, touchedRows(memberEdits), projectIndex))) ||
    (ticketEdits !== null &&
      (unknownIn((p) => snapshotRecord(s, 'tickets', p), [...ticketEdits.removed, ...ticketEdits.replaced.keys()], oldKnown) ||
        unknownIn(ticketAt, touchedRows(ticketEdits), projectIndex)));
  if (moved(projectEdits) || projectKeys.grew.length > 0 || unknownTouched) {
    const assetProject = assetColumns.assetProject ?? fleet.assetProject;
    const laidOut = canonicalProjectKeys(projects(), projectIndex, projectKeys.ids, assetProject, memberships(), tickets());
    if (laidOut) {
      const remapped = new Int32Array(assetProject.length);
      for (let i = 0; i < remapped.length; i++) remapped[i] = laidOut.remap[assetProject[i]];
      Object.assign(changed, { projectKeyIds: laidOut.ids, projectKeyIndex: laidOut.index, assetProject: remapped });
    } else if (projectKeys.ids !== fleet.projectKeyIds)
      Object.assign(changed, { projectKeyIds: projectKeys.ids, projectKeyIndex: projectKeys.index });
  }
  const projectKeyIndex = changed.projectKeyIndex ?? fleet.projectKeyIndex;
  const P = (changed.projectKeyIds ?? fleet.projectKeyIds).length;
  if (siteKeys.ids !== fleet.siteKeyIds) Object.assign(changed, { siteKeyIds: siteKeys.ids, siteKeyIndex: siteKeys.index });

  // Organization intervals: laid out again over every key when organizations changed (linear in the keys, which are
  // few next to assets); else new keys (ids a user or a site names that nothing held before) are roots with an
  // interval of their own.
  const orgKeysGrew = orgKeys.ids !== fleet.orgKeyIds;
  if (orgEdits) {
    const orgParent = new Int32Array(orgKeys.ids.length).fill(-1);
    if (parentsOfAll) orgParent.set(parentsOfAll);
    else {
      orgParent.set(fleet.orgParent);
      for (const [p, k] of parentsOfReplaced) orgParent[p] = k;
    }
    const { start, end } = compileOrgTree(orgParent);
    Object.assign(changed, { orgParent, orgStart: start, orgEnd: end });
  } else if (orgKeysGrew) {
    const n = orgKeys.ids.length;
    const old = fleet.orgParent.length;
    let next = 0;
    for (let i = 0; i < old; i++) if (fleet.orgEnd[i] >= next) next = fleet.orgEnd[i] + 1;
    const orgParent = new Int32Array(n).fill(-1);
    orgParent.set(fleet.orgParent);
    const orgStart = new Int32Array(n);
    orgStart.set(fleet.orgStart);
    const orgEnd = new Int32Array(n);
    orgEnd.set(fleet.orgEnd);
    for (let k = old; k < n; k++) orgStart[k] = orgEnd[k] = next++;
    Object.assign(changed, { orgParent, orgStart, orgEnd });
  }
  if (orgKeysGrew) Object.assign(changed, { orgKeyIds: orgKeys.ids, orgKeyIndex: orgKeys.index });
  if (moved(orgEdits)) changed.orgIndex = orgIndex;
  if (moved(siteEdits)) changed.siteIndex = siteIndex;
  if (siteOrg !== fleet.siteOrg) changed.siteOrg = siteOrg;
  // Every asset's position under the tree: one integer loop (1M assets: a few ms).
  if (placesMoved && !orgPosLater)
    changed.assetOrgPos = assetOrgPositions(changed.assetSite ?? fleet.assetSite, siteOrg, changed.orgStart ?? fleet.orgStart);
  if (systemRoleCatalog)
    Object.assign(changed, {
      systemRoles: systemRoleCatalog.catalog,
      systemRoleIndex: systemRoleCatalog.index,
      systemRolePerms: systemRolePermsOf(systemRoleCatalog.catalog),
    });

  // Roles: the touched ones compiled again; every bitset grows when the dictionary outgrows its words.
  const tagWords = wordsFor(tagKeys.ids.length);
  if (tagKeys.ids !== fleet.tags) Object.assign(changed, { tags: tagKeys.ids, tagIndex: tagKeys.index, tagWords });
  if (roleEdits || tagWords !== fleet.tagWords) {
    const ctx = { tagIndex: tagKeys.index, tagWords };
    let roles: CompiledRole[];
    if (moved(roleEdits) && roleEdits!.removed.length > 0) roles = projectRoles().map((r, i) => compileRole(ctx, r, i));
    else {
      roles =
        tagWords === fleet.tagWords
          ? fleet.roles.slice()
          : fleet.roles.map((r) => ({ ...r, tagRead: grownBits(r.tagRead, tagWords), tagWrite: grownBits(r.tagWrite, tagWords) }));
      if (roleEdits) for (const p of touchedRows(roleEdits)) roles[p] = compileRole(ctx, projectRoles()[p], p);
    }
    changed.roles = roles;
  }

  // Users: the touched ones compiled again, and those whose scope names a site id that only now has a key; the
  // others' keys, whole-fleet flag and system role follow what moved under them.
  const newSites = new Set([...siteKeys.grew, ...newlyKeyedSites]);
  const remaps: UserRemaps = {
    orgRemap,
    siteRemap,
    wholeFleet: null,
    systemRoles: null,
    systemRoleIdOf: null,
  };
  const isWhole = (o: Organization) => o.type === 'global' || o.type === 'productCompany';
  if (moved(orgEdits)) {
    const orgs = organizations();
    remaps.wholeFleet = (k) => k >= 0 && k < orgs.length && isWhole(orgs[k]);
  } else if (orgEdits) {
    // organizations kept their positions (= keys): only users of a replaced one can change
    const replaced = orgEdits.replaced;
    remaps.wholeFleet = (k, was) => {
      const o = replaced.get(k);
      return o ? isWhole(o) : was;
    };
  }
  if (systemRoleCatalog) {
    const { catalog, index } = systemRoleCatalog;
    remaps.systemRoles = { remap: Int32Array.from(fleet.systemRoles, (r) => index.get(r.id) ?? -1), catalog, index };
    // a user without a role in the old catalog may name one the new catalog has: its record tells
    if (catalog.some((r) => !fleet.systemRoleIndex.has(r.id))) remaps.systemRoleIdOf = (i) => userAt(i).systemRoleId;
  }
  const usersMoved = orgRemap !== null || siteRemap !== null || remaps.wholeFleet !== null || systemRoleCatalog !== null;
  if (userEdits || newSites.size > 0 || usersMoved) {
    // compileUser reads the users it compiles from ctx.snapshot.users: those records only, not the whole collection
    const someUsers: User[] = [];
    const ctx = {
      snapshot: {
        users: someUsers,
        get organizations() {
          return snapshot.organizations;
        },
      } as Snapshot,
      orgKeyIndex: orgKeys.index,
      siteKeyIndex: siteKeys.index,
      systemRoleIndex: systemRoleCatalog?.index ?? fleet.systemRoleIndex,
      systemRoles: systemRoleCatalog?.catalog ?? fleet.systemRoles,
    };
    let compiled: CompiledUser[];
    if (userEdits && userEdits.removed.length > 0) {
      // later users move down: their compiled form is the same but for its position
      compiled = [];
      const gone = new Set(userEdits.removed);
      for (let i = 0; i < fleet.users.length; i++) {
        if (gone.has(i)) continue;
        const old = fleet.users[i];
        compiled.push(old.idx === compiled.length ? old : { ...old, idx: compiled.length });
      }
    } else compiled = fleet.users.slice();
    if (usersMoved) remapUsers(compiled, remaps);
    const redo = new Set(userEdits ? touchedRows(userEdits) : []);
    for (const i of redo) {
      someUsers[i] = userAt(i);
      compiled[i] = compileUser(ctx, i);
    }
    // A site id that only now has a key joins the scope of the users naming it. Only a user with a scope can: just
    // those records are read (one each on a loaded fleet), and only their site keys change.
    if (newSites.size > 0)
      for (let i = 0; i < compiled.length; i++) {
        if (redo.has(i) || !compiled[i]?.scopeSet) continue;
        const siteIds = userAt(i).scope?.siteIds;
        if (!siteIds?.some((id) => newSites.has(id))) continue;
        const keys: number[] = [];
        for (const id of siteIds) {
          const k = siteKeys.index.get(id);
          if (k !== undefined) keys.push(k);
        }
        compiled[i] = { ...compiled[i], scopeSites: Int32Array.from(keys) };
      }
    changed.users = compiled;
    if (compiled.length !== fleet.userDuplicate.length) changed.userDuplicate = new Uint8Array(compiled.length);
  }

  // Memberships: rebuilt when anything their keys are made of (user, project key, role positions) moved, else
  // patched where they changed.
  const usersShifted = userEdits !== null && userEdits.removed.length > 0;
  if (usersShifted || moved(roleEdits) || projectKeyIndex !== fleet.projectKeyIndex) {
    Object.assign(changed, compileMemberships(memberships(), userIndex, userCount, projectKeyIndex, P, projectRoleIndex));
  } else if (memberEdits || moved(userEdits))
    Object.assign(changed, patchMemberships(fleet, memberEdits, memberships, memberAt, userIndex));

  const patched: Fleet = withChanged(fleet, changed);
  carryItems(fleet, patched, { users: changed.users !== undefined, roles: changed.roles !== undefined });
  // still derived when read (the input's was never read: a loaded fleet's first patch derives no million positions)
  if (orgPosLater) deriveOrgPosWhenRead(patched);
  // ids and names patchAssetColumns left in the input's columns: the edits laid over them
  assetPatch?.defineStrings?.(patched);
  duplicateFree.set(patched, duplicateFree.get(fleet)!);
  return patched;
}
