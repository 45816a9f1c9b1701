// The quarantine at volume and its way out: a mass of refused records must not make each page or each status
// read the whole quarantine (issue 14, 1), and records refused while the platform misbehaved are fetched again by a
// later sync once it behaves, without waiting for them to change (issue 14, 2).
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie, type DBCore, type DBCoreTable } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { generateFleet } from '../../core/generate/fleet';
import { countRecords, quarantinedRecords } from '../../core/cache/read';
import { QUARANTINE_SAMPLE } from '../../core/cache/quarantine';
import { CacheDb, SCHEMA_V2, decodeQuarantineBatch, emptySyncState, encodeQuarantineBatch, type QuarantineRow } from '../../core/cache/db';
import type { CollectionName } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { syncAll, syncCollection } from '../../core/sync/sync';
import { syncStatus } from '../../core/sync/run';
import { FakePlatform } from './fake-platform';
import { allQuarantined, expectCacheEquals, freshDb, getRecord, instantRetry, quarantineRow } from './helpers';

const BASE = 'http://platform.test';
const open: CacheDb[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** What the quarantine's table was asked for: rows handed back (batches), and counts (each a scan in IndexedDB). */
interface QuarantineReads {
  rows: number;
  counts: number;
}

/** A cache whose quarantine reads are counted (a DBCore middleware: sees every read Dexie makes of the table). */
function setup(platform: FakePlatform) {
  const { db } = freshDb();
  open.push(db);
  const reads: QuarantineReads = { rows: 0, counts: 0 };
  db.use({
    stack: 'dbcore',
    name: 'count-quarantine-reads',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name: string): DBCoreTable {
        const table = down.table(name);
        if (name !== 'quarantineBatches') return table;
        return {
          ...table,
          async get(req) {
            const row = await table.get(req);
            if (row !== undefined) reads.rows++;
            return row;
          },
          async getMany(req) {
            const rows = await table.getMany(req);
            reads.rows += rows.filter((r) => r !== undefined).length;
            return rows;
          },
          async query(req) {
            const res = await table.query(req);
            reads.rows += res.result.length;
            return res;
          },
          async count(req) {
            reads.counts++;
            return table.count(req);
          },
          async openCursor(req) {
            const cursor = await table.openCursor(req);
            if (!cursor) return cursor;
            // Every row the cursor steps onto is a row read.
            return new Proxy(cursor, {
              get(target, prop) {
                if (prop === 'start') return (onNext: () => void) => target.start(() => (reads.rows++, onNext()));
                const value = Reflect.get(target, prop, target);
                return typeof value === 'function' ? value.bind(target) : value;
              },
            });
          },
        };
      },
    }),
  });
  const client = createApiClient({ baseUrl: BASE, apiKey: platform.apiKey, fetch: platform.fetch });
  return { db, client, reads, retry: instantRetry().policy };
}

/** The platform starts sending a value our schema lacks for these collections (stored data stays valid). */
function misbehave(platform: FakePlatform, collections: readonly CollectionName[], share = 1) {
  let n = 0;
  platform.serve = (collection, record) =>
    collections.includes(collection) && (n++ % 100) / 100 < share ? { ...(record as object), name: 42, status: 'archived' } : record;
}

describe('quarantine at volume', () => {
  it('a page commit reads no quarantine row (the connection keeps the keys) and never counts the table', async () => {
    const platform = new FakePlatform(generateFleet({ seed: 3, assets: 1000 }));
    misbehave(platform, ['assets']);
    const { db, client, reads, retry } = setup(platform);
    const report = await syncCollection(db, client, 'assets', { limit: 50, retry });
    expect(report.quarantined).toBe(1000);
    expect(report.pages).toBe(20);
    // Reading every quarantine key of the collection per page (the old way) handed back 0 + 50 + … + 950 = 9,500.
    expect(reads.rows).toBe(0);
    expect(reads.counts).toBe(0);
    expect((await db.syncState.get('assets'))!.quarantined).toBe(1000);
  });

  it('a status reads a bounded sample and a kept count, however many records are in quarantine', async () => {
    const platform = new FakePlatform(generateFleet({ seed: 3, assets: 1000 }));
    misbehave(platform, ['assets']);
    const { db, client, reads, retry } = setup(platform);
    await syncAll(db, client, { limit: 500, retry });
    reads.rows = 0;
    reads.counts = 0;

    const [sample, counts, status] = await Promise.all([quarantinedRecords(db), countRecords(db), syncStatus(db)]);
    expect(sample).toHaveLength(QUARANTINE_SAMPLE);
    expect(counts.quarantined).toBe(1000);
    expect(status.collections.find((c) => c.collection === 'assets')!.quarantined).toBe(1000);
    // The newest batch (one page's 500 refused records) holds the whole sample: it and the next row stepped onto.
    expect(reads.rows).toBeLessThanOrEqual(2);
    expect(reads.counts).toBe(0);
    // Newest first within the sample.
    expect([...sample].sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1)).map((r) => r.receivedAt)).toEqual(
      sample.map((r) => r.receivedAt),
    );
  });

  it('the kept count follows records into and out of quarantine, replays of the same key included', async () => {
    const platform = new FakePlatform(generateFleet({ seed: 4, assets: 30 }));
    const { db, client, retry } = setup(platform);
    await syncAll(db, client, { retry });
    const assets = platform.records('assets') as Array<{ id: string }>;
    // Five become invalid; one of them twice (a second bad version replaces its row, it is not counted twice).
    for (const a of assets.slice(0, 5)) platform.put('assets', { ...a, tags: 'x' });
    await syncAll(db, client, { retry });
    platform.put('assets', { ...assets[0], tags: 'still bad' });
    await syncAll(db, client, { retry });
    expect((await countRecords(db)).quarantined).toBe(5);
    // Two are fixed by a new version, one is deleted: three leave.
    platform.put('assets', assets[1]);
    platform.put('assets', assets[2]);
    platform.remove('assets', assets[3].id);
    await syncAll(db, client, { retry });
    expect((await countRecords(db)).quarantined).toBe(2);
    expect((await allQuarantined(db)).length).toBe(2);
    expect((await syncStatus(db)).collections.find((c) => c.collection === 'assets')!.counts.quarantined).toBe(2);
  });
});

