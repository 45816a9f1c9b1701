// Issue 13: a woken host (a new worker on the stored cache: its source started from the stored image, read in parts)
// syncs a change without replaying any collection's segments: the page is counted, and its history `before` taken,
// from the source's fleet (SyncOptions.held), whose missing bytes are read before the page's transaction.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDb } from '../../core/cache/db';
import { historyEntries } from '../../core/cache/history';
import { countRecords } from '../../core/cache/read';
import { keyIndexedCollections } from '../../core/cache/segments';
import { CachedSource } from '../../core/host/cached-source';
import { fleetRecords } from '../../core/engine/fleet-records';
import type { Asset } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { countWholeReads } from '../sync/helpers';

let server: RunningDemoServer | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

const host = (name: string) =>
  new CachedSource(new CacheDb(name), { onRefresh: async () => false, imageStoreDelayMs: 0, imageStoreQuietMs: 0, imageReadWholeBelow: 0 });

/**
 * A platform of 20,000 assets and a cache synced from it by a host that then stopped, its image stored. At this size
 * the asset rows' bytes lie past the image's head, so a woken fleet must wait for them (at 2,000 the head holds them
 * and the cache-side look-up was never tried).
 */
async function syncedCache() {
  const platform = await startDemoServer({ seed: 3, assets: 20000 });
  server = platform;
  const client = createApiClient({ baseUrl: platform.url, apiKey: 'ai-demo-support' });
  const name = `woken-sync-${Math.random()}`;
  const first = host(name);
  await first.source(async () => ({ signedInUserId: null }));
  await first.sync({ client });
  await first.whenImageStored();
  return { store: platform.state.store, client, name, counts: await countRecords(first.db) };
}

describe('a woken host’s first sync', () => {
  it('replays no collection: one renamed asset is counted and recorded from the source’s fleet', async () => {
    const { store, client, name, counts } = await syncedCache();
    // the worker stops; a new one answers the panel from the stored image, then syncs
    const woken = host(name);
    await woken.source(async () => ({ signedInUserId: null }));
    const reads = countWholeReads(woken.db);
    const asset = store.get('assets', 'ast-0000042') as Asset;
    store.put('assets', { ...asset, name: `${asset.name} (moved)` });
    await woken.sync({ client });

    expect(reads.reads).toBe(0);
    expect(await countRecords(woken.db)).toEqual(counts);
    const entries = await historyEntries(woken.db);
    expect(entries.map((e) => [e.collection, e.key, (e.before as Asset | null)?.name])).toEqual([['assets', 'ast-0000042', asset.name]]);
    // and the panel's data has the change, patched in
    const fleet = (await woken.whenBuilt())!.currentFleet()!;
    expect((fleetRecords(fleet, 'assets', ['ast-0000042'])!.get('ast-0000042') as Asset).name).toBe(`${asset.name} (moved)`);
  });

  it('replays no collection when no panel asked (an alarm woke it): the run starts from the stored image', async () => {
    const { store, client, name, counts } = await syncedCache();
    const woken = host(name);
    const reads = countWholeReads(woken.db);
    const asset = store.get('assets', 'ast-0000042') as Asset;
    store.put('assets', { ...asset, name: `${asset.name} (moved)` });
    const ticket = store.get('tickets', 'tkt-000007') as { id: string };
    store.remove('tickets', ticket.id);
    await woken.sync({ client });

    expect(reads.reads).toBe(0);
    expect(await countRecords(woken.db)).toEqual({ ...counts, tickets: counts.tickets - 1 });
    const entries = await historyEntries(woken.db);
    expect(entries.map((e) => [e.collection, e.key, e.after === null])).toEqual([
      ['assets', 'ast-0000042', false],
      ['tickets', 'tkt-000007', true],
    ]);
    // the panel opened now starts from the fleet the run patched
    const source = await woken.source(async () => ({ signedInUserId: null }));
    expect((fleetRecords(source.currentFleet()!, 'assets', ['ast-0000042'])!.get('ast-0000042') as Asset).name).toBe(
      `${asset.name} (moved)`,
    );
    expect(reads.reads).toBe(0);
  });
});

describe('the host that filled the cache', () => {
  it('lets the fill’s key indexes go, and counts its next sync from its fleet without replaying a collection', async () => {
    const platform = await startDemoServer({ seed: 5, assets: 20000 });
    server = platform;
    const client = createApiClient({ baseUrl: platform.url, apiKey: 'ai-demo-support' });
    // no panel asked yet (a fill from the options page): no fleet counts the pages, the run's key indexes do
    const filler = host(`filled-${Math.random()}`);
    await filler.sync({ client });
    // the fill counted its pages with them; at 1M the assets' one is a million keys the worker no longer needs
    expect(keyIndexedCollections(filler.db)).toEqual([]);
    const counts = await countRecords(filler.db);

    const reads = countWholeReads(filler.db);
    const store = platform.state.store;
    const asset = store.get('assets', 'ast-0000042') as Asset;
    store.put('assets', { ...asset, name: `${asset.name} (moved)` });
    store.put('assets', { ...asset, id: 'ast-new-1' });
    store.remove('assets', 'ast-0000043');
    store.remove('tickets', 'tkt-000007');
    await filler.sync({ client });

    expect(reads.reads).toBe(0);
    expect(keyIndexedCollections(filler.db)).toEqual([]);
    expect(await countRecords(filler.db)).toEqual({ ...counts, tickets: counts.tickets - 1 });
    const entries = await historyEntries(filler.db);
    expect(entries.map((e) => [e.collection, e.key, (e.before as Asset | null)?.id ?? null])).toEqual([
      ['assets', 'ast-0000042', 'ast-0000042'],
      ['assets', 'ast-new-1', null],
      ['assets', 'ast-0000043', 'ast-0000043'],
      ['tickets', 'tkt-000007', 'tkt-000007'],
    ]);
  });
});
