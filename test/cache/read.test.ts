// The cache's schema and its reads: collections stored as segments and replayed into the snapshot the engine sees,
// counts kept without reading records, compaction, and the upgrade of a version-1 database (one row per record).
import { Dexie } from 'dexie';
import { IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDb, SCHEMA_V1, SEGMENT_MAX_RECORDS, decodePuts, emptySyncState } from '../../core/cache/db';
import { countRecords, loadCollection, loadSnapshot, loadStampedFleetParts, quarantinedRecords } from '../../core/cache/read';
import { compileFleetFromColumns } from '../../core/engine/compile-columns';
import { columnStrings } from '../../core/engine/string-column';
import { appendSegment, compactCollection, compactionDue, MAX_EXTRA_SEGMENTS } from '../../core/cache/segments';
import { DEFAULT_SYSTEM_ROLES } from '../../core/model/catalog';
import type { Asset, Membership, Snapshot, Ticket, User } from '../../core/model/snapshot';
import { resetCache, resetCollection } from '../../core/sync/sync';
import { addQuarantine, allQuarantined, freshDb, loadStampedSnapshot, recordCount, writeChanges } from '../sync/helpers';

const user = (id: string, name: string, email: string): User => ({
  id,
  name,
  email,
  organizationId: 'org-1',
  systemRoleId: null,
  status: 'active',
  invitedBy: null,
});
const asset = (id: string, projectId: string, tags: string[] = []): Asset => ({ id, name: `Asset ${id}`, projectId, siteId: 's1', tags });
const membership = (userId: string, projectId: string): Membership => ({ userId, projectId, projectRoleId: 'pr-1' });
const ticket: Ticket = { id: 't1', title: 'Leak', projectId: 'p1', assetId: 'a1', assigneeId: null };

const open: Dexie[] = [];
function db() {
  const made = freshDb();
  open.push(made.db);
  return made;
}
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

async function fill(cache: CacheDb) {
  await writeChanges(cache, 'users', [
    user('u1', 'Anna Berg', 'anna@example.com'),
    user('u2', 'Bert Anders', 'b.anders@example.com'),
    user('u3', 'Carla Diaz', 'andrea.c@example.com'),
  ]);
  await writeChanges(cache, 'assets', [asset('a1', 'p1', ['north', 'pump']), asset('a2', 'p1', ['north']), asset('a3', 'p2', ['pump'])]);
  await writeChanges(cache, 'memberships', [membership('u1', 'p1'), membership('u1', 'p2'), membership('u2', 'p1')]);
  await writeChanges(cache, 'tickets', [ticket]);
}

/** countRecords (the stored figures) agrees with the records the segments replay to, for every collection. */
async function expectCountsTrue(cache: CacheDb) {
  const counts = await countRecords(cache);
  for (const c of [
    'organizations',
    'sites',
    'systemRoles',
    'users',
    'projects',
    'projectRoles',
    'memberships',
    'assets',
    'tickets',
  ] as const) {
    expect(counts[c], c).toBe(await recordCount(cache, c));
  }
}

