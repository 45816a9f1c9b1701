// Issue 18, property: whatever random edits the platform makes between syncs, the cache's history undone back to
// the time of any earlier sync gives exactly what the cache held after that sync — so every `before` is the record
// the cache really held, and nothing is missed or recorded twice. And undone to its start, the dataset it began with.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { recordKey } from '../../core/api/contract';
import type { CacheDb } from '../../core/cache/db';
import { historyEntries, historySince } from '../../core/cache/history';
import { loadSnapshot } from '../../core/cache/read';
import { generateFleet } from '../../core/generate/fleet';
import type { HistoryEntry } from '../../core/model/history';
import { COLLECTION_NAMES, type CollectionName, type Snapshot } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { syncAll } from '../../core/sync/sync';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { freshDb, instantRetry } from './helpers';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

type State = Record<CollectionName, Map<string, unknown>>;

function stateOf(snapshot: Snapshot): State {
  return Object.fromEntries(
    COLLECTION_NAMES.map((c) => [c, new Map((snapshot[c] ?? []).map((r) => [recordKey(c, r as { id?: string }), r as unknown]))]),
  ) as State;
}

/** The state with every entry later than `time` undone, newest first. */
function asOf(current: Snapshot, entries: readonly HistoryEntry[], time: number): State {
  const state = stateOf(current);
  for (let i = entries.length - 1; i >= 0 && Date.parse(entries[i].at) > time; i--) {
    const e = entries[i];
    if (e.before === null) state[e.collection].delete(e.key);
    else state[e.collection].set(e.key, e.before);
  }
  return state;
}

describe('history replay', () => {
  it('undoing the history to any earlier sync gives what the cache held then', async () => {
    const fleet = generateFleet({ seed: 3, assets: 40 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ edits: fc.integer({ min: 1, max: 25 }), seed: fc.integer() }), { minLength: 1, maxLength: 4 }),
        // Small pages too: a collection's next pages are asked for (and their history's before-records read) while
        // the pages before them commit.
        fc.constantFrom(undefined, 3, 7),
        async (steps, limit) => {
          const server: RunningDemoServer = await startDemoServer({ snapshot: fleet });
          open.push(server);
          const { db } = freshDb();
          open.push(db);
          const cache: CacheDb = db;
          const client = createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support' });
          const run = () => syncAll(cache, client, { retry: instantRetry().policy, ...(limit ? { limit } : {}) });
          const store = server.state.store;
          expect((await run()).ok).toBe(true);
          const points: Array<{ time: number; state: State }> = [
            { time: Date.parse((await historySince(cache))!), state: stateOf(await loadSnapshot(cache)) },
          ];
          for (const step of steps) {
            // Each batch a second later on the server's clock: no change shares a time with the sync before it.
            store.clockOffsetMs += 1000;
            store.mutateRandom(step.edits, step.seed);
            expect((await run()).ok).toBe(true);
            points.push({ time: store.now(), state: stateOf(await loadSnapshot(cache)) });
          }
          const current = await loadSnapshot(cache);
          const entries = await historyEntries(cache);
          for (const point of points) expect(asOf(current, entries, point.time)).toEqual(point.state);
          expect(points[0].state).toEqual(stateOf(fleet));
          await server.close();
          db.close();
          open.splice(0);
        },
      ),
      { numRuns: 8 },
    );
  });
});
