// The compiled fleet as stored (issue 13): a cold start reads one image instead of every segment, and compiles
// nothing. An image is only as good as its *stamp*: the `stored.generation` of every collection's syncState row it
// was derived from. Every write to a collection's table stores a new generation (core/cache/segments.ts), so an
// image whose stamp still equals the stored generations holds exactly what the segments replay to; any other image
// is stale and never used. The cache keeps the image opaque (core/engine/fleet-image.ts says what it holds): it
// checks its format number, the stamp, and that it was written whole.
//
// An image is not rewritten after every sync: the segments appended after it are its *tail* (each one is a
// FleetChange), and image + tail make the current fleet. The stamp row records, per collection, the last segment
// the image includes; each segment records the generation move it made (appendSegment), so a tail is used only
// when its moves chain from the image's generation to the stored one. Anything else (a segment without its move,
// a compaction over a tail, a reset) makes the image unusable: the fleet is then read whole from the segments.
import type { Table } from 'dexie';
import type { FleetChange } from '../engine/fleet-patch';
import type { LaterBytesReader } from '../engine/fleet-image-bytes';
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import { decodePuts, emptySyncState, type CacheDb, type FleetImageRow, type FleetStamp, type Segment, type SyncStateRow } from './db';

export type { FleetStamp };

/**
 * An image's bytes as read back, with the stamp it was stored under: all of them, or its head with `later` to read
 * the rest from the same stored Blob when an answer needs it (core/engine/part-bytes.ts).
 */
export interface StoredFleetImage {
  bytes: ArrayBuffer;
  later?: LaterBytesReader;
  stamp: FleetStamp;
}

/** An image to store: its format and its bytes in parts (core/engine/fleet-image-bytes.ts encodes them). */
export interface FleetImageParts {
  format: number;
  parts: BlobPart[];
  /** Bytes of its head (from the start): a cold start reads these alone before its first answer. */
  headLength?: number;
}

/** The generations of these syncState rows (COLLECTION_NAMES order; a missing row is an empty collection). */
export function stampOf(rows: ReadonlyArray<SyncStateRow | undefined>): FleetStamp {
  return Object.fromEntries(COLLECTION_NAMES.map((c, i) => [c, (rows[i] ?? emptySyncState(c)).stored?.generation ?? ''])) as FleetStamp;
}

/** Every collection's generation as stored now (joins the caller's transaction when it has one). */
export async function currentStamp(db: CacheDb): Promise<FleetStamp> {
  return stampOf(await db.syncState.bulkGet(COLLECTION_NAMES));
}

export function sameStamp(a: FleetStamp, b: FleetStamp): boolean {
  return COLLECTION_NAMES.every((c) => a[c] === b[c]);
}

/** A stamp row as stored, or null when it is missing or not of the shape this code writes (damaged, foreign). */
function stampRow(row: FleetImageRow | undefined, format: number): FleetStamp | null {
  if (!row || row.id !== 'stamp' || row.format !== format || typeof row.stamp !== 'object' || row.stamp === null) return null;
  const stamp = row.stamp as Partial<Record<CollectionName, unknown>>;
  return COLLECTION_NAMES.every((c) => typeof stamp[c] === 'string') ? row.stamp : null;
}

/** The stored image: its Blob, and how many of its bytes are its head (null: read it whole). */
interface ImageBlob {
  blob: Blob;
  head: number | null;
}

/**
 * Images smaller than this are read whole; larger ones as their head, the rest by range when an answer needs it. A
 * woken worker's Blob read costs ~4 ms a MB here (most of it the first touch of the new memory), so at 100k assets
 * the whole 8.4 MB took 35–42 ms where the head (2.2 MB) took 15–18 ms and the first answer's windows of the rest
 * one more round of ~10 ms. Under a few MB the round trip costs more than the bytes it saves.
 */
export const READ_WHOLE_BELOW = 4 << 20;

/** How a stored image is read: whole below `wholeBelow` bytes (READ_WHOLE_BELOW unless told; tests: 0, always in parts). */
export interface ImageReadOptions {
  wholeBelow?: number;
}

/** The image row's Blob when the row is of `format` and holds one (a row of the structured-clone layout does not). */
function imageBlob(row: FleetImageRow | undefined, format: number, wholeBelow = READ_WHOLE_BELOW): ImageBlob | null {
  if (!row || row.id !== 'image' || row.format !== format) return null;
  if (typeof (row.bytes as Partial<Blob> | undefined)?.arrayBuffer !== 'function') return null;
  const size = row.bytes.size;
  const parted = typeof row.head === 'number' && Number.isSafeInteger(row.head) && row.head > 0 && row.head < size;
  return { blob: row.bytes, head: parted && size >= wholeBelow ? row.head! : null };
}

