// The stored fleet image (issue 13) answers for the cache only while its stamp is every collection's stored
// generation: any write makes it stale, a format change makes it unreadable, a compaction (same records) keeps it,
// a reset removes it, and a damaged row is ignored, never an error.
import { withBytes } from '../../core/engine/part-bytes';
import { Dexie } from 'dexie';
import { IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, emptySyncState, type CacheDb } from '../../core/cache/db';
import { currentStamp, readCurrentFleetImage, readFleetImage, storeFleetImage, type FleetStamp } from '../../core/cache/fleet-image-store';
import { loadSnapshot } from '../../core/cache/read';
import { compactCollection } from '../../core/cache/segments';
import { compileFleet } from '../../core/engine';
import { FLEET_IMAGE_FORMAT } from '../../core/engine/fleet-image';
import { fleetFromImageBytes, fleetImageBytes, type EncodedFleetImage } from '../../core/engine/fleet-image-bytes';
import type { Asset } from '../../core/model/snapshot';
import { resetCache, resetCollection } from '../../core/sync/sync';
import { freshDb, loadStampedSnapshot, writeChanges } from '../sync/helpers';

const asset = (id: string, name = `Asset ${id}`): Asset => ({ id, name, projectId: 'p1', siteId: 's1', tags: ['pumps'] });

const open: Dexie[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  vi.restoreAllMocks();
});

function db() {
  const made = freshDb();
  open.push(made.db);
  return made;
}

/** A cache holding a few assets, and the image of its compiled fleet stored under the stamp it was read at. */
async function cacheWithImage(): Promise<{ cache: CacheDb; stamp: FleetStamp; image: EncodedFleetImage }> {
  const { db: cache } = db();
  await writeChanges(cache, 'assets', [asset('a1'), asset('a2'), asset('a3')]);
  await writeChanges(cache, 'assets', [asset('a4')]);
  const { snapshot, stamp } = await loadStampedSnapshot(cache);
  const image = fleetImageBytes(compileFleet(snapshot));
  expect(await storeFleetImage(cache, image, stamp)).toBe(true);
  return { cache, stamp, image };
}

