// The quarantine: records the server sent that failed their schema (db.ts QuarantineRow). It must stay cheap at any
// volume: a platform that adds an enum value can make most of a 100k sync fail. So nothing here reads the whole
// table: a page looks up only its own keys, each collection's count lives in its syncState row (written in the same
// transaction as the quarantine), the status reads a bounded sample, and the keys to fetch again come in batches.
import { Dexie } from 'dexie';
import type { CollectionName } from '../model/collections';
import type { CacheDb, QuarantineRow, SyncStateRow } from './db';

/**
 * The key a quarantine row is stored and shown under. A hostile change key may be megabytes long (it becomes a
 * list item in the panel and travels in every status message), so a long one is cut, with a hash of the whole
 * key so that two long keys stay apart and a later good version of the same key still finds its row.
 */
export const QUARANTINE_KEY_MAX = 200;
export function quarantineKey(key: string): string {
  if (key.length <= QUARANTINE_KEY_MAX) return key;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `${key.slice(0, QUARANTINE_KEY_MAX)}…#${h.toString(16).padStart(8, '0')}`;
}

/** A key that quarantineKey cut: the server's key is lost, so it cannot be asked for again. */
export function isCutKey(key: string): boolean {
  return key.length > QUARANTINE_KEY_MAX;
}

/** Most quarantine rows a status reads (the panel lists at most this many; the count says how many there are). */
export const QUARANTINE_SAMPLE = 200;

const range = (collection: CollectionName) =>
  [
    [collection, Dexie.minKey],
    [collection, Dexie.maxKey],
  ] as const;

/**
 * Quarantine rows of one collection now: the figure kept in its syncState row, or (a row written before the
 * figure existed, or none) counted once through the index. Call inside a transaction over syncState and quarantine.
 */
export async function quarantineCount(db: CacheDb, collection: CollectionName, state: SyncStateRow | undefined): Promise<number> {
  if (state && typeof state.quarantined === 'number') return state.quarantined;
  return db.quarantine.where('collection').equals(collection).count();
}

/**
 * Applies one batch's verdicts to the quarantine: rows of `cleared` keys (a good version or a deletion came) go,
 * `rejected` rows are written (replacing a row of the same key). Reads only the batch's own keys, and none at all
 * while the collection has nothing in quarantine. Returns the collection's new count, for the caller to store in
 * the syncState row it writes in the same transaction (which must include db.quarantine).
 */
export async function updateQuarantine(
  db: CacheDb,
  collection: CollectionName,
  state: SyncStateRow,
  cleared: readonly string[],
  rejected: readonly QuarantineRow[],
): Promise<number> {
  let count = await quarantineCount(db, collection, state);
  if (count > 0 && cleared.length + rejected.length > 0) {
    const clearedKeys = cleared.map(quarantineKey);
    const asked = [...clearedKeys, ...rejected.map((r) => r.key)].map((k) => [collection, k] as [string, string]);
    const found = await db.quarantine.bulkGet(asked);
    const present = found.filter((row) => row !== undefined).length;
    const clearedPresent = found.slice(0, clearedKeys.length).flatMap((row, i) => (row ? [asked[i]] : []));
    if (clearedPresent.length > 0) await db.quarantine.bulkDelete(clearedPresent);
    count -= present;
  }
  if (rejected.length > 0) await db.quarantine.bulkPut(rejected as QuarantineRow[]);
  return Math.max(0, count + rejected.length);
}

/** Empties one collection's quarantine (inside the caller's transaction; its syncState row goes back to 0). */
export async function clearQuarantine(db: CacheDb, collection: CollectionName): Promise<void> {
  await db.quarantine.where('[collection+key]').between(...range(collection), true, true).delete();
}

/** Quarantined records per collection and in all, read from the syncState rows (no quarantine row is read). */
export async function quarantineCounts(db: CacheDb, collections: readonly CollectionName[]): Promise<Map<CollectionName, number>> {
  return db.transaction('r', [db.syncState, db.quarantine], async () => {
    const states = await db.syncState.bulkGet([...collections]);
    const out = new Map<CollectionName, number>();
    for (const [i, c] of collections.entries()) out.set(c, await quarantineCount(db, c, states[i]));
    return out;
  });
}

/**
 * At most `limit` quarantined records (of one collection, or of all), newest first among them: the first ones in
 * key order, read through the primary key, so the cost does not grow with the quarantine.
 */
export async function quarantineSample(db: CacheDb, collection?: CollectionName, limit = QUARANTINE_SAMPLE): Promise<QuarantineRow[]> {
  const rows = collection
    ? await db.quarantine.where('[collection+key]').between(...range(collection), true, true).limit(limit).toArray()
    : await db.quarantine.limit(limit).toArray();
  return rows.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
}

/** Up to `limit` quarantine keys of one collection after `afterKey` (in key order): one batch to fetch again. */
export async function quarantinedKeys(db: CacheDb, collection: CollectionName, afterKey: string | null, limit: number): Promise<string[]> {
  const lower = afterKey === null ? [collection, Dexie.minKey] : [collection, afterKey];
  const keys = await db.quarantine
    .where('[collection+key]')
    .between(lower, [collection, Dexie.maxKey], afterKey === null, true)
    .limit(limit)
    .primaryKeys();
  return keys.map((k) => (k as [string, string])[1]);
}
