// Issue 13 in the cached source both hosts run: a cold start (a stopped MV3 worker, the widget's worker on every page
// load) answers from the stored fleet image and its tail (the segments written after it) without reading the whole
// cache or the history; a sync's committed changes are patched into the fleet in memory and stay on disk as the
// image's tail, the image rewritten whole only when the tail grows long; what cannot be told as changes (a 410
// restart) or cannot be read (a damaged image) is read whole, and answers stay those of a fresh compile throughout.
import { withBytes } from '../../core/engine/part-bytes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheDb } from '../../core/cache/db';
import { currentStamp, readCurrentFleetImage, readFleetImageWithTail } from '../../core/cache/fleet-image-store';
import { loadSnapshot } from '../../core/cache/read';
import { FLEET_IMAGE_FORMAT } from '../../core/engine/fleet-image';
import { fleetFromImageBytes } from '../../core/engine/fleet-image-bytes';
import { storedRecordsOf } from '../../core/engine/lazy-snapshot';
import { generateFleet } from '../../core/generate/fleet';
import { COLLECTION_NAMES, type Asset, type Snapshot, type Ticket } from '../../core/model/snapshot';
import { CachedSource } from '../../core/host/cached-source';
import { FleetImageWriter } from '../../core/host/image-writer';
import { createDirectSource, type EngineSource } from '../../core/source/direct-source';
import { createApiClient } from '../../core/sync/client';
import { syncAll } from '../../core/sync/sync';
import { FakePlatform } from '../sync/fake-platform';
import { freshDb } from '../sync/helpers';

const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  vi.restoreAllMocks();
});

function setUp(snapshot: Snapshot = generateFleet({ seed: 7, assets: 150 })) {
  const platform = new FakePlatform(snapshot);
  const made = freshDb();
  open.push(made.db);
  const client = createApiClient({ baseUrl: 'http://platform.test', apiKey: platform.apiKey, fetch: platform.fetch });
  // Each call: a new connection to the same database, as a restarted worker opens.
  const reopen = () => {
    const db = made.reopen();
    open.push(db);
    return db;
  };
  return { platform, db: made.db, reopen, client, admin: snapshot.users[0].id };
}

// No fold for a patch's time (a loaded machine must not decide what these tests see): cached-source-fold.test.ts.
const hostOf = (db: CacheDb) =>
  // images read in parts however small (as a million assets' are): the answers must not tell the difference
  new CachedSource(db, {
    onRefresh: async () => false,
    imageStoreDelayMs: 0,
    tailPatchBudgetMs: Number.POSITIVE_INFINITY,
    imageReadWholeBelow: 0,
  });
const build = (cached: CachedSource, userId: string) => cached.source(async () => ({ signedInUserId: userId }));
const sync = (cached: CachedSource, client: ReturnType<typeof createApiClient>) =>
  cached.sync({ client, before: async () => true, history: { days: 30, megabytes: 64 } }).then(() => cached.whenImageStored());

/** Spies on every read of the collections' segments (the whole-cache read a cold start must not make). */
/** Whole reads of each collection's segments: as records (toArray) or, for the assets, into columns (each). */
function segmentReads(db: CacheDb) {
  return COLLECTION_NAMES.flatMap((c) => [vi.spyOn(db.tableOf(c), 'toArray'), vi.spyOn(db.tableOf(c), 'each')]);
}
const calls = (spies: ReadonlyArray<{ mock: { calls: unknown[] } }>) => spies.reduce((n, s) => n + s.mock.calls.length, 0);

/** What a panel asks of a source, for every user: answers must equal those of a fresh compile of the cache. */
async function answers(source: EngineSource, snapshot: Snapshot) {
  const out: unknown[] = [await source.listProjects({})];
  for (const user of snapshot.users.slice(0, 6)) {
    out.push(await source.who({ userId: user.id }));
    out.push(await source.assetPage({ userId: user.id, limit: 1000 }));
    out.push(await source.tickets({ userId: user.id, limit: 1000 }));
    out.push(await source.explainAsset({ userId: user.id, assetId: snapshot.assets[3].id }));
  }
  return out;
}

