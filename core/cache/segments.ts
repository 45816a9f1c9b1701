// Reading and writing a collection stored as segments (see db.ts): the replay that turns segments into records,
// the append of one batch of changes, and the compaction that rewrites a collection as few full segments.
// Every function here runs inside the caller's Dexie transaction when it has one (Dexie joins it), so a page's
// segment and its cursor still commit together.
import { recordKey } from '../api/contract';
import type { CollectionName } from '../model/collections';
import {
  SEGMENT_MAX_RECORDS,
  decodePuts,
  emptySyncState,
  encodePuts,
  hasOutboundKey,
  newGeneration,
  toSegments,
  type CacheDb,
  type Segment,
  type StoredStats,
  type SyncStateRow,
} from './db';
import { carryFleetStamp } from './fleet-image-store';

/**
 * How many segments beyond the fewest that could hold the records a collection may have before it is compacted.
 * Incremental syncs add one small segment each; replaying 32 small ones costs next to nothing, rewriting a
 * 100,000-record collection after every sync would not.
 */
export const MAX_EXTRA_SEGMENTS = 32;

const keyOf = (collection: CollectionName, record: unknown) => recordKey(collection, record as { id?: unknown });

/** Replays segments (in `id` order) into the records they leave, by recordKey, in first-put order. */
export function replaySegments(collection: CollectionName, segments: readonly Segment[]): Map<string, unknown> {
  const records = new Map<string, unknown>();
  for (const segment of segments) {
    for (const key of segment.deletes) records.delete(key);
    for (const record of decodePuts(segment)) records.set(keyOf(collection, record), record);
  }
  return records;
}

/** One collection's records, by recordKey (read in one transaction: joins the caller's if any). */
export async function loadCollection(db: CacheDb, collection: CollectionName): Promise<Map<string, unknown>> {
  const table = db.tableOf(collection);
  return replaySegments(collection, await db.transaction('r', table, () => table.toArray()));
}

/**
 * The keys each collection holds, each with the id of the segment holding its latest version, kept in memory per
 * connection so that a sync page can be counted (how many of its puts are new, how many of its deletes remove
 * something) and the records it replaces read (history's `before`: only the segments holding them are decoded)
 * without reading the collection again. Valid only while the stored generation is the one it was built for: any
 * write elsewhere changes the generation.
 */
interface KeyIndex {
  generation: string;
  /** recordKey → id of the segment holding its latest version. */
  keys: Map<string, number>;
}
const keyCaches = new WeakMap<CacheDb, Map<CollectionName, KeyIndex>>();

function keyCacheOf(db: CacheDb): Map<CollectionName, KeyIndex> {
  let cache = keyCaches.get(db);
  if (!cache) keyCaches.set(db, (cache = new Map()));
  return cache;
}

/**
 * Lets this connection's key indexes go. They exist to count a sync's pages without reading the collection again,
 * and only a host holding no fleet needs them for that: one that holds one counts from it (appendSegment's `held`).
 * At 1M assets the assets' index is a million keys in a Map (~50 MB), held for as long as the worker lives.
 */
export function forgetKeyIndexes(db: CacheDb): void {
  keyCaches.delete(db);
}

/** The collections whose key index this connection holds now. */
export function keyIndexedCollections(db: CacheDb): CollectionName[] {
  return [...(keyCaches.get(db)?.keys() ?? [])];
}

/** The stored stats of a syncState row, or null when they are unknown (a row written without them). */
function storedOf(state: SyncStateRow): StoredStats | null {
  return state.stored && typeof state.stored.records === 'number' ? state.stored : null;
}

/** The cached set when it is the collection's as stored now, else null. */
function cachedKeys(db: CacheDb, collection: CollectionName, stored: StoredStats | null): KeyIndex | null {
  const cached = keyCacheOf(db).get(collection);
  return cached && stored && stored.generation !== '' && cached.generation === stored.generation ? cached : null;
}

