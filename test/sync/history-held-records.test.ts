// Issue 13: the history's `before` taken from records the caller holds (SyncOptions.heldRecords, a compiled fleet)
// is exactly what decoding the cache's segments gives, and a holder of another generation is never used.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheDb } from '../../core/cache/db';
import { historyEntries } from '../../core/cache/history';
import type { FleetStamp } from '../../core/cache/fleet-image-store';
import { compileFleet, type Fleet } from '../../core/engine';
import { fleetRecords } from '../../core/engine/fleet-records';
import { generateFleet } from '../../core/generate/fleet';
import type { CollectionName } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { syncAll, type SyncOptions } from '../../core/sync/sync';
import { startDemoServer } from '../../demo/server';
import { freshDb, instantRetry, loadStampedSnapshot } from './helpers';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** A holder of the cache's fleet as of its last reload: counts the keys it answered and was asked for. */
function holder(db: CacheDb, opts: { ignoreGeneration?: boolean } = {}) {
  let fleet: Fleet | null = null;
  let stamp: FleetStamp | null = null;
  const counts = { answered: 0, refused: 0 };
  return {
    counts,
    async reload() {
      const read = await loadStampedSnapshot(db);
      fleet = compileFleet(read.snapshot);
      stamp = read.stamp;
    },
    hook: ((collection: CollectionName, generation: string, keys: readonly string[]) => {
      if (!fleet || !stamp || (!opts.ignoreGeneration && stamp[collection] !== generation)) {
        counts.refused++;
        return null;
      }
      const got = fleetRecords(fleet, collection, keys);
      if (got) counts.answered++;
      return got;
    }) satisfies NonNullable<SyncOptions['heldRecords']>,
  };
}

/** Two caches synced side by side from one platform: one reads `before` from a holder, the other from its segments. */
async function sideBySide(
  steps: ReadonlyArray<{ edits: number; seed: number }>,
  limit: number | undefined,
  { ignoreGeneration = false, lagging = false } = {},
) {
  const server = await startDemoServer({ snapshot: generateFleet({ seed: 7, assets: 60 }) });
  open.push(server);
  const plain = freshDb().db;
  const held = freshDb().db;
  open.push(plain, held);
  const h = holder(held, { ignoreGeneration });
  const client = createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support' });
  const base = { retry: instantRetry().policy, history: { fill: false }, ...(limit ? { limit } : {}) };
  expect((await syncAll(plain, client, base)).ok).toBe(true);
  expect((await syncAll(held, client, base)).ok).toBe(true);
  const store = server.state.store;
  for (const [i, step] of steps.entries()) {
    store.clockOffsetMs += 1000;
    store.mutateRandom(step.edits, step.seed);
    // the holder holds the fleet as of the run's start, as the host's built source does until the run ends; a
    // lagging one keeps the fleet of the first run's start
    if (i === 0 || !lagging) await h.reload();
    expect((await syncAll(plain, client, base)).ok).toBe(true);
    expect((await syncAll(held, client, { ...base, heldRecords: h.hook })).ok).toBe(true);
  }
  const rows = async (db: CacheDb) =>
    (await historyEntries(db)).map(({ collection, key, before, after, at }) => ({ collection, key, before, after, at }));
  return { plain: await rows(plain), held: await rows(held), counts: h.counts };
}

describe('history before-records from records the caller holds', () => {
  it('records exactly the history the cache’s segments give, whatever the edits and page sizes', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ edits: fc.integer({ min: 1, max: 30 }), seed: fc.integer() }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(undefined, 3, 7),
        async (steps, limit) => {
          const { plain, held, counts } = await sideBySide(steps, limit);
          expect(held).toEqual(plain);
          expect(plain.length).toBeGreaterThan(0);
          answered += counts.answered;
          for (const o of open.splice(0)) await o.close();
        },
      ),
      { numRuns: 6 },
    );
    expect(answered).toBeGreaterThan(0);
  });

  it('asks the holder for the generation stored now: one that answers from an older fleet would record wrong befores', async () => {
    // The holder keeps the fleet of the first run's start: the second run's collections are at later generations.
    const steps = [
      { edits: 40, seed: 11 },
      { edits: 40, seed: 12 },
    ];
    const honest = await sideBySide(steps, 3, { lagging: true });
    expect(honest.held).toEqual(honest.plain);
    expect(honest.counts.refused).toBeGreaterThan(0);
    // the same holder ignoring the generation it is asked for: its answers are stale, so the history differs
    const stale = await sideBySide(steps, 3, { lagging: true, ignoreGeneration: true });
    expect(stale.held).not.toEqual(stale.plain);
  });
});