async function freshCompileAnswers(db: CacheDb, userId: string) {
  const snapshot = await loadSnapshot(db);
  return { snapshot, expected: await answers(createDirectSource({ snapshot, signedInUserId: userId }), snapshot) };
}

describe('the cached source from the stored fleet', () => {
  it('stores the fleet after the first sync, and a cold start answers from it as a fresh compile does, reading no segment', async () => {
    const { db, reopen, client, admin } = setUp();
    const first = hostOf(db);
    await build(first, admin);
    await sync(first, client);
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).not.toBeNull();

    const restarted = reopen();
    const reads = segmentReads(restarted);
    const source = await build(hostOf(restarted), admin);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
    expect((await source.signedInUser({})).user?.id).toBe(admin);
    expect(calls(reads)).toBe(0);
  });

  it('keeps the stored image for the next panel once the first sync stored it, not the fleet compiled from the segments', async () => {
    const { db, client, admin } = setUp();
    const host = hostOf(db);
    await sync(host, client); // no panel yet: the run's end compiles the segments and stores the first image
    const reads = segmentReads(db);
    const source = await build(host, admin);
    const fleet = source.currentFleet()!;
    // a loaded fleet reads its records from the stored bytes; a compiled one holds them as objects
    expect(storedRecordsOf(fleet.snapshot, 'users')).not.toBeNull();
    expect(storedRecordsOf(fleet.snapshot, 'tickets')).not.toBeNull();
    expect(calls(reads)).toBe(0);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
  });

  it('syncs right after a cold start that read only the image’s head: what a change replaces comes from the cache, no error', async () => {
    const { platform, db, reopen, client, admin } = setUp();
    // the first sync with no source built stores the image whole: the restart reads its head, not a tail
    await sync(hostOf(db), client);
    const stored = await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT, undefined, { wholeBelow: 0 });
    expect(stored?.tail).toEqual([]);
    expect(stored?.later).toBeDefined();

    const cached = hostOf(reopen());
    const source = await build(cached, admin);
    const asset = platform.records('assets')[3] as Asset;
    const ticket = platform.records('tickets')[2] as Ticket;
    platform.put('assets', { ...asset, name: 'Renamed valve' });
    platform.put('tickets', { ...ticket, title: 'Retitled' });
    await sync(cached, client);

    expect((await source.syncStatus({})).errors).toEqual([]);
    const history = (await source.historyStatus({})).history;
    expect(history?.count).toBe(2);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(snapshot.assets.find((a) => a.id === asset.id)?.name).toBe('Renamed valve');
    expect(await answers(source, snapshot)).toEqual(expected);
  });

  it('patches a sync of one changed record into the built source (no whole read), and the panel answers the new data', async () => {
    const { platform, db, reopen, client, admin } = setUp();
    const first = hostOf(db);
    await build(first, admin);
    await sync(first, client);

    const cached = hostOf(reopen());
    const source = await build(cached, admin);
    const version = (await source.syncStatus({})).dataVersion;
    const asset = platform.records('assets')[5] as Asset;
    platform.put('assets', { ...asset, name: 'Renamed pump' });
    const patched = vi.spyOn(source, 'applyChanges');
    const replaced = vi.spyOn(source, 'setFleet');
    await sync(cached, client);

    expect(patched).toHaveBeenCalledTimes(1);
    expect(patched.mock.calls[0][0]).toEqual([{ collection: 'assets', puts: [{ ...asset, name: 'Renamed pump' }], deletes: [] }]);
    expect(replaced).not.toHaveBeenCalled();
    expect((await source.syncStatus({})).dataVersion).toBeGreaterThan(version);
    const page = await source.assetPage({ userId: admin, query: 'Renamed pump', limit: 10 });
    expect(page.rows.map((r) => r.assetId)).toEqual([asset.id]);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
    // The image is not written again: the change is its tail, and the next cold start reads only that segment.
    expect(await readCurrentFleetImage(db, FLEET_IMAGE_FORMAT)).toBeNull();
    const stored = await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT);
    expect(stored!.tail.filter((c) => c.collection === 'assets').at(-1)).toEqual({
      collection: 'assets',
      puts: [{ ...asset, name: 'Renamed pump' }],
      deletes: [],
    });
    const restarted = reopen();
    const reads = segmentReads(restarted);
    const cold = await build(hostOf(restarted), admin);
    expect(await answers(cold, snapshot)).toEqual(expected);
    expect(calls(reads)).toBe(0);
  });

  it('leaves the stored image as it is when no source is built (an alarm woke a stopped worker): the next start patches in its tail, reading no whole collection', async () => {
    const { platform, db, reopen, client, admin } = setUp();
    const first = hostOf(db);
    await build(first, admin);
    await sync(first, client);

    const asset = platform.records('assets')[2] as Asset;
    platform.remove('assets', asset.id);
    const woken = reopen();
    const imageWrites = vi.spyOn(woken.fleetImage, 'bulkPut');
    await sync(hostOf(woken), client);
    expect(imageWrites).not.toHaveBeenCalled();

    const restarted = reopen();
    const reads = segmentReads(restarted);
    const source = await build(hostOf(restarted), admin);
    expect((await source.assetEffects({ userId: admin, assetIds: [asset.id] })).rows).toEqual([]);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
    expect(calls(reads)).toBe(0);
  });

  it('stores the image at the end of a sync that ran before any panel asked (the first one), so the first start reads no segment', async () => {
    const { db, reopen, client, admin } = setUp();
    await sync(hostOf(db), client);
    expect(await readCurrentFleetImage(db, FLEET_IMAGE_FORMAT)).not.toBeNull();

    const restarted = reopen();
    const reads = segmentReads(restarted);
    const source = await build(hostOf(restarted), admin);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
    expect(calls(reads)).toBe(0);
  });

  it('builds from the fleet its own unbuilt sync just read or patched, reading neither segments nor the image again', async () => {
    const { platform, db, client, admin } = setUp();
    const cached = hostOf(db);
    await sync(cached, client);
    const asset = platform.records('assets')[7] as Asset;
    platform.put('assets', { ...asset, name: 'Warm pump' });
    await sync(cached, client);
    const reads = [...segmentReads(db), vi.spyOn(db.fleetImage, 'bulkGet')];
    const source = await build(cached, admin);
    expect((await source.assetPage({ userId: admin, query: 'Warm pump', limit: 10 })).rows.map((r) => r.assetId)).toEqual([asset.id]);
    expect(calls(reads)).toBe(0);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
  });

  it('reads the cache whole after a 410 restart (a change list cannot say it), and answers the platform’s new data', async () => {
    const { platform, db, reopen, client, admin } = setUp();
    const first = hostOf(db);
    await build(first, admin);
    await sync(first, client);

    const cached = hostOf(reopen());
    const source = await build(cached, admin);
    const next = generateFleet({ seed: 8, assets: 90 });
    next.users[0] = { ...next.users[0], id: admin };
    platform.reset(next);
    const patched = vi.spyOn(source, 'applyChanges');
    const replaced = vi.spyOn(source, 'setFleet');
    await sync(cached, client);

    expect(patched).not.toHaveBeenCalled();
    // the whole read, then, once its image is stored, the stored image in its place (the same data)
    expect(replaced).toHaveBeenCalledTimes(2);
    expect(replaced.mock.calls[1][0]).toBe(source.currentFleet());
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(snapshot.assets).toHaveLength(90);
    expect(await answers(source, snapshot)).toEqual(expected);
    expect(await readCurrentFleetImage(db, FLEET_IMAGE_FORMAT)).not.toBeNull();
  });

  it('ignores a damaged image: the cold start reads the segments, answers right, and stores a good image again', async () => {
    const { db, reopen, client, admin } = setUp();
    const first = hostOf(db);
    await build(first, admin);
    await sync(first, client);
    await db.fleetImage.put({ id: 'image', format: FLEET_IMAGE_FORMAT, bytes: new Blob(['AIFLEET\n', 'garbage']) });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const cached = hostOf(reopen());
    const source = await build(cached, admin);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
    await cached.whenImageStored();
    const stored = await readCurrentFleetImage(db, FLEET_IMAGE_FORMAT, { wholeBelow: 0 });
    const loaded = fleetFromImageBytes(stored!.bytes, stored!.later);
    expect(await withBytes(() => loaded.assetIds)).toEqual(snapshot.assets.map((a) => a.id));
  });

  it('follows another context’s sync (the widget in a second tab) by patching in the segments written since, reading no image', async () => {
    const { platform, db, reopen, client, admin } = setUp();
    const writer = hostOf(db);
    await build(writer, admin);
    await sync(writer, client);
    const readerDb = reopen();
    const reader = hostOf(readerDb);
    const source = await build(reader, admin);
    const version = (await source.syncStatus({})).dataVersion;
    // Nothing changed: following costs no data change.
    await reader.followCache();
    expect((await source.syncStatus({})).dataVersion).toBe(version);

    const asset = platform.records('assets')[4] as Asset;
    platform.put('assets', { ...asset, name: 'Moved meter' });
    await sync(writer, client);
    const reads = segmentReads(readerDb);
    // Only the segments written since its fleet: neither the image nor a whole collection.
    const imageReads = [vi.spyOn(readerDb.fleetImage, 'get'), vi.spyOn(readerDb.fleetImage, 'bulkGet')];
    const replaced = vi.spyOn(source, 'setFleet');
    await reader.followCache();
    expect(calls(reads)).toBe(0);
    expect(calls(imageReads)).toBe(0);
    expect(replaced).not.toHaveBeenCalled();
    expect((await source.syncStatus({})).dataVersion).toBeGreaterThan(version);
    expect((await source.assetPage({ userId: admin, query: 'Moved meter', limit: 10 })).rows.map((r) => r.assetId)).toEqual([asset.id]);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
  });

  it('follows a writer that stored no image for its sync at once, from the image and the tail its commits left', async () => {
    const { platform, db, reopen, client, admin } = setUp();
    const writer = hostOf(db);
    await build(writer, admin);
    await sync(writer, client);
    const readerDb = reopen();
    const reader = hostOf(readerDb);
    const source = await build(reader, admin);
    const version = (await source.syncStatus({})).dataVersion;

    const asset = platform.records('assets')[6] as Asset;
    platform.put('assets', { ...asset, name: 'Late image' });
    // A sync that leaves no image behind (as a writer stopped before storing it would).
    await syncAll(db, client);
    const reads = segmentReads(readerDb);
    await reader.followCache();
    expect((await source.syncStatus({})).dataVersion).toBeGreaterThan(version);
    expect((await source.assetPage({ userId: admin, query: 'Late image', limit: 10 })).total).toBe(1);
    expect(calls(reads)).toBe(0);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
  });

  it('a panel asking while an unbuilt sync reads the cache whole shares that read (one whole read, one image)', async () => {
    const { platform, db, client, admin } = setUp();
    await syncAll(db, client); // data, and no image: the next run's end reads the cache whole
    const asset = platform.records('assets')[2] as Asset;
    platform.put('assets', { ...asset, name: 'Shared read' });
    const host = hostOf(db);
    const assets = db.tableOf('assets');
    const each = assets.each.bind(assets);
    let built: Promise<EngineSource> | null = null;
    // The panel's first call arrives just as the sync's end starts reading the segments (the assets into columns).
    const reads = vi.spyOn(assets, 'each').mockImplementation(((...args: Parameters<typeof assets.each>) => {
      // Outside the read's transaction (a timer), as a message from the panel would be.
      built ??= new Promise<EngineSource>((resolve, reject) => setTimeout(() => build(host, admin).then(resolve, reject), 0));
      return each(...args);
    }) as typeof assets.each);
    const stores = vi.spyOn(db.fleetImage, 'bulkPut');
    await sync(host, client);
    const source = await built!;
    await host.whenImageStored();
    expect(reads.mock.calls.length).toBe(1);
    expect(stores.mock.calls.length).toBe(1);
    expect((await source.assetPage({ userId: admin, query: 'Shared read', limit: 10 })).total).toBe(1);
    const { snapshot, expected } = await freshCompileAnswers(db, admin);
    expect(await answers(source, snapshot)).toEqual(expected);
  });

  it('an image its writer stored is not written again at the same stamp; a newer stamp is', async () => {
    const { platform, db, client, admin } = setUp();
    await syncAll(db, client);
    const host = hostOf(db);
    await build(host, admin); // no image: read whole, and its image stored
    await host.whenImageStored();
    const stored = (await readCurrentFleetImage(db, FLEET_IMAGE_FORMAT, { wholeBelow: Number.POSITIVE_INFINITY }))!;
    const fleet = fleetFromImageBytes(stored.bytes);
    const stores = vi.spyOn(db.fleetImage, 'bulkPut');
    const writer = new FleetImageWriter(db, { delayMs: 0, quietMs: 0, patchBudgetMs: Number.POSITIVE_INFINITY });
    // Another writer's image of this stamp is written over (the read that asked may have found it damaged)...
    writer.storeSoon(fleet, stored.stamp);
    await writer.whenStored();
    expect(stores).toHaveBeenCalledTimes(1);
    // ...its own is not: a second read of the same cache asking again writes nothing.
    writer.storeSoon(fleet, stored.stamp);
    await writer.whenStored();
    expect(stores).toHaveBeenCalledTimes(1);

    // Under the stamp of a sync that moved on it is written: the check compares stamps.
    const asset = platform.records('assets')[0] as Asset;
    platform.put('assets', { ...asset, name: 'Moved on' });
    await syncAll(db, client);
    writer.storeSoon(fleet, await currentStamp(db));
    await writer.whenStored();
    expect(stores).toHaveBeenCalledTimes(2);
  });

  it('reads the history only when a request needs it, and again after a sync added to it', async () => {
    const { platform, db, reopen, client, admin } = setUp();
    const first = hostOf(db);
    await build(first, admin);
    await sync(first, client);

    const restarted = reopen();
    const historyReads = [vi.spyOn(restarted.history, 'orderBy'), vi.spyOn(restarted.history, 'where')];
    const historyCalls = () => historyReads.reduce((n, s) => n + s.mock.calls.length, 0);
    const cached = hostOf(restarted);
    const source = await build(cached, admin);
    await source.who({ userId: admin });
    await source.assetPage({ userId: admin });
    expect(historyCalls()).toBe(0);
    const start = (await source.historyStatus({})).history!;
    expect(start.count).toBe(0);
    expect(historyCalls()).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, 5));
    const asset = platform.records('assets')[1] as Asset;
    platform.put('assets', { ...asset, name: 'Valve 9' });
    await sync(cached, client);
    expect((await source.historyStatus({})).history).toMatchObject({ since: start.since, count: 1 });
    const then = await source.assetPage({ userId: admin, query: 'Valve 9', limit: 10, asOf: start.since });
    expect(then.rows).toEqual([]);
    expect((await source.assetPage({ userId: admin, query: 'Valve 9', limit: 10 })).rows.map((r) => r.assetId)).toEqual([asset.id]);
  });
});
