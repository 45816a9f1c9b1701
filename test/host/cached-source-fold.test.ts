// When the cached source rewrites the stored fleet image whole (issue 13): not after each sync (its changes stay on
// disk as the image's tail), but once the tail passes TAIL_MAX_SEGMENTS segments in a collection (or
// TAIL_MAX_RECORDS records), whether a source is built (a panel open) or not (an alarm's sync in a woken worker), or
// once a patch of it took longer than TAIL_PATCH_BUDGET_MS; and the image it leaves answers as compiling the segments
// does.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheDb } from '../../core/cache/db';
import { fleetImageTailSize, readCurrentFleetImage, readFleetImageWithTail } from '../../core/cache/fleet-image-store';
import { loadSnapshot } from '../../core/cache/read';
import { compactCollection } from '../../core/cache/segments';
import { FLEET_IMAGE_FORMAT } from '../../core/engine/fleet-image';
import { generateFleet } from '../../core/generate/fleet';
import { CachedSource } from '../../core/host/cached-source';
import { foldDue, tailSizeOf, TAIL_MAX_RECORDS, TAIL_MAX_SEGMENTS } from '../../core/host/image-tail';
import type { Asset } from '../../core/model/snapshot';
import { createDirectSource, type EngineSource } from '../../core/source/direct-source';
import { createApiClient } from '../../core/sync/client';
import { FakePlatform } from '../sync/fake-platform';
import { freshDb } from '../sync/helpers';

const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  vi.restoreAllMocks();
});

function setUp() {
  const snapshot = generateFleet({ seed: 21, assets: 120 });
  const platform = new FakePlatform(snapshot);
  const made = freshDb();
  open.push(made.db);
  const client = createApiClient({ baseUrl: 'http://platform.test', apiKey: platform.apiKey, fetch: platform.fetch });
  const reopen = () => {
    const db = made.reopen();
    open.push(db);
    return db;
  };
  return { platform, db: made.db, reopen, client, admin: snapshot.users[0].id };
}

// No fold for a patch's time unless a test asks (a loaded machine must not decide what these tests see).
const hostOf = (db: CacheDb, tailPatchBudgetMs = Number.POSITIVE_INFINITY) =>
  new CachedSource(db, { onRefresh: async () => false, imageStoreDelayMs: 0, tailPatchBudgetMs });
const sync = (cached: CachedSource, client: ReturnType<typeof createApiClient>) =>
  cached.sync({ client, before: async () => true, history: { days: 30, megabytes: 64 } }).then(() => cached.whenImageStored());

async function answers(source: EngineSource, userId: string) {
  return [await source.who({ userId }), await source.assetPage({ userId, limit: 1000 }), await source.tickets({ userId, limit: 1000 })];
}

/** Renames asset `i` on the platform and syncs; resolves the image's tail size after it. */
async function renameAndSync(s: ReturnType<typeof setUp>, cached: CachedSource, i: number, name: string) {
  const asset = s.platform.records('assets')[i] as Asset;
  s.platform.put('assets', { ...asset, name });
  await sync(cached, s.client);
  return fleetImageTailSize(s.db, FLEET_IMAGE_FORMAT);
}