/** The collection's keys as stored now: the cached set when current, else replayed (call inside a transaction). */
async function currentKeys(db: CacheDb, collection: CollectionName, stored: StoredStats | null): Promise<KeyIndex> {
  const cache = keyCacheOf(db);
  const cached = cachedKeys(db, collection, stored);
  if (cached) return cached;
  const keys = new Map<string, number>();
  for (const segment of await db.tableOf(collection).toArray()) {
    for (const key of segment.deletes) keys.delete(key);
    for (const record of decodePuts(segment)) keys.set(keyOf(collection, record), segment.id);
  }
  const entry = { generation: stored?.generation ?? '', keys };
  cache.set(collection, entry);
  return entry;
}

/**
 * Appends one segment holding `puts` (valid records, under `putKeys`) and `deleteKeys`, and returns the stats to
 * store in the collection's syncState row, which the caller writes in the same transaction (that must include
 * the collection's table and syncState). Deletions of keys the collection does not hold are dropped (a feed's
 * tombstones of records never seen); nothing is written when nothing is left. The keys are distinct (a put and a
 * delete of one key: the page's last change only).
 *
 * `held`: the records the collection holds as stored in `state` under every one of these keys (a key held by none
 * of them is absent), when the caller knows them (its compiled fleet, core/sync/held-records.ts). A connection
 * whose key index is not current then counts the page from them, instead of replaying every segment of the
 * collection to rebuild the index: at 1M assets that took 1–2 s of the first sync after the worker started.
 */
export async function appendSegment(
  db: CacheDb,
  collection: CollectionName,
  state: SyncStateRow,
  puts: readonly unknown[],
  putKeys: readonly string[],
  deleteKeys: readonly string[],
  /** `encodePuts(puts)`, when the caller encoded them already (before the transaction, while it waited). */
  putsText?: string,
  held?: ReadonlyMap<string, unknown> | null,
): Promise<StoredStats> {
  const table = db.tableOf(collection);
  const stored = storedOf(state);
  // An empty page (the usual periodic sync) must not make a fresh connection read the whole collection.
  if (puts.length === 0 && deleteKeys.length === 0 && stored) return stored;
  // Counted from `held` only while the index would have to be rebuilt: a current one is cheaper and stays current.
  const counted = held && stored && !cachedKeys(db, collection, stored) ? { held, stored } : null;
  const entry = counted ? null : await currentKeys(db, collection, stored);
  const deletes = deleteKeys.filter((k) => (entry ? entry.keys.has(k) : counted!.held.has(k)));
  const segments = stored ? stored.segments : await table.count();
  if (puts.length === 0 && deletes.length === 0 && stored) return stored;

  const generation = newGeneration();
  // The set changes now, before the writes commit: tag it with the new generation at once, so that if this
  // transaction aborts, the stored generation (still the old one) no longer matches and the set is rebuilt.
  if (entry) entry.generation = generation;
  if (puts.length === 0 && deletes.length === 0) return { records: entry!.keys.size, segments, generation };
  const last = (await table.orderBy(':id').lastKey()) as number | undefined;
  // The generation move and size: a stored fleet image reads the segments after it as its tail (fleet-image-store.ts).
  const segment: Segment = {
    id: (last ?? 0) + 1,
    puts: putsText ?? encodePuts(puts),
    deletes,
    from: state.stored?.generation ?? '',
    to: generation,
    changed: puts.length + deletes.length,
  };
  let records: number;
  if (entry) {
    for (const key of deletes) entry.keys.delete(key);
    for (const key of putKeys) entry.keys.set(key, segment.id);
    records = entry.keys.size;
  } else {
    // the index is left as it was: its generation no longer matches, so whoever needs it next rebuilds it
    let added = 0;
    for (const key of putKeys) if (!counted!.held.has(key)) added++;
    records = counted!.stored.records + added - deletes.length;
  }
  if (hasOutboundKey(collection)) await table.add(segment, segment.id);
  else await table.add(segment);
  return { records, segments: segments + 1, generation };
}

