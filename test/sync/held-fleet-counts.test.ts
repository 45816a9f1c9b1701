// Issue 13: a sync in a fresh connection (a woken worker) counts its pages and takes the history's `before` from the
// caller's fleet (SyncOptions.held) and its own commits since, instead of replaying a collection's segments to rebuild
// the key index. The cache, its counts and its history come out exactly as through the index.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheDb } from '../../core/cache/db';
import { historyEntries } from '../../core/cache/history';
import { compileFleet } from '../../core/engine';
import { fleetRecords } from '../../core/engine/fleet-records';
import { generateFleet } from '../../core/generate/fleet';
import { COLLECTION_NAMES } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { RUN_COMMITS_MAX, RunCommits, type HeldSource } from '../../core/sync/held-records';
import { syncAll } from '../../core/sync/sync';
import { startDemoServer } from '../../demo/server';
import { countWholeReads, freshDb, instantRetry, loadStampedSnapshot } from './helpers';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** The cache's fleet as of now, as the host holds it while a run goes on: counts the keys it was asked about. */
async function heldFleetOf(db: CacheDb): Promise<{ source: HeldSource; asked: { keys: number } }> {
  const read = await loadStampedSnapshot(db);
  const fleet = compileFleet(read.snapshot);
  const asked = { keys: 0 };
  return {
    asked,
    source: {
      generation: (collection) => read.stamp[collection],
      records: async (collection, keys) => {
        asked.keys += keys.length;
        const records = fleetRecords(fleet, collection, keys);
        return records && { generation: read.stamp[collection], records };
      },
    },
  };
}

/** What a cache holds that a page's count and `before` decide: its records, stored counts and history. */
async function contents(db: CacheDb) {
  const rows = await db.syncState.bulkGet([...COLLECTION_NAMES]);
  return {
    snapshot: (await loadStampedSnapshot(db)).snapshot,
    counts: rows.map((r) => [r?.stored?.records, r?.counts.records]),
    history: (await historyEntries(db)).map(({ collection, key, before, after, at }) => ({ collection, key, before, after, at })),
  };
}

async function platform(assets = 60) {
  const server = await startDemoServer({ snapshot: generateFleet({ seed: 7, assets }) });
  open.push(server);
  return { server, client: createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support' }) };
}

describe('a fresh connection counts a sync from the held fleet', () => {
  it('leaves the same records, counts and history as the key index does, whatever the edits and page sizes', async () => {
    let asked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ edits: fc.integer({ min: 1, max: 40 }), seed: fc.integer() }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(undefined, 3, 7),
        async (steps, limit) => {
          const { server, client } = await platform();
          const plain = freshDb();
          const held = freshDb();
          const base = { retry: instantRetry().policy, history: { fill: false }, ...(limit ? { limit } : {}) };
          expect((await syncAll(plain.db, client, base)).ok).toBe(true);
          expect((await syncAll(held.db, client, base)).ok).toBe(true);
          for (const step of steps) {
            server.state.store.clockOffsetMs += 1000;
            server.state.store.mutateRandom(step.edits, step.seed);
            // each run in a new connection, as a worker woken for it: no key index in memory
            const a = plain.reopen();
            const b = held.reopen();
            open.push(a, b);
            const fleet = await heldFleetOf(b);
            expect((await syncAll(a, client, base)).ok).toBe(true);
            expect((await syncAll(b, client, { ...base, held: fleet.source })).ok).toBe(true);
            asked += fleet.asked.keys;
          }
          const a = plain.reopen();
          const b = held.reopen();
          open.push(a, b, plain.db, held.db);
          expect(await contents(b)).toEqual(await contents(a));
          for (const o of open.splice(0)) await o.close();
        },
      ),
      { numRuns: 8 },
    );
    expect(asked).toBeGreaterThan(0);
  });

  it('reads no collection whole for a change of one record: the key index is not rebuilt', async () => {
    const { server, client } = await platform(200);
    const base = { retry: instantRetry().policy, history: { fill: false } };
    const cache = freshDb();
    open.push(cache.db);
    expect((await syncAll(cache.db, client, base)).ok).toBe(true);
    const renamed = async (label: string) => {
      const asset = server.state.store.get('assets', 'ast-0000007') as { name: string };
      server.state.store.put('assets', { ...asset, name: `${asset.name} ${label}` });
    };

    await renamed('held');
    const woken = cache.reopen();
    open.push(woken);
    const fleet = await heldFleetOf(woken);
    const reads = countWholeReads(woken);
    expect((await syncAll(woken, client, { ...base, held: fleet.source })).ok).toBe(true);
    expect(reads.reads).toBe(0);
    expect(fleet.asked.keys).toBe(1);

    // the same without the fleet: the index is rebuilt from the assets' segments
    await renamed('plain');
    const again = cache.reopen();
    open.push(again);
    const plainReads = countWholeReads(again);
    expect((await syncAll(again, client, base)).ok).toBe(true);
    expect(plainReads.reads).toBeGreaterThan(0);
  });

  it('does not take the fleet of another generation: a run that finds another context’s write uses the index', async () => {
    const { server, client } = await platform();
    const base = { retry: instantRetry().policy, history: { fill: false } };
    const cache = freshDb();
    open.push(cache.db);
    expect((await syncAll(cache.db, client, base)).ok).toBe(true);
    const fleet = await heldFleetOf(cache.db);
    // another context syncs first: the fleet taken before it is now a generation behind
    server.state.store.mutateRandom(10, 3);
    expect((await syncAll(cache.reopen(), client, base)).ok).toBe(true);
    server.state.store.mutateRandom(10, 4);
    const woken = cache.reopen();
    const twin = freshDb();
    open.push(woken, twin.db);
    expect((await syncAll(woken, client, { ...base, held: fleet.source })).ok).toBe(true);
    // a cache that never held any fleet, synced to the same point
    expect((await syncAll(twin.db, client, base)).ok).toBe(true);
    const counts = async (db: CacheDb) => (await db.syncState.bulkGet([...COLLECTION_NAMES])).map((r) => r?.stored?.records);
    expect(await counts(woken)).toEqual(await counts(twin.db));
  });
});

