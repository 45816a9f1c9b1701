// Issue 13: a cold start reads the stored image's stamp, the stored generations, its tail and the history's mark in
// ONE read transaction before it reads the image's bytes (each transaction is a round trip before the slowest part).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheDb } from '../../core/cache/db';
import { generateFleet } from '../../core/generate/fleet';
import { CachedSource } from '../../core/host/cached-source';
import { createApiClient } from '../../core/sync/client';
import { FakePlatform } from '../sync/fake-platform';
import { freshDb } from '../sync/helpers';

const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  vi.restoreAllMocks();
});

const hostOf = (db: CacheDb) =>
  new CachedSource(db, { onRefresh: async () => false, imageStoreDelayMs: 0, tailPatchBudgetMs: Number.POSITIVE_INFINITY });

describe('a cold start from the stored fleet', () => {
  it('reads the image’s stamp, tail and the history’s mark in one transaction before the image’s bytes', async () => {
    const snapshot = generateFleet({ seed: 3, assets: 120 });
    const platform = new FakePlatform(snapshot);
    const made = freshDb();
    open.push(made.db);
    const client = createApiClient({ baseUrl: 'http://platform.test', apiKey: platform.apiKey, fetch: platform.fetch });
    const admin = snapshot.users[0].id;
    const first = hostOf(made.db);
    await first.source(async () => ({ signedInUserId: admin }));
    await first.sync({ client, before: async () => true, history: { days: 30, megabytes: 64 } });
    await first.whenImageStored();
    // a change after the image: the start patches its tail in
    platform.put('assets', { ...snapshot.assets[4], name: 'Renamed after the image' });
    await first.sync({ client, before: async () => true, history: { days: 30, megabytes: 64 } });

    const restarted = made.reopen();
    open.push(restarted);
    // every IndexedDB transaction the restarted worker's connection opens, by the tables it covers (a DBCore middleware)
    const scopes: string[][] = [];
    restarted.use({
      stack: 'dbcore',
      name: 'transaction-scopes',
      create: (down) => ({
        ...down,
        transaction: (stores, mode, options) => {
          scopes.push([...stores]);
          return down.transaction(stores, mode, options);
        },
      }),
    });
    let beforeBytes: string[][] | null = null;
    const arrayBuffer = Blob.prototype.arrayBuffer;
    vi.spyOn(Blob.prototype, 'arrayBuffer').mockImplementation(function (this: Blob) {
      beforeBytes ??= [...scopes];
      return arrayBuffer.call(this);
    });
    const source = await hostOf(restarted).source(async () => ({ signedInUserId: admin }));
    const page = await source.assetPage({ userId: admin, query: 'Renamed after the image', limit: 5 });
    expect(page.rows.map((r) => r.assetId)).toEqual([snapshot.assets[4].id]);
    // the image's reads: every transaction over the image or the history's mark before the bytes
    const imageReads = beforeBytes!.filter((s) => s.includes('fleetImage') || s.includes('historyInfo'));
    expect(imageReads).toHaveLength(1);
    expect(imageReads[0]).toEqual(expect.arrayContaining(['fleetImage', 'historyInfo', 'syncState']));
  });
});
