// The quarantine: records the server sent that failed their schema (QuarantineRow), stored in batches
// (QuarantineBatch, db.ts). It must stay cheap at any volume: a platform that adds an enum value can make most of a
// 100k sync fail. So a page's refused records are one row, each collection's count lives in its syncState row
// (written in the same transaction), a connection keeps the collection's quarantined keys in memory (read once,
// then kept current, like the record keys in segments.ts), and a status reads a bounded sample.
import type { CollectionName } from '../model/collections';
import {
  decodeQuarantineBatch,
  encodeQuarantineBatch,
  newGeneration,
  QUARANTINE_BATCH_MAX,
  type CacheDb,
  type QuarantineBatch,
  type QuarantineRow,
  type SyncStateRow,
} from './db';

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

const decodeKeys = (batch: QuarantineBatch) => JSON.parse(batch.keys) as string[];

/** A collection's batches (inside the caller's transaction when there is one). */
function batchesOf(db: CacheDb, collection: CollectionName) {
  return db.quarantineBatches.where('collection').equals(collection);
}

/**
 * Quarantined records of one collection now: the figure kept in its syncState row, or (a row written before the
 * figure existed, or none) counted once from the batches' key lists. Call inside a transaction over syncState and
 * quarantineBatches.
 */
export async function quarantineCount(db: CacheDb, collection: CollectionName, state: SyncStateRow | undefined): Promise<number> {
  if (state && typeof state.quarantined === 'number') return state.quarantined;
  let n = 0;
  await batchesOf(db, collection).each((b) => (n += decodeKeys(b).length));
  return n;
}

/** Per connection: each collection's quarantined keys and the batch holding each, current while the stored generation matches. */
const keyMaps = new WeakMap<CacheDb, Map<CollectionName, { generation: string; batchOf: Map<string, number> }>>();

async function currentKeys(
  db: CacheDb,
  collection: CollectionName,
  state: SyncStateRow,
): Promise<{ generation: string; batchOf: Map<string, number> }> {
  let maps = keyMaps.get(db);
  if (!maps) keyMaps.set(db, (maps = new Map()));
  const generation = state.quarantineGeneration ?? '';
  const cached = maps.get(collection);
  if (cached && generation !== '' && cached.generation === generation) return cached;
  const batchOf = new Map<string, number>();
  // Known empty: nothing to read (every sync of valid data, and the first page of every fill).
  if (state.quarantined !== 0) await batchesOf(db, collection).each((b) => decodeKeys(b).forEach((k) => batchOf.set(k, b.id!)));
  const entry = { generation, batchOf };
  maps.set(collection, entry);
  return entry;
}

/** Takes `keys` out of the batches holding them (each such batch rewritten once, or deleted when emptied). */
async function removeFromBatches(db: CacheDb, keys: ReadonlyMap<string, number>): Promise<void> {
  const byBatch = new Map<number, Set<string>>();
  for (const [key, id] of keys) {
    let set = byBatch.get(id);
    if (!set) byBatch.set(id, (set = new Set()));
    set.add(key);
  }
  for (const [id, gone] of byBatch) {
    const batch = await db.quarantineBatches.get(id);
    if (!batch) continue;
    const left = decodeQuarantineBatch(batch).filter((r) => !gone.has(r.key));
    if (left.length === 0) await db.quarantineBatches.delete(id);
    else await db.quarantineBatches.put({ ...encodeQuarantineBatch(batch.collection, left), id });
  }
}

/**
 * Applies one page's (or lookup's) verdicts to the quarantine: records of `cleared` keys (a good version or a
 * deletion came) leave it, `rejected` rows are written as one new batch (a key already there leaves its older
 * batch). Returns the figures for the caller to store in the syncState row it writes in the same transaction
 * (which must include quarantineBatches): the collection's count and the new generation.
 */
export async function updateQuarantine(
  db: CacheDb,
  collection: CollectionName,
  state: SyncStateRow,
  cleared: readonly string[],
  rejected: readonly QuarantineRow[],
): Promise<{ quarantined: number; quarantineGeneration: string | undefined }> {
  if (cleared.length + rejected.length === 0) {
    return { quarantined: await quarantineCount(db, collection, state), quarantineGeneration: state.quarantineGeneration };
  }
  const entry = await currentKeys(db, collection, state);
  const leaving = new Map<string, number>();
  for (const key of [...cleared.map(quarantineKey), ...rejected.map((r) => r.key)]) {
    const id = entry.batchOf.get(key);
    if (id !== undefined) leaving.set(key, id);
  }
  if (leaving.size === 0 && rejected.length === 0)
    return { quarantined: entry.batchOf.size, quarantineGeneration: state.quarantineGeneration };
  // Tag the map before the writes: if this transaction aborts, the stored generation (still the old one) no
  // longer matches and the next use reads the keys again.
  const generation = newGeneration();
  entry.generation = generation;
  if (leaving.size > 0) await removeFromBatches(db, leaving);
  for (const key of leaving.keys()) entry.batchOf.delete(key);
  for (let i = 0; i < rejected.length; i += QUARANTINE_BATCH_MAX) {
    const part = rejected.slice(i, i + QUARANTINE_BATCH_MAX);
    const id = await db.quarantineBatches.add(encodeQuarantineBatch(collection, part));
    for (const row of part) entry.batchOf.set(row.key, id);
  }
  return { quarantined: entry.batchOf.size, quarantineGeneration: generation };
}

/** Empties one collection's quarantine (inside the caller's transaction; its syncState row goes back to 0). */
export async function clearQuarantine(db: CacheDb, collection: CollectionName): Promise<void> {
  await batchesOf(db, collection).delete();
}

/**
 * At most `limit` quarantined records (of one collection, or of all), newest batches first: reads batches from the
 * newest until it has enough, so the cost does not grow with the quarantine.
 */
export async function quarantineSample(db: CacheDb, collection?: CollectionName, limit = QUARANTINE_SAMPLE): Promise<QuarantineRow[]> {
  const out: QuarantineRow[] = [];
  const table = db.quarantineBatches;
  await db.transaction('r', table, async () => {
    const newestFirst = collection ? batchesOf(db, collection).reverse() : table.orderBy(':id').reverse();
    await newestFirst
      .until(() => out.length >= limit)
      .each((batch) => {
        out.push(
          ...decodeQuarantineBatch(batch)
            .reverse()
            .slice(0, limit - out.length),
        );
      });
  });
  return out.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
}

/** One quarantined record by its quarantine key, or undefined. */
export async function quarantinedRecord(db: CacheDb, collection: CollectionName, key: string): Promise<QuarantineRow | undefined> {
  let found: QuarantineRow | undefined;
  await batchesOf(db, collection)
    .filter((b) => decodeKeys(b).includes(key))
    .each((b) => (found = decodeQuarantineBatch(b).find((r) => r.key === key) ?? found));
  return found;
}

/** Every quarantine key of one collection, sorted (what a sync asks the server for again, in batches). */
export async function quarantinedKeys(db: CacheDb, collection: CollectionName): Promise<string[]> {
  const keys: string[] = [];
  await batchesOf(db, collection).each((b) => keys.push(...decodeKeys(b)));
  return [...new Set(keys)].sort();
}