/** A stored image that cannot be read throws nothing: it is a cache of a cache, rebuilt from the segments. */
function unreadable(error: unknown): null {
  console.warn('Access Inspector: the stored fleet could not be read; it is rebuilt from the cache', error);
  return null;
}

/**
 * The Blob's bytes (read off the thread): its head alone when it has one, the rest left to read from its slices;
 * null when they cannot be read (the browser lost the Blob's file).
 */
async function bytesOf(row: { blob: ImageBlob; stamp: FleetStamp }): Promise<StoredFleetImage | null> {
  const { blob, head } = row.blob;
  try {
    if (head === null) return { bytes: await blob.arrayBuffer(), stamp: row.stamp };
    const later: LaterBytesReader = { size: blob.size, read: (from, to) => blob.slice(from, to).arrayBuffer() };
    return { bytes: await blob.slice(0, head).arrayBuffer(), later, stamp: row.stamp };
  } catch (error) {
    return unreadable(error);
  }
}

/** The last segment id the stamp row says the image includes for `collection`, or null when it does not say. */
function lastIncluded(row: FleetImageRow | undefined, collection: CollectionName): number | null {
  if (!row || row.id !== 'stamp' || typeof row.segments !== 'object' || row.segments === null) return null;
  const id = row.segments[collection];
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/**
 * The stored image of `format` and its stamp, current or not (the caller chains the stamp through a sync's
 * commits: core/host/fleet-stamp.ts); null when there is none, it is of another format, or it cannot be read.
 * Never throws for a damaged row: an image is a cache of a cache, rebuilt from the segments.
 */
export async function readFleetImage(db: CacheDb, format: number): Promise<StoredFleetImage | null> {
  const row = await readImageRow(db, format);
  return row && bytesOf(row);
}

/** The image row of `format` with its stamp; its Blob is read after the transaction (IndexedDB's would commit meanwhile). */
async function readImageRow(
  db: CacheDb,
  format: number,
  opts: ImageReadOptions = {},
): Promise<{ blob: ImageBlob; stamp: FleetStamp } | null> {
  try {
    const [stamp, image] = await db.fleetImage.bulkGet(['stamp', 'image']);
    const s = stampRow(stamp, format);
    const blob = imageBlob(image, format, opts.wholeBelow);
    return s && blob && { blob, stamp: s };
  } catch (error) {
    return unreadable(error);
  }
}

/**
 * Whether an image of `format` derived at `stamp` is stored already: writing it again would rewrite the same bytes
 * (85 MB at 1M assets). Never throws (a damaged row reads as no image).
 */
export async function fleetImageStoredAt(db: CacheDb, format: number, stamp: FleetStamp): Promise<boolean> {
  const row = await readImageRow(db, format);
  return row !== null && sameStamp(row.stamp, stamp);
}

/**
 * The image of `format` when it answers for the cache as it is now (its stamp equals every stored generation), else
 * null. Image and generations are read in one transaction, so a sync committing meanwhile cannot slip between them.
 */
export async function readCurrentFleetImage(db: CacheDb, format: number, opts: ImageReadOptions = {}): Promise<StoredFleetImage | null> {
  try {
    const row = await db.transaction('r', [db.syncState, db.fleetImage], async () => {
      const stored = await readImageRow(db, format, opts);
      return stored && sameStamp(stored.stamp, await currentStamp(db)) ? stored : null;
    });
    return row && (await bytesOf(row));
  } catch (error) {
    return unreadable(error);
  }
}

/**
 * Stores `image` (derived from the collections at `stamp`) unless the collections moved on since: then a newer
 * image will come from whoever moved them, and this one would be stale on arrival. Resolves whether it was stored.
 * The stamp row also records each collection's last segment (read in the same transaction, so at `stamp`): the
 * segments after it will be the image's tail.
 */
export async function storeFleetImage(db: CacheDb, image: FleetImageParts, stamp: FleetStamp): Promise<boolean> {
  // made before the transaction: building the Blob copies the bytes, and the transaction should not wait for it
  const bytes = new Blob(image.parts);
  const tables = COLLECTION_NAMES.map((c) => db.tableOf(c));
  return db.transaction('rw', [db.syncState, db.fleetImage, ...tables], async () => {
    if (!sameStamp(stamp, await currentStamp(db))) return false;
    const last = await Promise.all(tables.map((t) => t.orderBy(':id').lastKey()));
    const segments = Object.fromEntries(COLLECTION_NAMES.map((c, i) => [c, (last[i] as number | undefined) ?? 0]));
    await db.fleetImage.bulkPut([
      { id: 'stamp', format: image.format, stamp: { ...stamp }, segments },
      { id: 'image', format: image.format, bytes, ...(image.headLength !== undefined ? { head: image.headLength } : {}) },
    ]);
    return true;
  });
}

/**
 * Most tail segments read in one collection. The host folds the image long before (core/host/image-tail.ts); a
 * longer tail (a worker stopped before it folded) is not read, as patching it could cost what a whole read does.
 */
export const TAIL_READ_MAX_SEGMENTS = 64;

/**
 * `segments` (id order) when their moves chain from generation `from` to `to`, else null (a segment without its
 * move, written before moves were kept or by a compaction; a gap).
 */
function chained(segments: Segment[], from: string, to: string): Segment[] | null {
  let generation = from;
  for (const segment of segments) {
    if (typeof segment.from !== 'string' || typeof segment.to !== 'string' || segment.from !== generation) return null;
    generation = segment.to;
  }
  return generation === to ? segments : null;
}

/** A tail segment as the change it made. */
const changeOf = (collection: CollectionName, segment: Segment): FleetChange => ({
  collection,
  puts: decodePuts(segment),
  deletes: segment.deletes,
});

/**
 * Every table a tail read may touch: a read-only transaction over all collections is as cheap as over the few with
 * a tail, and knowing which those are needs no first transaction (nor a retry when a write lands in between).
 */
const tailScope = (db: CacheDb) => [db.syncState, db.fleetImage, ...COLLECTION_NAMES.map((c) => db.tableOf(c))];

/**
 * The segments after the image, per collection with a tail, in id order; null when some collection's tail does
 * not chain from the image's generation to the stored one, or is longer than TAIL_READ_MAX_SEGMENTS (call inside a
 * transaction over those tables).
 */
async function tailSegments(
  db: CacheDb,
  row: FleetImageRow,
  imageStamp: FleetStamp,
  now: FleetStamp,
  collections: readonly CollectionName[],
): Promise<Map<CollectionName, Segment[]> | null> {
  const out = new Map<CollectionName, Segment[]>();
  for (const c of collections) {
    const last = lastIncluded(row, c);
    if (last === null) return null;
    const segments = chained(await db.tableOf(c).where(':id').above(last).limit(TAIL_READ_MAX_SEGMENTS).toArray(), imageStamp[c], now[c]);
    if (!segments) return null;
    out.set(c, segments);
  }
  return out;
}

/** The collections whose generation moved since the image (the ones with a tail). */
const movedSince = (imageStamp: FleetStamp, now: FleetStamp) => COLLECTION_NAMES.filter((c) => imageStamp[c] !== now[c]);

/** A stored image with the changes that make it current: `stamp` is the stored generations the tail leads to. */
export interface FleetImageWithTail extends StoredFleetImage {
  /** Each tail segment as a change, per collection in id order (collections in COLLECTION_NAMES order). */
  tail: FleetChange[];
}

/** How long a stored image's tail is (what tells whether the image is due to be rewritten whole). */
export interface TailSize {
  /** Records put or deleted by all tail segments. */
  records: number;
  /** The most tail segments any one collection has. */
  segments: number;
}

/**
 * A read the caller makes in the image's transaction (the host's history mark), so it describes the same commit and
 * costs no transaction of its own before the image's bytes are read (issue 13: each is a round trip on a cold start).
 * It is given the syncState rows the image's stamp is checked against, rather than reading them again.
 */
export interface ReadAlongside<A> {
  /** The tables it reads besides syncState, fleetImage and the collections. */
  tables: Table[];
  read: (states: ReadonlyArray<SyncStateRow | undefined>) => Promise<A>;
}

/**
 * Reads the image's row (its Blob, not its bytes), the stored generations, `alongside`'s answer and the tail in one
 * transaction and hands them to `read`. Null when there is no usable image; never throws for a damaged row. The
 * reads that do not depend on each other are asked for at once, two rounds in all (the rows, then the tail and
 * `alongside`): each is a round trip to the browser's IndexedDB (1–3 ms of a woken worker's first answer), and in
 * turn they were five before the image's bytes.
 */
async function withTail<T, A = undefined>(
  db: CacheDb,
  format: number,
  read: (
    image: FleetImageRow | undefined,
    now: FleetStamp,
    tail: Map<CollectionName, Segment[]>,
    alongside: A | undefined,
  ) => T | Promise<T>,
  alongside?: ReadAlongside<A>,
): Promise<T | null> {
  try {
    return await db.transaction('r', [...tailScope(db), ...(alongside?.tables ?? [])], async () => {
      const [[row, image], states] = await Promise.all([db.fleetImage.bulkGet(['stamp', 'image']), db.syncState.bulkGet(COLLECTION_NAMES)]);
      const imageStamp = stampRow(row, format);
      if (!row || !imageStamp) return null;
      const now = stampOf(states);
      const [tail, also] = await Promise.all([
        tailSegments(db, row, imageStamp, now, movedSince(imageStamp, now)),
        alongside?.read(states),
      ]);
      return tail && (await read(image, now, tail, also));
    });
  } catch (error) {
    return unreadable(error);
  }
}

/**
 * The image of `format` and its tail: together, the fleet as the cache holds it now (`stamp` is the stored
 * generations). Null when there is none or it cannot be brought to now (a tail that does not chain, a damaged row):
 * then only the segments say what the cache holds. Image, stamp, tail and `alongside` (its answer is `alongside`)
 * are read in one transaction, before the image's bytes.
 */
export async function readFleetImageWithTail<A = undefined>(
  db: CacheDb,
  format: number,
  alongside?: ReadAlongside<A>,
  opts: ImageReadOptions = {},
): Promise<(FleetImageWithTail & { alongside: A | undefined }) | null> {
  const read = await withTail(
    db,
    format,
    (image, now, tail, also) => {
      const blob = imageBlob(image, format, opts.wholeBelow);
      if (!blob) return null;
      const changes = [...tail].flatMap(([collection, segments]) => segments.map((segment) => changeOf(collection, segment)));
      return { blob, stamp: now, tail: changes, alongside: also };
    },
    alongside,
  );
  const stored = read && (await bytesOf(read));
  return stored && read && { ...stored, tail: read.tail, alongside: read.alongside };
}

/** The size of the stored image's tail (nothing decoded), or null when the image is missing or cannot be brought to now. */
export function fleetImageTailSize(db: CacheDb, format: number): Promise<TailSize | null> {
  return withTail(db, format, (_image, _now, tail) => {
    let records = 0;
    let segments = 0;
    for (const list of tail.values()) {
      segments = Math.max(segments, list.length);
      for (const segment of list) records += typeof segment.changed === 'number' ? segment.changed : Number.POSITIVE_INFINITY;
    }
    return { records, segments };
  });
}

/** The changes that bring a fleet derived at some stamp to the stored generations, and the stamp they lead to. */
export interface ChangesSince {
  changes: FleetChange[];
  stamp: FleetStamp;
}

/**
 * What the segments written since `since` (a fleet's stamp) changed: per collection whose generation moved, the
 * newest segments back to the one whose move starts at `since`'s generation, at most `maxSegments` of them, as
 * changes in id order (collections in COLLECTION_NAMES order). Null when some collection's moves cannot be followed
 * back that far (a compaction, a reset, a segment without its move, a longer run of writes): then only a whole read
 * is right. Read in one transaction; never throws for a damaged row.
 */
export async function readChangesSince(db: CacheDb, since: FleetStamp, maxSegments: number): Promise<ChangesSince | null> {
  try {
    return await db.transaction('r', tailScope(db), async () => {
      const now = await currentStamp(db);
      const changes: FleetChange[] = [];
      for (const c of movedSince(since, now)) {
        const newest = await db
          .tableOf(c)
          .orderBy(':id')
          .reverse()
          .until((segment) => segment.from === since[c], true)
          .limit(maxSegments)
          .toArray();
        const segments = chained(newest.reverse(), since[c], now[c]);
        if (!segments) return null;
        for (const segment of segments) changes.push(changeOf(c, segment));
      }
      return { changes, stamp: now };
    });
  } catch (error) {
    console.warn('Access Inspector: the latest changes could not be read; the cache is read whole', error);
    return null;
  }
}

/** Drops the image (the cache is emptied or rewritten); joins the caller's transaction, which must include fleetImage. */
export async function forgetFleetImage(db: CacheDb): Promise<void> {
  await db.fleetImage.clear();
}

/**
 * A compaction rewrote `collection` without changing what it holds (its generation went `from` → `to`, its last
 * segment is now `lastSegment`): an image that was current for it stays current, and includes every new segment.
 * An image with a tail in it loses that tail (the segments are rewritten), so it is made unusable: its stamp row
 * is dropped and the next read rebuilds it from the segments. Only the small stamp row is touched. Call inside the
 * compaction's transaction (which must include fleetImage), so the stamp moves exactly when the generation does.
 */
export async function carryFleetStamp(
  db: CacheDb,
  collection: CollectionName,
  from: string,
  to: string,
  lastSegment: number,
): Promise<void> {
  const row = await db.fleetImage.get('stamp');
  if (!row || row.id !== 'stamp' || typeof row.stamp !== 'object' || row.stamp === null) return;
  if (row.stamp[collection] !== from) {
    await db.fleetImage.delete('stamp');
    return;
  }
  const segments = row.segments && { ...row.segments, [collection]: lastSegment };
  await db.fleetImage.put({ ...row, stamp: { ...row.stamp, [collection]: to }, ...(segments ? { segments } : {}) });
}
