// Shared by the sync and cache tests: isolated fake IndexedDB databases, an instant retry policy that records its
// waits, an order-insensitive "cache equals server" comparison, and single records read back from the segments.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { expect } from 'vitest';
import { recordKey } from '../../core/api/contract';
import { CacheDb, emptySyncState, type QuarantineRow } from '../../core/cache/db';
import { quarantineSample, quarantinedRecord, updateQuarantine } from '../../core/cache/quarantine';
import { countRecords, loadCollection, loadSnapshot } from '../../core/cache/read';
import { currentStamp, type FleetStamp } from '../../core/cache/fleet-image-store';
import { appendSegment } from '../../core/cache/segments';
import { COLLECTION_NAMES, type CollectionName, type Snapshot } from '../../core/model/snapshot';
import type { RetryPolicy } from '../../core/sync/retry';

let dbCounter = 0;

/** A fresh IndexedDB (its own factory: nothing shared with other tests) and a CacheDb on it. */
export function freshDb(name = `test-${++dbCounter}`): { db: CacheDb; factory: IDBFactory; reopen: () => CacheDb } {
  const factory = new IDBFactory();
  const open = () => new CacheDb(name, { indexedDB: factory, IDBKeyRange });
  return { db: open(), factory, reopen: open };
}

/** Retries wait for nothing; every wait asked for is recorded. */
export function instantRetry(over: Partial<RetryPolicy> = {}): { policy: Partial<RetryPolicy>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    policy: {
      sleep: async (ms: number, signal?: AbortSignal) => {
        signal?.throwIfAborted();
        waits.push(ms);
      },
      random: () => 0.5,
      ...over,
    },
  };
}

function sortedByKey(collection: CollectionName, records: readonly unknown[]): unknown[] {
  return [...records].sort((a, b) => {
    const ka = recordKey(collection, a as { id?: unknown });
    const kb = recordKey(collection, b as { id?: unknown });
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** Each collection of the cache holds exactly the server's records (order aside), and counts them right. */
export async function expectCacheEquals(db: CacheDb, server: Snapshot | ((c: CollectionName) => unknown[]), label = ''): Promise<void> {
  const cached = await loadSnapshot(db);
  const counts = await countRecords(db);
  for (const c of COLLECTION_NAMES) {
    const expected = typeof server === 'function' ? server(c) : (server[c] ?? []);
    expect(sortedByKey(c, cached[c] ?? []), `${label}collection ${c}`).toEqual(sortedByKey(c, expected));
    expect(counts[c], `${label}count of ${c}`).toBe(expected.length);
  }
}

/** One record of the cache as the segments replay it (undefined when the collection does not hold the key). */
export async function getRecord(db: CacheDb, collection: CollectionName, key: string): Promise<{ [field: string]: unknown } | undefined> {
  return (await loadCollection(db, collection)).get(key) as { [field: string]: unknown } | undefined;
}

/** How many records a collection replays to (counted from the records, not from the stored figure). */
export async function recordCount(db: CacheDb, collection: CollectionName): Promise<number> {
  return (await loadCollection(db, collection)).size;
}

/** Writes records (and deletions) into the cache the way a sync page does, without a sync: one segment. */
export async function writeChanges(
  db: CacheDb,
  collection: CollectionName,
  puts: readonly unknown[],
  deletes: readonly string[] = [],
): Promise<void> {
  const table = db.tableOf(collection);
  await db.transaction('rw', [table, db.syncState], async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    const keys = puts.map((r) => recordKey(collection, r as { id?: unknown }));
    await db.syncState.put({ ...state, stored: await appendSegment(db, collection, state, puts, keys, deletes) });
  });
}

/** Writes quarantine rows the way a sync page does (kept count included), without a sync. */
export async function addQuarantine(db: CacheDb, rows: readonly QuarantineRow[]): Promise<void> {
  await db.transaction('rw', [db.syncState, db.quarantineBatches], async () => {
    for (const collection of new Set(rows.map((r) => r.collection))) {
      const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
      const q = await updateQuarantine(
        db,
        collection,
        state,
        [],
        rows.filter((r) => r.collection === collection),
      );
      await db.syncState.put({ ...state, ...q });
    }
  });
}

/** Every quarantined record, read from the batches themselves (not from the kept count). */
export async function allQuarantined(db: CacheDb): Promise<QuarantineRow[]> {
  return quarantineSample(db, undefined, Infinity);
}

/** One quarantined record, read from its batch. */
export function quarantineRow(db: CacheDb, collection: CollectionName, key: string): Promise<QuarantineRow | undefined> {
  return quarantinedRecord(db, collection, key);
}

/**
 * Counts whole reads of a collection's segments made through `db` (`tableOf(c).toArray()` or `.each()`: the key
 * index's rebuild, a replay of the collection, the assets replayed into columns).
 */
export function countWholeReads(db: CacheDb): { reads: number } {
  const counter = { reads: 0 };
  const tableOf = db.tableOf.bind(db);
  db.tableOf = (collection) => {
    const table = tableOf(collection);
    const toArray = table.toArray.bind(table);
    const each = table.each.bind(table);
    return Object.assign(Object.create(table) as typeof table, {
      toArray: (...args: Parameters<typeof table.toArray>) => {
        counter.reads++;
        return toArray(...args);
      },
      each: (...args: Parameters<typeof table.each>) => {
        counter.reads++;
        return each(...args);
      },
    });
  };
  return counter;
}

/**
 * The cache as a snapshot with the stamp of the collections it was read from (one transaction): what a fleet image
 * stored at that stamp must hold. The hosts read the cache for a compile with loadStampedFleetParts (assets as
 * columns); the tests compare against the records.
 */
export async function loadStampedSnapshot(db: CacheDb): Promise<{ snapshot: Snapshot; stamp: FleetStamp }> {
  const tables = [...COLLECTION_NAMES.map((c) => db.tableOf(c)), db.syncState];
  return db.transaction('r', tables, async () => ({ snapshot: await loadSnapshot(db), stamp: await currentStamp(db) }));
}
