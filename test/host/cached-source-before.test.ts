// Issue 13: once a panel's source is built, a sync's history `before` comes from the source's fleet (no segment of
// the cache decoded for it), equal to what the cache held; a fleet behind the cache (another writer committed
// since) is never asked.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheDb } from '../../core/cache/db';
import { historyEntries } from '../../core/cache/history';
import { loadSnapshot } from '../../core/cache/read';
import { cachedRecords } from '../../core/cache/segments';
import { CachedSource } from '../../core/host/cached-source';
import type { Asset, Membership, ProjectRole } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { fixtureSnapshot } from '../components/fixture';

vi.mock('../../core/cache/segments', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../core/cache/segments')>();
  return { ...real, cachedRecords: vi.fn(real.cachedRecords) };
});
const decodes = vi.mocked(cachedRecords);

let server: RunningDemoServer | null = null;
afterEach(() => {
  server?.close();
  server = null;
  decodes.mockClear();
});

async function setUp() {
  server = await startDemoServer({ snapshot: fixtureSnapshot() });
  const client = createApiClient({ baseUrl: server.url, apiKey: Object.keys(server.apiKeys)[0] });
  const name = `cached-source-before-${Math.random()}`;
  const cached = new CachedSource(new CacheDb(name), { onRefresh: async () => false, imageStoreDelayMs: 0, imageStoreQuietMs: 0 });
  const source = await cached.source(async () => ({ signedInUserId: 'u-admin' }));
  await cached.sync({ client });
  await cached.whenImageStored();
  return { server, client, cached, source, name };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the history’s before-records of a host’s sync', () => {
  it('come from the built source’s fleet, equal to what the cache held, with no segment decoded for them', async () => {
    const { server, client, cached, source } = await setUp();
    expect(source.currentFleet()).not.toBeNull();
    const held = await loadSnapshot(cached.db);
    await tick();
    const store = server.state.store;
    const asset = store.get('assets', 'a-pump') as Asset;
    store.put('assets', { ...asset, name: 'Pump P-8', tags: [...asset.tags, 'valves'] }, 'u-admin');
    const role = store.get('projectRoles', 'pr-pumps') as ProjectRole;
    store.put('projectRoles', { ...role, expertMode: !role.expertMode }, 'u-admin');
    const membership = held.memberships[0];
    const otherRole = held.projectRoles.find((r) => r.id !== membership.projectRoleId)!.id;
    store.put('memberships', { ...membership, projectRoleId: otherRole } satisfies Membership, 'u-admin');
    store.remove('tickets', 't-valve', 'u-admin');
    decodes.mockClear();
    await cached.sync({ client });

    expect(decodes).not.toHaveBeenCalled();
    const entries = await historyEntries(cached.db);
    const before = (c: string, key: string) => entries.find((e) => e.collection === c && e.key === key)?.before;
    expect(before('assets', 'a-pump')).toEqual(held.assets.find((a) => a.id === 'a-pump'));
    expect(before('projectRoles', 'pr-pumps')).toEqual(held.projectRoles.find((r) => r.id === 'pr-pumps'));
    expect(before('memberships', `${membership.userId}|${membership.projectId}`)).toEqual(membership);
    expect(before('tickets', 't-valve')).toEqual(held.tickets.find((t) => t.id === 't-valve'));
    expect(entries).toHaveLength(4);
  });

  it('are read from the cache when another writer committed since the fleet was built (its generation is behind)', async () => {
    const { server, client, cached, name } = await setUp();
    const store = server.state.store;
    const rename = async (to: string) => {
      await tick();
      store.put('assets', { ...(store.get('assets', 'a-pump') as Asset), name: to }, 'u-admin');
    };
    // another context on the same cache (the widget in a second tab) syncs a change the first source never sees
    await rename('Pump v2');
    const other = new CachedSource(new CacheDb(name), { onRefresh: async () => false, imageStoreDelayMs: 0, imageStoreQuietMs: 0 });
    await other.sync({ client });
    await rename('Pump v3');
    decodes.mockClear();
    await cached.sync({ client });

    expect(decodes).toHaveBeenCalled();
    const entries = (await historyEntries(cached.db)).filter((e) => e.key === 'a-pump');
    expect(entries.map((e) => [(e.before as Asset).name, (e.after as Asset).name])).toEqual([
      ['Pump P-7', 'Pump v2'],
      ['Pump v2', 'Pump v3'],
    ]);
  });
});
