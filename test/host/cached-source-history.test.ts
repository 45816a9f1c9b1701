// Issue 18 in the cached source both hosts run: the cache's history reaches the panel's source with the snapshot,
// the sync keeps it to the host's retention, and a change of the history alone (compaction) is a data change.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDb } from '../../core/cache/db';
import { CachedSource, syncChangedData } from '../../core/host/cached-source';
import type { ProjectRole } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { fixtureSnapshot } from '../components/fixture';

const DAY_MS = 86_400_000;
let server: RunningDemoServer | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

async function setUp() {
  server = await startDemoServer({ snapshot: fixtureSnapshot() });
  // The platform's clock three days back: every change it records is three days old to the client.
  server.state.store.clockOffsetMs = -3 * DAY_MS;
  const client = createApiClient({ baseUrl: server.url, apiKey: Object.keys(server.apiKeys)[0] });
  const cached = new CachedSource(new CacheDb(`cached-source-history-${Math.random()}`), { onRefresh: async () => false });
  const source = await cached.source(async () => ({ signedInUserId: 'u-admin', retention: { days: 30, megabytes: 64 } }));
  return { server, client, cached, source };
}

describe('the cached source and the history', () => {
  it('loads the cache’s history with the snapshot: a role change synced is named by the timeline and answered as of before it', async () => {
    const { server, client, cached, source } = await setUp();
    await cached.sync({ client });
    const start = (await source.historyStatus()).history!;
    expect(start).toMatchObject({ count: 0, retention: { days: 30, megabytes: 64 } });
    await new Promise((r) => setTimeout(r, 5));
    const role = server.state.store.get('projectRoles', 'pr-pumps') as ProjectRole;
    server.state.store.put('projectRoles', { ...role, tags: [...role.tags, { tag: 'valves', read: true, write: false }] }, 'u-admin');
    await cached.sync({ client });

    expect((await source.historyStatus()).history).toMatchObject({ since: start.since, count: 1 });
    const [event] = (await source.timeline({ userId: 'u-tech' })).timeline!.events;
    expect(event.causes[0]).toMatchObject({ collection: 'projectRoles', key: 'pr-pumps', author: 'u-admin' });
    expect(event.gained.assetIds).toEqual(['a-valve']);
    const then = await source.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: start.since });
    expect(then.explanation!.effect).toBe('hidden');
    expect(then.asOf!.at).toBe(start.since);
    expect((await source.explainAsset({ userId: 'u-tech', assetId: 'a-valve' })).explanation!.effect).toBe('read');
  });

  it('syncs with the host’s retention, and a compaction alone reaches the source as new data', async () => {
    const { server, client, cached, source } = await setUp();
    await cached.sync({ client });
    const since = (await source.historyStatus()).history!.since;
    await new Promise((r) => setTimeout(r, 5));
    const role = server.state.store.get('projectRoles', 'pr-pumps') as ProjectRole;
    server.state.store.put('projectRoles', { ...role, expertMode: false }, 'u-admin');
    await cached.sync({ client, history: { days: 30, megabytes: 64 } });
    expect((await source.historyStatus()).history!.count).toBe(1);
    const version = (await source.syncStatus()).dataVersion;

    // One day of history: the three-day-old change goes, and nothing else changed.
    await cached.sync({ client, history: { days: 1, megabytes: 64 } });
    expect((await source.syncStatus()).dataVersion).toBeGreaterThan(version);
    const after = (await source.historyStatus()).history!;
    expect(after).toMatchObject({ count: 0, retention: { days: 1, megabytes: 64 } });
    expect(Date.parse(after.since)).toBeGreaterThan(Date.parse(since));
    await expect(source.who({ userId: 'u-tech', asOf: since })).rejects.toThrow(`the history starts at ${after.since}`);
  });

  it('counts a compaction or a fill of the past as a data change', () => {
    const base = { ok: true, collections: [] };
    expect(syncChangedData({ ...base, history: { compacted: 0 } }, false)).toBe(false);
    expect(syncChangedData({ ...base, history: { compacted: 3 } }, false)).toBe(true);
    expect(
      syncChangedData(
        { ...base, history: { compacted: 0, fill: { kind: 'filled', since: '2026-11-01T00:00:00Z', entries: 4, gaps: 0 } } },
        false,
      ),
    ).toBe(true);
    expect(syncChangedData({ ...base, history: { compacted: 0, fill: { kind: 'unavailable' } } }, false)).toBe(false);
  });
});
