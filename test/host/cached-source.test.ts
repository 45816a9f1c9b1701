// The cached source both hosts run: status pushes at most every 250 ms while a sync runs (each one is a message to
// every platform tab in the extension), a forced push always; one sync at a time; the source rebuilt after a sync
// that changed data and left alone after one that did not.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheDb } from '../../core/cache/db';
import { CachedSource, STATUS_PUSH_INTERVAL_MS, syncChangedData } from '../../core/host/cached-source';
import type { SyncStatus } from '../../core/source/data-source';
import { createApiClient } from '../../core/sync/client';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { fixtureSnapshot } from '../components/fixture';

let server: RunningDemoServer;
beforeAll(async () => {
  server = await startDemoServer({ snapshot: fixtureSnapshot() });
});
afterAll(() => server?.close());

const client = () => createApiClient({ baseUrl: server.url, apiKey: Object.keys(server.apiKeys)[0] });
const cachedSource = (onStatus: (s: SyncStatus) => void) =>
  new CachedSource(new CacheDb(`cached-source-${Math.random()}`), { onRefresh: async () => false, onStatus });

describe('the cached source', () => {
  it('pushes status at most every 250 ms unless forced', async () => {
    const pushed: SyncStatus[] = [];
    const cached = cachedSource((s) => pushed.push(s));
    await cached.pushStatus(true);
    for (let i = 0; i < 5; i++) await cached.pushStatus(false);
    expect(pushed).toHaveLength(1);
    await cached.pushStatus(true);
    expect(pushed).toHaveLength(2);
    await new Promise((r) => setTimeout(r, STATUS_PUSH_INTERVAL_MS + 20));
    await cached.pushStatus(false);
    expect(pushed).toHaveLength(3);
    expect(pushed[0]).toMatchObject({ state: 'empty', dataVersion: 0 });
  });

  it('runs one sync at a time and rebuilds the source only when the sync changed data', async () => {
    const cached = cachedSource(() => undefined);
    const source = await cached.source(async () => ({ signedInUserId: 'u-admin' }));
    const seen: SyncStatus[] = [];
    source.subscribe((s) => seen.push(s));
    const first = cached.sync({ client: client() });
    expect(cached.sync({ client: client() })).toBe(first);
    await first;
    expect(cached.syncing).toBe(false);
    const filled = (await source.syncStatus({})).dataVersion;
    expect(filled).toBeGreaterThan(0);
    expect((await source.signedInUser({})).user?.id).toBe('u-admin');
    expect(seen[0]).toMatchObject({ state: 'syncing', progress: { done: 0, total: null } });
    expect(seen.at(-1)).toMatchObject({ state: 'idle', progress: null });
    // Caught up: the next run changes nothing, and the compiled data stays.
    await cached.sync({ client: client() });
    expect((await source.syncStatus({})).dataVersion).toBe(filled);
  });

  it('counts a sync as a data change when a page committed records or the report counts puts, deletes, quarantines or restarts', () => {
    const report = (c: Partial<{ puts: number; deletes: number; quarantined: number; restarts: number }>) => ({
      ok: true,
      collections: [
        {
          collection: 'users' as const,
          pages: 1,
          puts: 0,
          deletes: 0,
          quarantined: 0,
          recovered: 0,
          stillQuarantined: 0,
          stale: 0,
          restarts: 0,
          notModified: false,
          ...c,
        },
      ],
    });
    expect(syncChangedData(report({}), false)).toBe(false);
    expect(syncChangedData(report({}), true)).toBe(true);
    for (const field of ['puts', 'deletes', 'quarantined', 'restarts'] as const)
      expect(syncChangedData(report({ [field]: 1 }), false)).toBe(true);
  });
});
