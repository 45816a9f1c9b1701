// Reads from the cache: the whole snapshot for the engine (the panel compiles it in memory and answers every
// look-up from there), counts for the popup and the status, and the quarantined records.
import { COLLECTION_NAMES, type CollectionName, type Snapshot } from '../model/snapshot';
import { emptySyncState, type CacheDb, type QuarantineRow } from './db';
import { loadCollection, replaySegments } from './segments';

export { loadCollection };

/** The whole cache as a snapshot. `systemRoles` is present only when the platform sent a catalog of its own. */
export async function loadSnapshot(db: CacheDb): Promise<Snapshot> {
  const tables = COLLECTION_NAMES.map((c) => db.tableOf(c));
  // One transaction: every collection as of the same committed state.
  const segments = await db.transaction('r', tables, () => Promise.all(tables.map((t) => t.toArray())));
  const records = Object.fromEntries(COLLECTION_NAMES.map((c, i) => [c, [...replaySegments(c, segments[i]).values()]])) as {
    [C in CollectionName]: NonNullable<Snapshot[C]>;
  };
  const { systemRoles, ...rest } = records;
  const snapshot: Snapshot = { version: 1, ...rest };
  if (systemRoles.length > 0) snapshot.systemRoles = systemRoles;
  return snapshot;
}

export type CollectionCounts = Record<CollectionName, number> & { quarantined: number };

/**
 * Records per collection and quarantined records as stored now (not the counts stored at the last complete sync):
 * every write keeps each collection's count in its syncState row, so this reads no record.
 */
export async function countRecords(db: CacheDb): Promise<CollectionCounts> {
  const [states, quarantined] = await db.transaction('r', [db.syncState, db.quarantine], () =>
    Promise.all([db.syncState.bulkGet(COLLECTION_NAMES), db.quarantine.count()]),
  );
  const out = { quarantined } as CollectionCounts;
  await Promise.all(
    COLLECTION_NAMES.map(async (c, i) => {
      const stored = (states[i] ?? emptySyncState(c)).stored;
      // A row written without the figure (none of ours): count the slow way.
      out[c] = typeof stored?.records === 'number' ? stored.records : (await loadCollection(db, c)).size;
    }),
  );
  return out;
}

/** Records the sync refused, newest first, for the panel's "data problems" list. */
export async function quarantinedRecords(db: CacheDb, collection?: CollectionName): Promise<QuarantineRow[]> {
  const rows = collection ? await db.quarantine.where('collection').equals(collection).toArray() : await db.quarantine.toArray();
  return rows.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
}
