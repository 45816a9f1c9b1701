// The compiled fleet as stored (issue 13): a cold start reads one image instead of every segment, and compiles
// nothing. An image is only as good as its *stamp*: the `stored.generation` of every collection's syncState row it
// was derived from. Every write to a collection's table stores a new generation (core/cache/segments.ts), so an
// image whose stamp still equals the stored generations holds exactly what the segments replay to; any other image
// is stale and never used. The cache keeps the image opaque (core/engine/fleet-image.ts says what it holds): it
// checks its format number, the stamp, and that it was written whole.
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import { emptySyncState, type CacheDb, type FleetImageRow, type FleetStamp, type SyncStateRow } from './db';

export type { FleetStamp };

/** An image's bytes as read back, with the stamp it was stored under. */
export interface StoredFleetImage {
  bytes: ArrayBuffer;
  stamp: FleetStamp;
}

/** An image to store: its format and its bytes in parts (core/engine/fleet-image-bytes.ts encodes them). */
export interface FleetImageParts {
  format: number;
  parts: BlobPart[];
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

/** The Blob's bytes (read off the thread); null when they cannot be read (the browser lost the Blob's file). */
async function bytesOf(row: { blob: Blob; stamp: FleetStamp }): Promise<StoredFleetImage | null> {
  try {
    return { bytes: await row.blob.arrayBuffer(), stamp: row.stamp };
  } catch (error) {
    console.warn('Access Inspector: the stored fleet could not be read; it is rebuilt from the cache', error);
    return null;
  }
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
async function readImageRow(db: CacheDb, format: number): Promise<{ blob: Blob; stamp: FleetStamp } | null> {
  try {
    const [stamp, image] = await db.fleetImage.bulkGet(['stamp', 'image']);
    const s = stampRow(stamp, format);
    if (!s || !image || image.id !== 'image' || image.format !== format || typeof (image.bytes as Partial<Blob> | undefined)?.arrayBuffer !== 'function') return null;
    return { blob: image.bytes, stamp: s };
  } catch (error) {
    console.warn('Access Inspector: the stored fleet could not be read; it is rebuilt from the cache', error);
    return null;
  }
}

/**
 * The image of `format` when it answers for the cache as it is now (its stamp equals every stored generation), else
 * null. Image and generations are read in one transaction, so a sync committing meanwhile cannot slip between them.
 */
export async function readCurrentFleetImage(db: CacheDb, format: number): Promise<StoredFleetImage | null> {
  try {
    const row = await db.transaction('r', [db.syncState, db.fleetImage], async () => {
      const stored = await readImageRow(db, format);
      return stored && sameStamp(stored.stamp, await currentStamp(db)) ? stored : null;
    });
    return row && (await bytesOf(row));
  } catch (error) {
    console.warn('Access Inspector: the stored fleet could not be read; it is rebuilt from the cache', error);
    return null;
  }
}

/**
 * Stores `image` (derived from the collections at `stamp`) unless the collections moved on since: then a newer
 * image will come from whoever moved them, and this one would be stale on arrival. Resolves whether it was stored.
 */
export async function storeFleetImage(db: CacheDb, image: FleetImageParts, stamp: FleetStamp): Promise<boolean> {
  // made before the transaction: building the Blob copies the bytes, and the transaction should not wait for it
  const bytes = new Blob(image.parts);
  return db.transaction('rw', [db.syncState, db.fleetImage], async () => {
    if (!sameStamp(stamp, await currentStamp(db))) return false;
    await db.fleetImage.bulkPut([
      { id: 'stamp', format: image.format, stamp: { ...stamp } },
      { id: 'image', format: image.format, bytes },
    ]);
    return true;
  });
}

/** Drops the image (the cache is emptied or rewritten); joins the caller's transaction, which must include fleetImage. */
export async function forgetFleetImage(db: CacheDb): Promise<void> {
  await db.fleetImage.clear();
}

/**
 * A compaction rewrote `collection` without changing what it holds (its generation went `from` → `to`): an image that
 * was current for it stays current. Only the small stamp row is rewritten. Call inside the compaction's transaction
 * (which must include fleetImage), so the stamp moves exactly when the generation does.
 */
export async function carryFleetStamp(db: CacheDb, collection: CollectionName, from: string, to: string): Promise<void> {
  const row = await db.fleetImage.get('stamp');
  if (!row || row.id !== 'stamp' || typeof row.stamp !== 'object' || row.stamp === null || row.stamp[collection] !== from) return;
  await db.fleetImage.put({ ...row, stamp: { ...row.stamp, [collection]: to } });
}
