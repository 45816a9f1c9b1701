// Issue 13: a woken host (a new worker on the stored cache: its source started from the stored image, read in parts)
// syncs a change without replaying any collection's segments: the page is counted, and its history `before` taken,
// from the source's fleet (SyncOptions.held), whose missing bytes are read before the page's transaction.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDb } from '../../core/cache/db';
import { historyEntries } from '../../core/cache/history';
import { countRecords } from '../../core/cache/read';
import { CachedSource } from '../../core/host/cached-source';
import { fleetRecords } from '../../core/engine/fleet-records';
import type { Asset } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';

let server: RunningDemoServer | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** Counts whole reads of a collection's segments through `db` (the key index's rebuild, a full replay). */
function countWholeReads(db: CacheDb): { reads: number } {
  const counter = { reads: 0 };
  const tableOf = db.tableOf.bind(db);
  db.tableOf = (collection) => {
    const table = tableOf(collection);
    const toArray = table.toArray.bind(table);
    return Object.assign(Object.create(table) as typeof table, {
      toArray: (...args: Parameters<typeof table.toArray>) => {
        counter.reads++;
        return toArray(...args);
      },
    });
  };
  return counter;
}

const host = (name: string) =>
  new CachedSource(new CacheDb(name), { onRefresh: async () => false, imageStoreDelayMs: 0, imageStoreQuietMs: 0, imageReadWholeBelow: 0 });

describe('a woken host’s first sync', () => {
  it('replays no collection: one renamed asset is counted and recorded from the source’s fleet', async () => {
    // 20,000 assets: the asset rows' bytes lie past the image's head, so the fleet must wait for them (at 2,000 the
    // head holds them and the cache-side look-up was never tried)
    server = await startDemoServer({ seed: 3, assets: 20000 });
    const client = createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support' });
    const name = `woken-sync-${Math.random()}`;
    const first = host(name);
    await first.source(async () => ({ signedInUserId: null }));
    await first.sync({ client });
    await first.whenImageStored();
    const counts = await countRecords(first.db);

    // the worker stops; a new one answers the panel from the stored image, then syncs
    const woken = host(name);
    await woken.source(async () => ({ signedInUserId: null }));
    const reads = countWholeReads(woken.db);
    const asset = server.state.store.get('assets', 'ast-0000042') as Asset;
    server.state.store.put('assets', { ...asset, name: `${asset.name} (moved)` });
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
    server = await startDemoServer({ seed: 3, assets: 20000 });
    const client = createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support' });
    const name = `woken-alarm-${Math.random()}`;
    const first = host(name);
    await first.source(async () => ({ signedInUserId: null }));
    await first.sync({ client });
    await first.whenImageStored();
    const counts = await countRecords(first.db);

    const woken = host(name);
    const reads = countWholeReads(woken.db);
    const asset = server.state.store.get('assets', 'ast-0000042') as Asset;
    server.state.store.put('assets', { ...asset, name: `${asset.name} (moved)` });
    const ticket = server.state.store.get('tickets', 'tkt-000007') as { id: string };
    server.state.store.remove('tickets', ticket.id);
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