describe('the stored fleet image', () => {
  it('is read back, and loads to a fleet holding the cached records, while no collection was written since', async () => {
    const { cache, stamp } = await cacheWithImage();
    const stored = await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT);
    expect(stored?.stamp).toEqual(stamp);
    const fleet = fleetFromImageBytes(stored!.bytes, stored!.later);
    expect(await withBytes(() => fleet.assetIds)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(await withBytes(() => fleet.snapshot.assets)).toEqual((await loadSnapshot(cache)).assets);
  });

  it('is stale once a collection is written (its stamp no longer the stored generation), though still readable for chaining', async () => {
    const { cache, stamp } = await cacheWithImage();
    await writeChanges(cache, 'users', [
      { id: 'u1', name: 'Ann', email: 'a@x', organizationId: 'o1', systemRoleId: null, status: 'active', invitedBy: null },
    ]);
    expect(await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
    expect((await readFleetImage(cache, FLEET_IMAGE_FORMAT))?.stamp).toEqual(stamp);
    expect((await currentStamp(cache)).users).not.toBe(stamp.users);
  });

  it('is not stored when the collections moved on after the fleet was read: a newer image will come', async () => {
    const { db: cache } = db();
    await writeChanges(cache, 'assets', [asset('a1')]);
    const { snapshot, stamp } = await loadStampedSnapshot(cache);
    await writeChanges(cache, 'assets', [asset('a2')]);
    expect(await storeFleetImage(cache, fleetImageBytes(compileFleet(snapshot)), stamp)).toBe(false);
    expect(await readFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('of another format is not read (a changed layout is rebuilt, never misread)', async () => {
    const { cache } = await cacheWithImage();
    expect(await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT + 1)).toBeNull();
    expect(await readFleetImage(cache, FLEET_IMAGE_FORMAT + 1)).toBeNull();
  });

  it('stays current through a compaction (same records, new generation), and a stale one stays stale', async () => {
    const { cache, stamp } = await cacheWithImage();
    const compacted = await compactCollection(cache, 'assets');
    expect(compacted.previousGeneration).toBe(stamp.assets);
    expect(compacted.generation).not.toBe(stamp.assets);
    const stored = await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT);
    expect(stored?.stamp.assets).toBe(compacted.generation);

    await writeChanges(cache, 'assets', [asset('a5')]);
    await compactCollection(cache, 'assets');
    expect(await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('is removed when a collection is emptied to be fetched again (410), and when the whole cache is reset', async () => {
    const first = await cacheWithImage();
    await resetCollection(first.cache, 'users');
    expect(await readFleetImage(first.cache, FLEET_IMAGE_FORMAT)).toBeNull();

    const second = await cacheWithImage();
    await resetCache(second.cache);
    expect(await readFleetImage(second.cache, FLEET_IMAGE_FORMAT)).toBeNull();
    // An emptied cache has every generation '' again, as a fresh one: nothing stale may match it.
    expect(Object.values(await currentStamp(second.cache)).every((g) => g === '')).toBe(true);
  });

  it('ignores a damaged stamp or image row (nothing thrown), as if there were no image', async () => {
    const { cache, stamp } = await cacheWithImage();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await cache.fleetImage.put({ id: 'stamp', format: FLEET_IMAGE_FORMAT, stamp: { ...stamp, assets: 42 as unknown as string } });
    expect(await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
    await cache.fleetImage.put({ id: 'stamp', format: FLEET_IMAGE_FORMAT, stamp });
    expect(await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT)).not.toBeNull();
    await cache.fleetImage.delete('image');
    expect(await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('keeps the image as one Blob of its bytes, read back as its head with the rest read by range (or whole when small)', async () => {
    const { cache, image } = await cacheWithImage();
    const row = await cache.fleetImage.get('image');
    expect(row && 'bytes' in row && typeof row.bytes.arrayBuffer).toBe('function');
    const whole = new Uint8Array(await new Blob(image.parts).arrayBuffer());
    const stored = await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT, { wholeBelow: 0 });
    expect(new Uint8Array(stored!.bytes)).toEqual(whole.subarray(0, image.headLength));
    // a small image (under READ_WHOLE_BELOW) is read whole: a second read would cost more than its bytes
    const small = await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT);
    expect(new Uint8Array(small!.bytes)).toEqual(whole);
    expect(small!.later).toBeUndefined();
    expect(stored!.later!.size).toBe(whole.byteLength);
    expect(new Uint8Array(await stored!.later!.read(image.headLength, whole.byteLength))).toEqual(whole.subarray(image.headLength));
  });

  it('ignores an image row of the structured-clone layout and a Blob the browser cannot read (nothing thrown)', async () => {
    const { cache, stamp } = await cacheWithImage();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(Blob.prototype, 'arrayBuffer').mockRejectedValue(new DOMException('the file is gone', 'NotReadableError'));
    expect(await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
    expect(await readFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
    expect(warn).toHaveBeenCalled();
    vi.restoreAllMocks();
    await cache.fleetImage.put({ id: 'image', format: FLEET_IMAGE_FORMAT, image: { format: FLEET_IMAGE_FORMAT } } as never);
    expect((await cache.fleetImage.get('stamp'))?.format).toBe(FLEET_IMAGE_FORMAT);
    expect(await readCurrentFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
    expect(stamp.assets).not.toBe('');
  });

  it('comes with schema version 5, and a version-4 cache upgrades with every row kept', async () => {
    const { factory, reopen } = freshDb('v4-upgrade');
    const v4 = new Dexie('v4-upgrade', { indexedDB: factory, IDBKeyRange });
    v4.version(1).stores(SCHEMA_V1);
    v4.version(2).stores(SCHEMA_V2);
    v4.version(3).stores(SCHEMA_V3);
    v4.version(4).stores(SCHEMA_V4);
    await v4.table('assets').add({ id: 1, puts: JSON.stringify([asset('a1')]), deletes: [] });
    await v4
      .table('syncState')
      .put({ ...emptySyncState('assets'), cursor: 'c-7', caughtUp: true, stored: { records: 1, segments: 1, generation: 'g' } });
    await v4
      .table('history')
      .add({ collection: 'assets', key: 'a1', at: '2026-11-01T00:00:00.000Z', author: null, before: null, after: '{}', bytes: 70 });
    v4.close();
    const cache = reopen();
    open.push(cache);
    expect(cache.verno).toBe(5);
    expect((await loadSnapshot(cache)).assets).toEqual([asset('a1')]);
    expect(await cache.syncState.get('assets')).toMatchObject({ cursor: 'c-7', caughtUp: true });
    expect(await cache.history.count()).toBe(1);
    expect(await readFleetImage(cache, FLEET_IMAGE_FORMAT)).toBeNull();
    expect((await currentStamp(cache)).assets).toBe('g');
  });
});
