// Reads from the cache: the whole snapshot, and what a first compile reads (the assets as columns, the rest as
// records: loadStampedFleetParts); counts for the popup and the status, and the quarantined records.
import { COLLECTION_NAMES, type CollectionName, type Snapshot } from '../model/snapshot';
import type { History } from '../model/history';
import { emptySyncState, type CacheDb, type QuarantineRow } from './db';
import { currentStamp, type FleetStamp } from './fleet-image-store';
import { loadHistory, readHistoryInfo } from './history';
import { quarantineCount, quarantineSample, QUARANTINE_SAMPLE } from './quarantine';
import { loadCollection, replaySegments } from './segments';
import { AssetColumnsReplay } from './asset-columns-replay';
import type { AssetColumns } from '../engine/compile-columns';

export { loadCollection };

type CollectionRecords<C extends CollectionName> = { [K in C]: NonNullable<Snapshot[K]> };

/** The whole cache as a snapshot. `systemRoles` is present only when the platform sent a catalog of its own. */
export async function loadSnapshot(db: CacheDb): Promise<Snapshot> {
  const tables = COLLECTION_NAMES.map((c) => db.tableOf(c));
  // One transaction: every collection as of the same committed state.
  const segments = await db.transaction('r', tables, () => Promise.all(tables.map((t) => t.toArray())));
  const records = Object.fromEntries(
    COLLECTION_NAMES.map((c, i) => [c, [...replaySegments(c, segments[i]).values()]]),
  ) as CollectionRecords<CollectionName>;
  return snapshotOf(records);
}

function snapshotOf<S extends CollectionRecords<Exclude<CollectionName, 'assets'>>>({ systemRoles, ...rest }: S) {
  const snapshot = { version: 1 as const, ...rest };
  return systemRoles.length > 0 ? { ...snapshot, systemRoles } : snapshot;
}

/**
 * The cache for a first compile, with the stamp of what was read (one transaction): the assets as columns
 * (asset-columns-replay.ts), each segment parsed and let go in turn, the other collections as records. Assets
 * stored otherwise than as asset records (`assets` null) come as records in `snapshot`, as loadSnapshot reads them.
 */
export async function loadStampedFleetParts(
  db: CacheDb,
): Promise<{ stamp: FleetStamp } & ({ snapshot: Omit<Snapshot, 'assets'>; assets: AssetColumns } | { snapshot: Snapshot; assets: null })> {
  const tables = [...COLLECTION_NAMES.map((c) => db.tableOf(c)), db.syncState];
  return db.transaction('r', tables, async () => {
    const others = COLLECTION_NAMES.filter((c): c is Exclude<CollectionName, 'assets'> => c !== 'assets');
    const records = Object.fromEntries(
      await Promise.all(others.map(async (c) => [c, [...(await loadCollection(db, c)).values()]] as const)),
    ) as CollectionRecords<Exclude<CollectionName, 'assets'>>;
    const replay = new AssetColumnsReplay();
    await db.tableOf('assets').each((segment) => replay.add(segment));
    const assets = replay.finish();
    const stamp = await currentStamp(db);
    if (assets) return { stamp, snapshot: snapshotOf(records), assets };
    const assetRecords = [...(await loadCollection(db, 'assets')).values()] as Snapshot['assets'];
    return { stamp, snapshot: { ...snapshotOf(records), assets: assetRecords }, assets: null };
  });
}

/** The cache's history of changes as the panel's source takes it, with what it costs in the cache. */
export interface CachedHistory {
  history: History;
  bytes: number;
}

/** The history (null while it has no start yet) and its size, read together. */
export async function loadCachedHistory(db: CacheDb): Promise<CachedHistory | null> {
  return db.transaction('r', [db.syncState, db.history, db.historyInfo], async () => {
    const history = await loadHistory(db);
    return history ? { history, bytes: (await readHistoryInfo(db)).bytes } : null;
  });
}

/**
 * The snapshot and its history as of one committed state (one transaction): a history read after a later sync
 * would hold changes the snapshot does not, and undoing them would give a wrong past.
 */
export async function loadCachedData(db: CacheDb): Promise<{ snapshot: Snapshot; history: CachedHistory | null }> {
  const tables = [...COLLECTION_NAMES.map((c) => db.tableOf(c)), db.syncState, db.history, db.historyInfo];
  return db.transaction('r', tables, async () => ({ snapshot: await loadSnapshot(db), history: await loadCachedHistory(db) }));
}

export type CollectionCounts = Record<CollectionName, number> & { quarantined: number };

/**
 * Records per collection and quarantined records as stored now (not the counts stored at the last complete sync):
 * every write keeps each collection's count in its syncState row, so this reads no record.
 */
export async function countRecords(db: CacheDb): Promise<CollectionCounts> {
  // The quarantine's figure per collection is kept in the syncState rows too: no quarantine row is read.
  const [states, perCollection] = await db.transaction('r', [db.syncState, db.quarantineBatches], async () => {
    const rows = await db.syncState.bulkGet(COLLECTION_NAMES);
    return [rows, await Promise.all(COLLECTION_NAMES.map((c, i) => quarantineCount(db, c, rows[i])))] as const;
  });
  const out = { quarantined: perCollection.reduce((a, b) => a + b, 0) } as CollectionCounts;
  await Promise.all(
    COLLECTION_NAMES.map(async (c, i) => {
      const stored = (states[i] ?? emptySyncState(c)).stored;
      // A row written without the figure (none of ours): count the slow way.
      out[c] = typeof stored?.records === 'number' ? stored.records : (await loadCollection(db, c)).size;
    }),
  );
  return out;
}

/**
 * Records the sync refused, for the panel's "data problems" list: a bounded sample (at most `limit`, newest first
 * among them), so a status push costs the same with 10 or 100,000 of them; countRecords says how many there are.
 */
export async function quarantinedRecords(db: CacheDb, collection?: CollectionName, limit = QUARANTINE_SAMPLE): Promise<QuarantineRow[]> {
  return quarantineSample(db, collection, limit);
}
