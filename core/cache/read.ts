// Reads the panel needs from the cache: the whole snapshot for the engine, and a few indexed look-ups that must
// answer instantly on a 100k-asset fleet without loading everything.
import { COLLECTION_NAMES, type Asset, type CollectionName, type Membership, type Snapshot, type Ticket, type User } from '../model/snapshot';
import type { CacheDb, QuarantineRow } from './db';

/** The whole cache as a snapshot. `systemRoles` is present only when the platform sent a catalog of its own. */
export async function loadSnapshot(db: CacheDb): Promise<Snapshot> {
  const tables = COLLECTION_NAMES.map((c) => db.tableOf(c));
  return db.transaction('r', tables, async () => {
    const [organizations, sites, systemRoles, users, projects, projectRoles, memberships, assets, tickets] = await Promise.all([
      db.organizations.toArray(),
      db.sites.toArray(),
      db.systemRoles.toArray(),
      db.users.toArray(),
      db.projects.toArray(),
      db.projectRoles.toArray(),
      db.memberships.toArray(),
      db.assets.toArray(),
      db.tickets.toArray(),
    ]);
    const snapshot: Snapshot = { version: 1, organizations, sites, users, projects, projectRoles, memberships, assets, tickets };
    if (systemRoles.length > 0) snapshot.systemRoles = systemRoles;
    return snapshot;
  });
}

export function assetsOfProject(db: CacheDb, projectId: string): Promise<Asset[]> {
  return db.assets.where('projectId').equals(projectId).toArray();
}

export function assetsWithTag(db: CacheDb, tag: string): Promise<Asset[]> {
  return db.assets.where('tags').equals(tag).toArray();
}

export function membershipsOfUser(db: CacheDb, userId: string): Promise<Membership[]> {
  return db.memberships.where('userId').equals(userId).toArray();
}

export function ticketsOfAsset(db: CacheDb, assetId: string): Promise<Ticket[]> {
  return db.tickets.where('assetId').equals(assetId).toArray();
}

/**
 * Users whose name or e-mail starts with `prefix` (case-insensitive), name matches first, each user once,
 * at most `limit` of them. An empty prefix matches nobody (the panel asks for at least one character).
 */
export async function searchUsers(db: CacheDb, prefix: string, limit = 20): Promise<User[]> {
  const p = prefix.trim();
  if (p === '') return [];
  const byName = await db.users.where('name').startsWithIgnoreCase(p).limit(limit).toArray();
  if (byName.length >= limit) return byName;
  const seen = new Set(byName.map((u) => u.id));
  const byEmail = await db.users
    .where('email')
    .startsWithIgnoreCase(p)
    .filter((u) => !seen.has(u.id))
    .limit(limit - byName.length)
    .toArray();
  return [...byName, ...byEmail];
}

export type CollectionCounts = Record<CollectionName, number> & { quarantined: number };

/** Records per collection and quarantined records, counted now (not the counts stored at the last sync). */
export async function countRecords(db: CacheDb): Promise<CollectionCounts> {
  const counts = await Promise.all(COLLECTION_NAMES.map((c) => db.tableOf(c).count()));
  const out = { quarantined: await db.quarantine.count() } as CollectionCounts;
  COLLECTION_NAMES.forEach((c, i) => (out[c] = counts[i]));
  return out;
}

/** Records the sync refused, newest first, for the panel's "data problems" list. */
export async function quarantinedRecords(db: CacheDb, collection?: CollectionName): Promise<QuarantineRow[]> {
  const rows = collection ? await db.quarantine.where('collection').equals(collection).toArray() : await db.quarantine.toArray();
  return rows.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
}