describe('records in quarantine are fetched again', () => {
  it('changes that arrived malformed reach the cache at the next sync once the platform behaves, though nothing changed again', async () => {
    const platform = new FakePlatform(generateFleet({ seed: 5, assets: 20 }));
    const { db, client, retry } = setup(platform);
    await syncAll(db, client, { retry });
    // Memberships change while the platform sends them malformed: the cache keeps the old versions (or none).
    const memberships = platform.records('memberships') as Array<{ userId: string; projectId: string; projectRoleId: string }>;
    const roles = platform.records('projectRoles') as Array<{ id: string }>;
    const changed = memberships.slice(0, 6).map((m) => ({ ...m, projectRoleId: roles.find((r) => r.id !== m.projectRoleId)!.id }));
    for (const m of changed) platform.put('memberships', m);
    platform.put('memberships', { userId: changed[0].userId, projectId: 'p-new', projectRoleId: roles[0].id });
    platform.serve = (collection, record) => (collection === 'memberships' ? { ...(record as object), projectRoleId: 42 } : record);
    const bad = await syncAll(db, client, { retry });
    expect(bad.ok).toBe(true);
    expect((await countRecords(db)).quarantined).toBe(7);
    expect((await getRecord(db, 'memberships', `${changed[0].userId}|${changed[0].projectId}`))?.projectRoleId).toBe(
      memberships[0].projectRoleId,
    );

    // The platform behaves again. No record changes, so the feed has nothing new: only asking again fixes them.
    platform.serve = null;
    platform.requests.length = 0;
    const report = await syncAll(db, client, { retry });
    expect(report.ok).toBe(true);
    expect(report.collections.find((c) => c.collection === 'memberships')).toMatchObject({ recovered: 7, quarantined: 0 });
    expect(platform.lookups).toEqual([{ collection: 'memberships', keys: expect.arrayContaining([`${changed[0].userId}|p-new`]) }]);
    await expectCacheEquals(db, (c) => platform.records(c));
    expect((await allQuarantined(db)).length).toBe(0);
    expect((await countRecords(db)).quarantined).toBe(0);
  });

  it('a record still malformed stays in quarantine (nothing lost), and one deleted meanwhile leaves the cache', async () => {
    const platform = new FakePlatform(generateFleet({ seed: 6, assets: 10 }));
    const { db, client, retry } = setup(platform);
    await syncAll(db, client, { retry });
    const [a, b] = platform.records('assets') as Array<{ id: string; name: string }>;
    platform.put('assets', { ...a, name: 'a2' });
    platform.put('assets', { ...b, name: 'b2' });
    platform.serve = (collection, record) => (collection === 'assets' ? { ...(record as object), tags: 'x' } : record);
    await syncAll(db, client, { retry });
    platform.remove('assets', b.id);
    const before = (await quarantineRow(db, 'assets', a.id))!;

    const report = await syncAll(db, client, { retry, now: () => new Date(Date.now() + 60_000) });
    expect(report.ok).toBe(true);
    expect(await getRecord(db, 'assets', a.id)).toEqual(a); // the last good version, still
    expect(await getRecord(db, 'assets', b.id)).toBeUndefined();
    const after = (await quarantineRow(db, 'assets', a.id))!;
    expect(after.receivedAt > before.receivedAt).toBe(true);
    expect((await allQuarantined(db)).length).toBe(1);
    expect((await countRecords(db)).quarantined).toBe(1);
  });

  it('a record that fails again when asked for is reported as still quarantined, not quarantined anew (report and progress)', async () => {
    const platform = new FakePlatform(generateFleet({ seed: 6, assets: 10 }));
    const { db, client, retry } = setup(platform);
    await syncAll(db, client, { retry });
    const assets = platform.records('assets') as Array<{ id: string; name: string }>;
    for (const a of assets.slice(0, 3)) platform.put('assets', { ...a, name: `${a.name} 2` });
    platform.serve = (collection, record) => (collection === 'assets' ? { ...(record as object), tags: 'x' } : record);
    const first = await syncAll(db, client, { retry });
    expect(first.collections.find((c) => c.collection === 'assets')).toMatchObject({ quarantined: 3, stillQuarantined: 0 });

    // Still served malformed, nothing changed: the recheck asks for the three and they fail again.
    const done: number[] = [];
    const again = await syncAll(db, client, { retry, onProgress: (e) => e.collection === 'assets' && done.push(e.recordsDone) });
    expect(platform.lookups).toContainEqual({ collection: 'assets', keys: expect.arrayContaining(assets.slice(0, 3).map((a) => a.id)) });
    expect(again.collections.find((c) => c.collection === 'assets')).toMatchObject({ quarantined: 0, stillQuarantined: 3, recovered: 0 });
    expect(Math.max(...done)).toBe(0);
    expect((await countRecords(db)).quarantined).toBe(3);
  });

  it('a server without the lookup endpoint leaves them in quarantine and the sync still succeeds', async () => {
    const platform = new FakePlatform(generateFleet({ seed: 7, assets: 10 }));
    const { db, client, retry } = setup(platform);
    const a = platform.records('assets')[0] as { id: string };
    platform.put('assets', { ...a, tags: 'x' });
    await syncAll(db, client, { retry });
    platform.put('assets', a);
    const lookupless = createApiClient({
      baseUrl: BASE,
      apiKey: platform.apiKey,
      fetch: (input, init) =>
        init?.method === 'POST'
          ? Promise.resolve(new Response('{"error":{"code":"notFound","message":"no route"}}', { status: 404 }))
          : platform.fetch(input, init),
    });
    // (The put above is a change, so the feed fixes it: the point is that the failed lookup is no error.)
    const report = await syncAll(db, lookupless, { retry });
    expect(report.ok).toBe(true);
    expect((await allQuarantined(db)).length).toBe(0);
  });
});