/**
 * The records the collection holds now under `keys` (absent keys are left out), for a history entry's `before`.
 * Reads and decodes only the segments holding them, found through the connection's key index; call it inside the
 * transaction that writes the change (it joins it), before appendSegment.
 */
export async function cachedRecords(
  db: CacheDb,
  collection: CollectionName,
  state: SyncStateRow,
  keys: readonly string[],
): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const stored = storedOf(state);
  if (keys.length === 0 || (stored && stored.records === 0)) return out;
  const index = await currentKeys(db, collection, stored);
  const bySegment = new Map<number, Set<string>>();
  for (const key of keys) {
    const id = index.keys.get(key);
    if (id === undefined) continue;
    let wanted = bySegment.get(id);
    if (!wanted) bySegment.set(id, (wanted = new Set()));
    wanted.add(key);
  }
  if (bySegment.size === 0) return out;
  const ids = [...bySegment.keys()];
  const segments = await db.tableOf(collection).bulkGet(ids);
  segments.forEach((segment, i) => {
    const wanted = bySegment.get(ids[i])!;
    if (!segment) return;
    for (const record of decodePuts(segment)) {
      const key = keyOf(collection, record);
      if (wanted.has(key)) out.set(key, record);
    }
  });
  return out;
}

/** The fewest segments that can hold `records`. */
function fewestSegments(records: number): number {
  return Math.max(1, Math.ceil(records / SEGMENT_MAX_RECORDS));
}

/**
 * Whether a collection is worth compacting: it has more segments than it needs and either too many of them to
 * keep replaying, or it has just caught up after its first fill (whose pages may be small, or hold records later
 * overwritten or deleted).
 */
export function compactionDue(stored: StoredStats, firstFillCaughtUp: boolean): boolean {
  const fewest = fewestSegments(stored.records);
  if (stored.segments <= fewest) return false;
  return stored.segments - fewest > MAX_EXTRA_SEGMENTS || firstFillCaughtUp;
}

/**
 * Rewrites the collection as segments of SEGMENT_MAX_RECORDS records holding exactly what it holds now, in one
 * read-write transaction (old rows deleted and new ones written atomically; no network inside). Returns the new
 * stats and the generation it replaced. Safe at any time and from any connection: the result is a pure function of the stored segments.
 */
export async function compactCollection(db: CacheDb, collection: CollectionName): Promise<StoredStats & { previousGeneration: string }> {
  const table = db.tableOf(collection);
  let keys: Map<string, number> | null = null;
  const stats = await db.transaction('rw', [table, db.syncState, db.fleetImage], async () => {
    const records = replaySegments(collection, await table.toArray());
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    await table.clear();
    const segments = toSegments([...records.values()]);
    if (hasOutboundKey(collection))
      await table.bulkAdd(
        segments,
        segments.map((s) => s.id),
      );
    else await table.bulkAdd(segments);
    const next: StoredStats = { records: records.size, segments: segments.length, generation: records.size > 0 ? newGeneration() : '' };
    await db.syncState.put({ ...state, stored: next });
    // Same records, new generation: a stored fleet that was current stays current (core/cache/fleet-image-store.ts).
    await carryFleetStamp(db, collection, state.stored?.generation ?? '', next.generation, segments.length);
    // Records go into segments in replay order, SEGMENT_MAX_RECORDS each (toSegments).
    keys = new Map([...records.keys()].map((key, i) => [key, Math.floor(i / SEGMENT_MAX_RECORDS) + 1]));
    return { ...next, previousGeneration: state.stored?.generation ?? '' };
  });
  // Only once committed: a set tagged with a generation that never landed would just be rebuilt, but why build it.
  if (keys) keyCacheOf(db).set(collection, { generation: stats.generation, keys });
  return stats;
}
