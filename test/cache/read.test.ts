// The cache's schema and its reads: the snapshot as the engine sees it, and the indexed look-ups of the panel.
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDb } from '../../core/cache/db';
import { assetsOfProject, assetsWithTag, countRecords, loadSnapshot, membershipsOfUser, quarantinedRecords, searchUsers, ticketsOfAsset } from '../../core/cache/read';
import { DEFAULT_SYSTEM_ROLES } from '../../core/model/catalog';
import type { Asset, Membership, User } from '../../core/model/snapshot';
import { resetCache, resetCollection } from '../../core/sync/sync';
import { freshDb } from '../sync/helpers';

const user = (id: string, name: string, email: string): User => ({
  id, name, email, organizationId: 'org-1', systemRoleId: null, status: 'active', invitedBy: null,
});
const asset = (id: string, projectId: string, tags: string[] = []): Asset => ({ id, name: `Asset ${id}`, projectId, siteId: 's1', tags });
const membership = (userId: string, projectId: string): Membership => ({ userId, projectId, projectRoleId: 'pr-1' });

const open: CacheDb[] = [];
function db() {
  const made = freshDb();
  open.push(made.db);
  return made;
}
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

async function fill(cache: CacheDb) {
  await cache.users.bulkPut([
    user('u1', 'Anna Berg', 'anna@example.com'),
    user('u2', 'Bert Anders', 'b.anders@example.com'),
    user('u3', 'Carla Diaz', 'andrea.c@example.com'),
  ]);
  await cache.assets.bulkPut([asset('a1', 'p1', ['north', 'pump']), asset('a2', 'p1', ['north']), asset('a3', 'p2', ['pump'])]);
  await cache.memberships.bulkPut([membership('u1', 'p1'), membership('u1', 'p2'), membership('u2', 'p1')], ['u1|p1', 'u1|p2', 'u2|p1']);
  await cache.tickets.bulkPut([{ id: 't1', title: 'Leak', projectId: 'p1', assetId: 'a1', assigneeId: null }]);
}

describe('cache', () => {
  it('loads the whole cache as a snapshot, without systemRoles when the platform sent none', async () => {
    const { db: cache } = db();
    await fill(cache);
    const snapshot = await loadSnapshot(cache);
    expect(snapshot.version).toBe(1);
    expect(snapshot.users.map((u) => u.id)).toEqual(['u1', 'u2', 'u3']);
    expect(snapshot.memberships).toHaveLength(3);
    expect(snapshot.organizations).toEqual([]);
    expect('systemRoles' in snapshot).toBe(false);

    await cache.systemRoles.bulkPut(DEFAULT_SYSTEM_ROLES.map((r) => ({ ...r, orgTypes: [...r.orgTypes], permissions: [...r.permissions] })));
    expect((await loadSnapshot(cache)).systemRoles).toHaveLength(DEFAULT_SYSTEM_ROLES.length);
  });

  it('finds users by the start of their name or e-mail, ignoring case, names first, each once', async () => {
    const { db: cache } = db();
    await fill(cache);
    expect((await searchUsers(cache, 'an')).map((u) => u.id)).toEqual(['u1', 'u3']);
    expect((await searchUsers(cache, 'B')).map((u) => u.id)).toEqual(['u2']);
    expect((await searchUsers(cache, 'ANNA')).map((u) => u.id)).toEqual(['u1']);
    expect(await searchUsers(cache, '  ')).toEqual([]);
    expect(await searchUsers(cache, 'an', 1)).toHaveLength(1);
  });

  it('answers the panel\'s indexed look-ups', async () => {
    const { db: cache } = db();
    await fill(cache);
    expect((await assetsOfProject(cache, 'p1')).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect((await assetsWithTag(cache, 'pump')).map((a) => a.id)).toEqual(['a1', 'a3']);
    expect((await membershipsOfUser(cache, 'u1')).map((m) => m.projectId)).toEqual(['p1', 'p2']);
    expect((await ticketsOfAsset(cache, 'a1')).map((t) => t.id)).toEqual(['t1']);
    expect(await countRecords(cache)).toMatchObject({ users: 3, assets: 3, memberships: 3, tickets: 1, sites: 0, quarantined: 0 });
  });

  it('lists quarantined records newest first, per collection when asked', async () => {
    const { db: cache } = db();
    const row = (collection: 'users' | 'assets', key: string, receivedAt: string) => ({
      collection, key, raw: '{}', rawTruncated: false, problems: [], receivedAt,
    });
    await cache.quarantine.bulkPut([row('users', 'u9', '2026-01-01T00:00:00.000Z'), row('assets', 'a9', '2026-01-02T00:00:00.000Z')]);
    expect((await quarantinedRecords(cache)).map((r) => r.key)).toEqual(['a9', 'u9']);
    expect((await quarantinedRecords(cache, 'users')).map((r) => r.key)).toEqual(['u9']);
  });

  it('keeps its data under its own name across connections, apart from other databases', async () => {
    const { db: first, reopen } = db();
    await fill(first);
    first.close();
    const again = reopen();
    open.push(again);
    expect(await again.assets.count()).toBe(3);
    const { db: other } = db();
    expect(await other.assets.count()).toBe(0);
    expect(again.verno).toBe(1);
  });

  it('resetting a collection empties it, its quarantine and its cursor; resetting the cache empties everything', async () => {
    const { db: cache } = db();
    await fill(cache);
    await cache.syncState.put({ collection: 'assets', cursor: 'c9', caughtUp: true, dataAsOf: null, lastPageServerTime: null, lastSyncedAt: null, counts: { records: 3, quarantined: 1 }, lastError: null, etag: null });
    await cache.quarantine.put({ collection: 'assets', key: 'a9', raw: '{}', rawTruncated: false, problems: [], receivedAt: '2026-01-01T00:00:00.000Z' });
    await resetCollection(cache, 'assets');
    expect(await cache.assets.count()).toBe(0);
    expect(await cache.quarantine.count()).toBe(0);
    expect((await cache.syncState.get('assets'))!.cursor).toBeNull();
    expect(await cache.users.count()).toBe(3);
    await resetCache(cache);
    expect(Object.values(await countRecords(cache)).every((n) => n === 0)).toBe(true);
    expect(await cache.syncState.count()).toBe(0);
  });
});