describe('cache', () => {
  it('loads the whole cache as a snapshot, without systemRoles when the platform sent none', async () => {
    const { db: cache } = db();
    await fill(cache);
    const snapshot = await loadSnapshot(cache);
    expect(snapshot.version).toBe(1);
    expect(snapshot.users.map((u) => u.id)).toEqual(['u1', 'u2', 'u3']);
    expect(snapshot.memberships).toEqual([membership('u1', 'p1'), membership('u1', 'p2'), membership('u2', 'p1')]);
    expect(snapshot.tickets).toEqual([ticket]);
    expect(snapshot.organizations).toEqual([]);
    expect('systemRoles' in snapshot).toBe(false);

    await writeChanges(
      cache,
      'systemRoles',
      DEFAULT_SYSTEM_ROLES.map((r) => ({ ...r, orgTypes: [...r.orgTypes], permissions: [...r.permissions] })),
    );
    expect((await loadSnapshot(cache)).systemRoles).toHaveLength(DEFAULT_SYSTEM_ROLES.length);
  });

  it('replays segments in order: a later put wins, a delete removes, a segment applied twice changes nothing', async () => {
    const { db: cache } = db();
    await writeChanges(cache, 'assets', [asset('a1', 'p1'), asset('a2', 'p1'), asset('a3', 'p2')]);
    await writeChanges(cache, 'assets', [{ ...asset('a1', 'p1'), name: 'renamed' }], ['a2']);
    await writeChanges(cache, 'assets', [{ ...asset('a1', 'p1'), name: 'renamed' }], ['a2']); // a replayed page
    await writeChanges(cache, 'memberships', [membership('u1', 'p1'), membership('u2', 'p1')]);
    await writeChanges(cache, 'memberships', [], ['u1|p1']);
    const assets = await loadCollection(cache, 'assets');
    expect([...assets.keys()]).toEqual(['a1', 'a3']);
    expect((assets.get('a1') as Asset).name).toBe('renamed');
    expect([...(await loadCollection(cache, 'memberships')).keys()]).toEqual(['u2|p1']);
    expect(await countRecords(cache)).toMatchObject({ assets: 2, memberships: 1, users: 0, quarantined: 0 });
  });

  it('reads the assets for a first compile as columns, with the other collections and the stamp as loadStampedSnapshot reads them', async () => {
    const { db: cache } = db();
    await fill(cache);
    await writeChanges(cache, 'assets', [asset('a4', 'p2', ['pump']), { ...asset('a1', 'p1', ['north']), name: 'renamed' }], ['a2']);
    const parts = await loadStampedFleetParts(cache);
    const { snapshot, stamp } = await loadStampedSnapshot(cache);
    expect(parts.stamp).toEqual(stamp);
    const { assets, ...rest } = snapshot;
    expect(parts.snapshot).toEqual(rest);
    const bytes = 'bytes' in parts.assets! ? parts.assets.bytes : null;
    expect(columnStrings(bytes!.ids)).toEqual(assets.map((a) => a.id));
    expect(columnStrings(bytes!.names)).toEqual(assets.map((a) => a.name));
    expect(compileFleetFromColumns(parts.snapshot, parts.assets!).snapshot.assets).toEqual(assets);
  });

  it('reads the assets as records when a stored segment does not hold asset records (no columns, nothing guessed)', async () => {
    const { db: cache } = db();
    await fill(cache);
    // written by something else than the sync: a record without tags, which the columns cannot hold
    const odd = { id: 'a9', name: 'Odd', projectId: 'p1', siteId: 's1' };
    await cache.assets.add({ id: 99, puts: JSON.stringify([odd]), deletes: [] }, 99);
    const parts = await loadStampedFleetParts(cache);
    expect(parts.assets).toBeNull();
    expect((parts.snapshot as Snapshot).assets).toEqual([...(await loadCollection(cache, 'assets')).values()]);
    expect((parts.snapshot as Snapshot).assets.at(-1)).toEqual(odd);
  });

  it('keeps exact counts without reading records, whatever puts overwrite and deletes miss', async () => {
    const { db: cache } = db();
    await fill(cache);
    await writeChanges(
      cache,
      'users',
      [user('u1', 'Anna B.', 'anna@example.com'), user('u4', 'Dan', 'dan@example.com')],
      ['u2', 'u-never-seen'],
    );
    await writeChanges(cache, 'users', [], ['u-never-seen']); // nothing to do: no segment
    expect((await countRecords(cache)).users).toBe(3);
    expect(await cache.users.count()).toBe(2); // segments, not records
    expect((await cache.syncState.get('users'))!.stored).toMatchObject({ records: 3, segments: 2 });
    await expectCountsTrue(cache);
  });

  it('counts stay exact when another connection wrote in between or a write was rolled back', async () => {
    const { db: first, reopen } = db();
    const second = reopen();
    open.push(second);
    await writeChanges(first, 'assets', [asset('a1', 'p1'), asset('a2', 'p1')]);
    await writeChanges(second, 'assets', [asset('a3', 'p1')], ['a1']);
    await writeChanges(first, 'assets', [asset('a1', 'p1')]); // first's keys in memory are stale: must notice
    expect((await countRecords(first)).assets).toBe(3);

    // A transaction that appends a segment and then dies leaves nothing, and the next write still counts right.
    const table = first.tableOf('assets');
    await expect(
      first.transaction('rw', [table, first.syncState], async () => {
        const state = (await first.syncState.get('assets'))!;
        await appendSegment(first, 'assets', state, [asset('a9', 'p1')], ['a9'], ['a1', 'a2', 'a3']);
        throw new Error('worker stopped');
      }),
    ).rejects.toThrow('worker stopped');
    await writeChanges(first, 'assets', [asset('a4', 'p1')]);
    expect((await countRecords(first)).assets).toBe(4);
    await expectCountsTrue(first);
    await expectCountsTrue(second);
  });

  it('compaction rewrites a collection as full segments holding exactly the same records', async () => {
    const { db: cache } = db();
    const n = 2 * SEGMENT_MAX_RECORDS + 123;
    const all = Array.from({ length: n }, (_, i) => asset(`a${i}`, `p${i % 7}`));
    for (let i = 0; i < n; i += 500) await writeChanges(cache, 'assets', all.slice(i, i + 500));
    await writeChanges(cache, 'assets', [{ ...all[5], name: 'edited' }], ['a6', 'a7']);
    const before = await loadCollection(cache, 'assets');
    const stats = await compactCollection(cache, 'assets');
    expect(stats).toMatchObject({ records: n - 2, segments: 3 });
    const rows = await cache.assets.toArray();
    expect(rows.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(rows.map((s) => decodePuts(s).length)).toEqual([SEGMENT_MAX_RECORDS, SEGMENT_MAX_RECORDS, n - 2 - 2 * SEGMENT_MAX_RECORDS]);
    expect(rows.every((s) => s.deletes.length === 0)).toBe(true);
    expect(await loadCollection(cache, 'assets')).toEqual(before);
    expect((await countRecords(cache)).assets).toBe(n - 2);
    // Writes after a compaction go on from it.
    await writeChanges(cache, 'assets', [asset('a-new', 'p1')], ['a0']);
    expect((await cache.syncState.get('assets'))!.stored).toMatchObject({ records: n - 2, segments: 4 });
    await expectCountsTrue(cache);
  });

  it('compacts when segments pile up, or when a first fill caught up with more than it needs', () => {
    const stats = (records: number, segments: number) => ({ records, segments, generation: 'g' });
    // 100,000 records fit in this many full segments (a full sync page's, or a compaction's).
    const fewest = 100_000 / SEGMENT_MAX_RECORDS;
    expect(compactionDue(stats(100_000, fewest), true)).toBe(false); // already the fewest
    expect(compactionDue(stats(100_000, fewest + 1), true)).toBe(true);
    expect(compactionDue(stats(100_000, fewest + 1), false)).toBe(false); // one incremental segment: leave it
    expect(compactionDue(stats(100_000, fewest + MAX_EXTRA_SEGMENTS), false)).toBe(false);
    expect(compactionDue(stats(100_000, fewest + 1 + MAX_EXTRA_SEGMENTS), false)).toBe(true);
    expect(compactionDue(stats(0, 3), true)).toBe(true); // everything deleted
  });

  it('lists quarantined records newest first, per collection when asked', async () => {
    const { db: cache } = db();
    const row = (collection: 'users' | 'assets', key: string, receivedAt: string) => ({
      collection,
      key,
      raw: '{}',
      rawTruncated: false,
      problems: [],
      receivedAt,
    });
    await addQuarantine(cache, [row('users', 'u9', '2026-01-01T00:00:00.000Z'), row('assets', 'a9', '2026-01-02T00:00:00.000Z')]);
    expect((await quarantinedRecords(cache)).map((r) => r.key)).toEqual(['a9', 'u9']);
    expect((await quarantinedRecords(cache, 'users')).map((r) => r.key)).toEqual(['u9']);
    expect((await countRecords(cache)).quarantined).toBe(2);
  });

  it('keeps its data under its own name across connections, apart from other databases', async () => {
    const { db: first, reopen } = db();
    await fill(first);
    first.close();
    const again = reopen();
    open.push(again);
    expect(await recordCount(again, 'assets')).toBe(3);
    expect((await countRecords(again)).assets).toBe(3);
    const { db: other } = db();
    expect(await recordCount(other, 'assets')).toBe(0);
    expect(again.verno).toBe(5);
  });

  it('resetting a collection empties it, its quarantine and its cursor; resetting the cache empties everything', async () => {
    const { db: cache } = db();
    await fill(cache);
    const state = (await cache.syncState.get('assets'))!;
    await cache.syncState.put({ ...state, cursor: 'c9', caughtUp: true, counts: { records: 3, quarantined: 1 } });
    await addQuarantine(cache, [
      { collection: 'assets', key: 'a9', raw: '{}', rawTruncated: false, problems: [], receivedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    await resetCollection(cache, 'assets');
    expect(await recordCount(cache, 'assets')).toBe(0);
    expect(await cache.assets.count()).toBe(0);
    expect(await allQuarantined(cache)).toEqual([]);
    expect((await cache.syncState.get('assets'))!.cursor).toBeNull();
    expect(await recordCount(cache, 'users')).toBe(3);
    await expectCountsTrue(cache);
    // Writes after a reset count from nothing (the connection's keys in memory are stale).
    await writeChanges(cache, 'assets', [asset('a1', 'p1')]);
    expect((await countRecords(cache)).assets).toBe(1);
    await resetCache(cache);
    expect(Object.values(await countRecords(cache)).every((n) => n === 0)).toBe(true);
    expect(await cache.syncState.count()).toBe(0);
  });
});

describe('schema upgrade from version 1 (one row per record)', () => {
  it("turns every table's rows into segments, keeps syncState, and loads the same snapshot", async () => {
    const { factory, reopen } = freshDb('v1-upgrade');
    // A version-1 database as installed extensions have it: the v1 schema, records one per row.
    const v1 = new Dexie('v1-upgrade', { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores(SCHEMA_V1);
    const assets = Array.from({ length: 2 * SEGMENT_MAX_RECORDS + 7 }, (_, i) =>
      asset(`a${String(i).padStart(5, '0')}`, `p${i % 3}`, i % 2 ? ['north'] : []),
    );
    const users = [user('u1', 'Anna Berg', 'anna@example.com'), user('u2', 'Bert Anders', 'b.anders@example.com')];
    const memberships = [membership('u1', 'p1'), membership('u2', 'p1')];
    await v1.table('assets').bulkPut(assets);
    await v1.table('users').bulkPut(users);
    await v1.table('memberships').bulkPut(memberships, ['u1|p1', 'u2|p1']);
    await v1.table('tickets').bulkPut([ticket]);
    await v1.table('systemRoles').bulkPut(DEFAULT_SYSTEM_ROLES.map((r) => ({ ...r })));
    const { stored: _, ...v1State } = {
      ...emptySyncState('assets'),
      cursor: 'c-42',
      caughtUp: true,
      dataAsOf: '2026-01-01T00:00:00.000Z',
      counts: { records: assets.length, quarantined: 0 },
    };
    await v1.table('syncState').put(v1State);
    await v1
      .table('quarantine')
      .put({ collection: 'users', key: 'u9', raw: '{}', rawTruncated: false, problems: [], receivedAt: '2026-01-01T00:00:00.000Z' });
    const expected = {
      version: 1,
      organizations: [],
      sites: [],
      // Version 1 kept records in key order.
      systemRoles: DEFAULT_SYSTEM_ROLES.map((r) => ({ ...r })).sort((a, b) => (a.id < b.id ? -1 : 1)),
      users,
      projects: [],
      projectRoles: [],
      memberships,
      assets,
      tickets: [ticket],
    };
    v1.close();

    const cache = reopen();
    open.push(cache);
    const snapshot = await loadSnapshot(cache);
    expect(cache.verno).toBe(5);
    expect(snapshot).toEqual(expected);
    expect((await cache.assets.toArray()).map((s) => decodePuts(s).length)).toEqual([SEGMENT_MAX_RECORDS, SEGMENT_MAX_RECORDS, 7]);
    expect(await countRecords(cache)).toMatchObject({ assets: assets.length, users: 2, memberships: 2, tickets: 1, quarantined: 1 });
    await expectCountsTrue(cache);
    // The sync goes on from where version 1 was: same cursor, and the next page lands on the converted records.
    expect(await cache.syncState.get('assets')).toMatchObject({ cursor: 'c-42', caughtUp: true, dataAsOf: '2026-01-01T00:00:00.000Z' });
    await writeChanges(cache, 'assets', [{ ...assets[0], name: 'after upgrade' }], [assets[1].id]);
    expect((await loadCollection(cache, 'assets')).get(assets[0].id)).toMatchObject({ name: 'after upgrade' });
    expect((await countRecords(cache)).assets).toBe(assets.length - 1);
  });
});
