// Organizations, sites and the system-role catalog of a patched fleet (core/engine/fleet-patch.ts): what compileFleet
// derives from them, redone without touching an asset record. Sites and organizations are few next to assets, so
// their key spaces, the organization intervals and each site's organization are laid out again whole; what the
// assets hold of them (site index, site key, position under the tree) is one integer loop over the asset columns.
import type { SystemRole } from '../model/snapshot';
import type { CompiledUser, IntColumn } from './fleet-types';

/**
 * A key space after its records moved (added or removed): the records' ids first at their positions (the rule every
 * reader keeps: a known record's key is its index), then every old key's id that is no record any more, in old key
 * order (an id some asset, user or parent still names keeps a key; one nothing names any more reaches nothing).
 * `remap` maps old keys to new ones; null when every old key kept its number. When every keyed id is a record's,
 * `index` is `recordIndex` itself (`shared`: the caller copies it before adding to it) — at 1M a 50k-entry Map
 * built once instead of twice.
 */
export function relaidKeys(
  oldIds: readonly string[],
  records: readonly { id: string }[],
  recordIndex: Map<string, number>,
): { ids: string[]; index: Map<string, number>; shared: boolean; remap: Int32Array | null } {
  const ids = records.map((r) => r.id);
  let index = recordIndex;
  let shared = true;
  for (const id of oldIds)
    if (!index.has(id)) {
      if (shared) {
        index = new Map(recordIndex);
        shared = false;
      }
      index.set(id, ids.length);
      ids.push(id);
    }
  const remap = Int32Array.from(oldIds, (id) => index.get(id)!);
  let same = true;
  for (let k = 0; k < remap.length && same; k++) same = remap[k] === k;
  return { ids, index, shared, remap: same ? null : remap };
}

/** Each asset's known site (-1 when the key is an unknown id) and site key after the site keys were laid out again. */
export function relaidAssetSites(assetSiteKey: IntColumn, remap: Int32Array | null, siteCount: number) {
  const A = assetSiteKey.length;
  const site = new Int32Array(A);
  const key = remap ? new Int32Array(A) : assetSiteKey;
  for (let a = 0; a < A; a++) {
    const k = remap ? remap[assetSiteKey[a]] : assetSiteKey[a];
    if (remap) key[a] = k;
    site[a] = k < siteCount ? k : -1;
  }
  return { assetSite: site, assetSiteKey: key };
}

/** orgStart of each asset's site's organization key, -1 for an unknown site (compileFleet's assetOrgPos). */
export function assetOrgPositions(assetSite: IntColumn, siteOrg: Int32Array, orgStart: Int32Array): Int32Array {
  const out = new Int32Array(assetSite.length);
  for (let a = 0; a < out.length; a++) {
    const s = assetSite[a];
    out[a] = s >= 0 ? orgStart[siteOrg[s]] : -1;
  }
  return out;
}

const remapped = (keys: Int32Array, remap: Int32Array | null) => (remap && keys.length > 0 ? keys.map((k) => remap[k]) : keys);

/** What moved under the compiled users (each null when it did not). */
export interface UserRemaps {
  orgRemap: Int32Array | null;
  siteRemap: Int32Array | null;
  /** Whole fleet for the user's (new) organization key: its record's type is global or productCompany; `was` the old value. */
  wholeFleet: ((orgKey: number, was: boolean) => boolean) | null;
  /** Old catalog position → new one (-1: gone), and the catalog in force after the patch. */
  systemRoles: { remap: Int32Array; catalog: readonly SystemRole[]; index: ReadonlyMap<string, number> } | null;
  /** The user's system role id as its record holds it (read only for users without a role in the old catalog). */
  systemRoleIdOf: ((userIdx: number) => string | null) | null;
}

/**
 * The compiled users after the keys, organization types or system-role catalog under them changed; each user is
 * copied only when one of its values changes. `users` is changed in place (the caller's own copy).
 */
export function remapUsers(users: CompiledUser[], r: UserRemaps): void {
  const sys = r.systemRoles;
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    if (u === undefined) continue;
    const orgIdx = r.orgRemap && u.orgIdx >= 0 ? r.orgRemap[u.orgIdx] : u.orgIdx;
    const scopeOrgs = remapped(u.scopeOrgs, r.orgRemap);
    const scopeSites = remapped(u.scopeSites, r.siteRemap);
    const wholeFleet = r.wholeFleet ? r.wholeFleet(orgIdx, u.wholeFleet) : u.wholeFleet;
    let systemRoleIdx = u.systemRoleIdx;
    let isGlobalAdmin = u.isGlobalAdmin;
    if (sys) {
      if (u.systemRoleIdx >= 0) systemRoleIdx = sys.remap[u.systemRoleIdx];
      else if (r.systemRoleIdOf) {
        const id = r.systemRoleIdOf(i);
        systemRoleIdx = id === null ? -1 : (sys.index.get(id) ?? -1);
      }
      isGlobalAdmin = systemRoleIdx >= 0 && sys.catalog[systemRoleIdx].id === 'globalAdmin';
    }
    if (
      orgIdx !== u.orgIdx ||
      scopeOrgs !== u.scopeOrgs ||
      scopeSites !== u.scopeSites ||
      wholeFleet !== u.wholeFleet ||
      systemRoleIdx !== u.systemRoleIdx ||
      isGlobalAdmin !== u.isGlobalAdmin
    )
      users[i] = { ...u, orgIdx, scopeOrgs, scopeSites, wholeFleet, systemRoleIdx, isGlobalAdmin };
  }
}