describe('folding the stored fleet image', () => {
  it('is due past TAIL_MAX_SEGMENTS segments in one collection or TAIL_MAX_RECORDS records, not before', () => {
    expect(foldDue({ records: TAIL_MAX_RECORDS, segments: TAIL_MAX_SEGMENTS })).toBe(false);
    expect(foldDue({ records: TAIL_MAX_RECORDS + 1, segments: 1 })).toBe(true);
    expect(foldDue({ records: 1, segments: TAIL_MAX_SEGMENTS + 1 })).toBe(true);
    const change = (collection: 'assets' | 'users', n: number) => ({
      collection,
      puts: Array.from({ length: n }, () => ({})),
      deletes: ['x'],
    });
    expect(tailSizeOf([change('assets', 2), change('users', 1), change('assets', 0)])).toEqual({ records: 6, segments: 2 });
    expect(tailSizeOf([])).toEqual({ records: 0, segments: 0 });
  });

  it('with a source built: the tail grows one segment per sync, and the image is rewritten once it passes the limit', async () => {
    const s = setUp();
    const cached = hostOf(s.db);
    const source = await cached.source(async () => ({ signedInUserId: s.admin }));
    await sync(cached, s.client);
    const base = await fleetImageTailSize(s.db, FLEET_IMAGE_FORMAT);
    expect(base).not.toBeNull();
    const start = base!.segments;
    const sizes: number[] = [];
    for (let i = start + 1; i <= TAIL_MAX_SEGMENTS; i++) sizes.push((await renameAndSync(s, cached, 3, `Pump ${i}`))!.segments);
    expect(sizes).toEqual(Array.from({ length: sizes.length }, (_, k) => start + k + 1));
    expect(await readCurrentFleetImage(s.db, FLEET_IMAGE_FORMAT)).toBeNull();
    // One more: past the limit, the whole image is written again, current, with no tail.
    expect(await renameAndSync(s, cached, 3, 'Folded pump')).toEqual({ records: 0, segments: 0 });
    expect(await readCurrentFleetImage(s.db, FLEET_IMAGE_FORMAT)).not.toBeNull();

    const snapshot = await loadSnapshot(s.db);
    const expected = await answers(createDirectSource({ snapshot, signedInUserId: s.admin }), s.admin);
    expect(await answers(source, s.admin)).toEqual(expected);
    const cold = await hostOf(s.reopen()).source(async () => ({ signedInUserId: s.admin }));
    expect(await answers(cold, s.admin)).toEqual(expected);
  });

  it('with no source built (a woken worker per sync): nothing is written until the tail passes the limit, then the image is folded', async () => {
    const s = setUp();
    await sync(hostOf(s.db), s.client);
    const start = (await fleetImageTailSize(s.db, FLEET_IMAGE_FORMAT))!.segments;
    for (let i = start + 1; i <= TAIL_MAX_SEGMENTS; i++) {
      const woken = s.reopen();
      const imageWrites = vi.spyOn(woken.fleetImage, 'bulkPut');
      const asset = s.platform.records('assets')[i % 100] as Asset;
      s.platform.put('assets', { ...asset, name: `Valve ${i}` });
      await sync(hostOf(woken), s.client);
      expect(imageWrites).not.toHaveBeenCalled();
    }
    const woken = s.reopen();
    s.platform.remove('assets', (s.platform.records('assets')[0] as Asset).id);
    await sync(hostOf(woken), s.client);
    expect(await fleetImageTailSize(s.db, FLEET_IMAGE_FORMAT)).toEqual({ records: 0, segments: 0 });

    const snapshot = await loadSnapshot(s.db);
    const expected = await answers(createDirectSource({ snapshot, signedInUserId: s.admin }), s.admin);
    const cold = await hostOf(s.reopen()).source(async () => ({ signedInUserId: s.admin }));
    expect(await answers(cold, s.admin)).toEqual(expected);
  });

  it('folds at once a sync whose patch took longer than the budget, and a cold start whose tail did, after its first answer', async () => {
    const s = setUp();
    const cached = hostOf(s.db, -1);
    await cached.source(async () => ({ signedInUserId: s.admin }));
    await sync(cached, s.client);
    expect(await renameAndSync(s, cached, 6, 'Dear pump')).toEqual({ records: 0, segments: 0 });

    // A tail left by a worker no panel asked (an alarm's: it patches the stored image it starts from, within its
    // budget), then a cold start that pays for that tail.
    s.platform.remove('assets', (s.platform.records('assets')[8] as Asset).id);
    await sync(hostOf(s.reopen()), s.client);
    expect((await fleetImageTailSize(s.db, FLEET_IMAGE_FORMAT))!.segments).toBe(1);
    const cold = hostOf(s.reopen(), -1);
    const coldSource = await cold.source(async () => ({ signedInUserId: s.admin }));
    await cold.whenImageStored();
    expect(await fleetImageTailSize(s.db, FLEET_IMAGE_FORMAT)).toEqual({ records: 0, segments: 0 });
    const snapshot = await loadSnapshot(s.db);
    const expected = await answers(createDirectSource({ snapshot, signedInUserId: s.admin }), s.admin);
    expect(await answers(coldSource, s.admin)).toEqual(expected);
  });

  it('answers from the image it folded once that is stored, letting the patched fleet go, with the same answers', async () => {
    const s = setUp();
    const cached = hostOf(s.db, -1);
    const source = await cached.source(async () => ({ signedInUserId: s.admin }));
    await sync(cached, s.client);
    const patched = vi.spyOn(source, 'applyChanges');
    const replaced = vi.spyOn(source, 'setFleet');
    const imageWrites = vi.spyOn(s.db.fleetImage, 'bulkPut');
    const held = vi.spyOn(source, 'currentFleet');
    expect(await renameAndSync(s, cached, 6, 'Lighter pump')).toEqual({ records: 0, segments: 0 });
    const patchedFleet = held.mock.results[0].value as unknown;

    // patched in (its fleet set inside the source), folded (written), then read back from the cache and set in its place
    expect(patched).toHaveBeenCalledTimes(1);
    expect(imageWrites).toHaveBeenCalledTimes(1);
    expect(replaced).toHaveBeenCalledTimes(1);
    expect(replaced.mock.invocationCallOrder[0]).toBeGreaterThan(imageWrites.mock.invocationCallOrder[0]);
    expect(replaced.mock.calls[0][0]).not.toBe(patchedFleet);
    expect(source.currentFleet()).toBe(replaced.mock.calls[0][0]);
    const snapshot = await loadSnapshot(s.db);
    const expected = await answers(createDirectSource({ snapshot, signedInUserId: s.admin }), s.admin);
    expect(await answers(source, s.admin)).toEqual(expected);

    // a sync within its budget is not folded, and the source keeps its patched fleet
    const kept = hostOf(s.reopen());
    const keptSource = await kept.source(async () => ({ signedInUserId: s.admin }));
    const keptReplaced = vi.spyOn(keptSource, 'setFleet');
    await renameAndSync(s, kept, 7, 'Kept pump');
    expect(keptReplaced).not.toHaveBeenCalled();
  });

  it('stores a whole image again after a compaction took its tail (the next sync finds it unusable)', async () => {
    const s = setUp();
    const cached = hostOf(s.db);
    await cached.source(async () => ({ signedInUserId: s.admin }));
    await sync(cached, s.client);
    await renameAndSync(s, cached, 4, 'Before compaction');
    await compactCollection(s.db, 'assets');
    expect(await readFleetImageWithTail(s.db, FLEET_IMAGE_FORMAT)).toBeNull();
    expect(await renameAndSync(s, cached, 5, 'After compaction')).toEqual({ records: 0, segments: 0 });
  });
});