describe('a run’s commits since a held generation', () => {
  const move = (from: string, to: string) => ({ from, to });
  const held = (generation: string, records: Record<string, unknown>) => ({ generation, records: new Map(Object.entries(records)) });

  it('answers a later page through its own puts and deletes, on top of what the fleet held', () => {
    const commits = new RunCommits();
    const fleet = held('g0', { a: 'a0', b: 'b0' });
    expect(commits.recordsAt('g0', fleet, ['a', 'b', 'c'])).toBe(fleet.records);
    commits.committed(move('g0', 'g1'), ['a', 'c'], ['a1', 'c1'], ['b'], 'g0');
    commits.committed(move('g1', 'g2'), [], [], [], null); // a compaction: same records
    expect([...commits.recordsAt('g2', fleet, ['a', 'b', 'c', 'd'])!]).toEqual([
      ['a', 'a1'],
      ['c', 'c1'],
    ]);
    expect(commits.speaksFor('g0')).toBe(true);
    expect(commits.speaksFor('g1')).toBe(false);
  });

  it('cannot tell after a move it did not make, nor for a fleet of another generation', () => {
    const commits = new RunCommits();
    commits.committed(move('g0', 'g1'), ['a'], ['a1'], [], 'g0');
    expect(commits.recordsAt('g1', held('gX', {}), ['a'])).toBeNull();
    expect(commits.recordsAt('g1', held('g0', { a: 'a0' }), ['a'])).toEqual(new Map([['a', 'a1']]));
    // g1 → g2 was written elsewhere; this run goes on from g2
    commits.committed(move('g2', 'g3'), ['b'], ['b1'], [], 'g0');
    expect(commits.recordsAt('g3', held('g0', { a: 'a0' }), ['a'])).toBeNull();
    expect(commits.speaksFor('g0')).toBe(false);
  });

  it('keeps nothing for a run no held answer spoke of (a first fill), and gives up past its bound', () => {
    const fill = new RunCommits();
    fill.committed(move('', 'g1'), ['a'], ['a1'], [], null);
    expect(fill.recordsAt('g1', held('', {}), ['a'])).toBeNull();
    // nor is the fleet asked again in this run: it never holds a generation the run reaches
    expect(fill.speaksFor('g0')).toBe(false);

    const big = new RunCommits();
    const keys = Array.from({ length: RUN_COMMITS_MAX + 1 }, (_, i) => `k${i}`);
    big.committed(move('g0', 'g1'), keys, keys, [], 'g0');
    expect(big.recordsAt('g1', held('g0', {}), ['k0'])).toBeNull();
    expect(big.speaksFor('g0')).toBe(false);
  });
});
