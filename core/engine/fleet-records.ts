// The records a compiled fleet holds under given keys (core/api/contract.ts recordKey), read through the fleet's
// look-ups one record at a time: what the sync's history needs as a page's `before` (issue 13), without the cache
// decoding every whole segment that holds a changed key. The fleet must be the one compiled from what the cache
// holds (the caller checks the generation); each record comes back as a copy, so nothing downstream can touch the
// fleet's own objects.
import { MEMBERSHIP_KEY_SEPARATOR, type Snapshot } from '../model/snapshot';
import type { CollectionName } from '../model/collections';
import { recordKey } from '../api/contract';
import { assetRecord } from './fleet';
import type { Fleet, IdLookup } from './fleet-types';
import { collectionLength, snapshotRecord, type TextCollection } from './lazy-snapshot';

type Found = (key: string) => unknown;

/**
 * The records `fleet` holds under `keys` in `collection` (absent keys left out), equal to its snapshot's records; or
 * null when the fleet cannot tell exactly: a collection holding one key twice (look-ups keep the first, the cache
 * the last), or memberships the per-user index leaves out (an unknown user's). The caller then reads the cache.
 */
export function fleetRecords(fleet: Fleet, collection: CollectionName, keys: readonly string[]): Map<string, unknown> | null {
  const find = finder(fleet, collection);
  if (!find) return null;
  const out = new Map<string, unknown>();
  for (const key of keys) {
    if (out.has(key)) continue;
    const record = find(key);
    if (record !== undefined) out.set(key, structuredClone(record));
  }
  return out;
}

function finder(fleet: Fleet, collection: CollectionName): Found | null {
  const s = fleet.snapshot;
  switch (collection) {
    case 'assets': {
      if (fleet.assetIndex.size !== fleet.assetProject.length) return null;
      return (key) => {
        const i = fleet.assetIndex.get(key);
        return i === undefined ? undefined : assetRecord(fleet, i);
      };
    }
    case 'memberships':
      return membershipFinder(fleet);
    case 'systemRoles': {
      // fleet.systemRoleIndex may index the default catalog, which the cache does not hold: the few records are scanned
      const own = s.systemRoles ?? [];
      const byKey = new Map<string, unknown>();
      for (const r of own) {
        if (byKey.has(r.id)) return null;
        byKey.set(r.id, r);
      }
      return (key) => byKey.get(key);
    }
    case 'organizations':
      return byIndex(s, collection, fleet.orgIndex);
    case 'sites':
      return byIndex(s, collection, fleet.siteIndex);
    case 'users':
      return byIndex(s, collection, fleet.userIndex);
    case 'projects':
      return byIndex(s, collection, fleet.projectIndex);
    case 'projectRoles':
      return byIndex(s, collection, fleet.projectRoleIndex);
    case 'tickets':
      return byIndex(s, collection, fleet.ticketIndex);
  }
}

/** Records of a collection looked up by id; the index holds every record only when no id repeats. */
function byIndex(snapshot: Snapshot, name: TextCollection, index: IdLookup): Found | null {
  if (index.size !== collectionLength(snapshot, name)) return null;
  return (key) => {
    const i = index.get(key);
    return i === undefined ? undefined : snapshotRecord(snapshot, name, i);
  };
}

/**
 * Memberships through the per-user index (userMemberStart / memberProject / memberRecord), which holds every
 * membership only when each names a known user and no (user, project) repeats. A key is "userId|projectId"; an id
 * may hold the separator itself, so every split is tried and the record's own key confirms.
 */
function membershipFinder(fleet: Fleet): Found | null {
  const s = fleet.snapshot;
  if (fleet.memberRecord.length !== collectionLength(s, 'memberships')) return null;
  return (key) => {
    for (let at = key.indexOf(MEMBERSHIP_KEY_SEPARATOR); at >= 0; at = key.indexOf(MEMBERSHIP_KEY_SEPARATOR, at + 1)) {
      const u = fleet.userIndex.get(key.slice(0, at));
      const p = fleet.projectKeyIndex.get(key.slice(at + MEMBERSHIP_KEY_SEPARATOR.length));
      if (u === undefined || p === undefined) continue;
      for (let k = fleet.userMemberStart[u]; k < fleet.userMemberStart[u + 1]; k++) {
        if (fleet.memberProject[k] !== p) continue;
        const record = snapshotRecord(s, 'memberships', fleet.memberRecord[k]);
        if (recordKey('memberships', record) === key) return record;
      }
    }
    return undefined;
  };
}