describe('schema upgrade from version 2 (one quarantine row per record)', () => {
  it('moves the rows into batches, counts them per collection, and the next sync still clears them', async () => {
    const factory = new IDBFactory();
    const v2 = new Dexie('upgrade-v2', { indexedDB: factory, IDBKeyRange });
    v2.version(2).stores(SCHEMA_V2);
    const row = (key: string) => ({
      collection: 'assets',
      key,
      raw: '{}',
      rawTruncated: false,
      problems: [],
      receivedAt: '2026-01-01T00:00:00.000Z',
    });
    await v2.table('quarantine').bulkPut([row('a1'), row('a2'), { ...row('u1'), collection: 'users' }]);
    const { quarantined: _, ...v2State } = emptySyncState('assets');
    await v2.table('syncState').put(v2State);
    v2.close();

    const db = new CacheDb('upgrade-v2', { indexedDB: factory, IDBKeyRange });
    open.push(db);
    expect((await countRecords(db)).quarantined).toBe(3);
    expect(db.verno).toBe(5);
    expect((await db.syncState.get('assets'))!.quarantined).toBe(2);
    expect((await quarantineRow(db, 'users', 'u1'))?.collection).toBe('users');
    const platform = new FakePlatform();
    platform.put('assets', { id: 'a1', name: 'A1', projectId: 'p', siteId: 's', tags: [] });
    await syncCollection(db, createApiClient({ baseUrl: BASE, apiKey: platform.apiKey, fetch: platform.fetch }), 'assets', {
      retry: instantRetry().policy,
    });
    // a1 came back valid; a2, asked for again, is not on this server: both leave.
    expect((await allQuarantined(db)).map((r) => r.key)).toEqual(['u1']);
    expect((await countRecords(db)).quarantined).toBe(1);
  });
});

describe('quarantine batch encoding', () => {
  it('gives back every row as it was, whatever its problems name', () => {
    const row = (key: string, problems: QuarantineRow['problems']): QuarantineRow => ({
      collection: 'assets',
      key,
      raw: '{"id":"x","name":"\\"quoted\\""}',
      rawTruncated: key === 'b',
      problems,
      receivedAt: '2026-01-01T00:00:00.000Z',
    });
    const p = (recordId: string | null, extra: Partial<QuarantineRow['problems'][number]> = {}) => ({
      collection: 'assets',
      index: null,
      recordId,
      path: 'name',
      message: 'Invalid input: expected string',
      ...extra,
    });
    const rows = [
      row('a', [p('a')]),
      row('b', [p(null), p('other-id', { path: '' })]),
      row('c', [p('c', { index: 3 }), p('c', { collection: null }), p('c', { path: 'tags[0]', message: 'and 4980 more problems' })]),
    ];
    const batch = encodeQuarantineBatch('assets', rows);
    expect(JSON.parse(batch.keys)).toEqual(['a', 'b', 'c']);
    expect(decodeQuarantineBatch(batch)).toEqual(rows);
  });
});
