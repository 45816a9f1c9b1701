// Issue 18: the cache's history table — kept through the schema upgrade, read by time and by record, counted
// without reading entries, compacted to the retention without touching the current state, and written in the same
// transaction as the change it records (a failed history write leaves the change unapplied and the cursor put).
import { Dexie } from 'dexie';
import { IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { recordKey, type SyncPage } from '../../core/api/contract';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, emptySyncState, type CacheDb } from '../../core/cache/db';
import {
  addHistory,
  compactHistory,
  historyEntries,
  historySince,
  historyStats,
  loadHistory,
  mergeGaps,
  toHistoryRow,
  type NewHistoryEntry,
} from '../../core/cache/history';
import { HistoryRetentionSchema } from '../../core/cache/history-retention';
import { loadSnapshot } from '../../core/cache/read';
import { cachedRecords, compactCollection } from '../../core/cache/segments';
import { HistorySchema } from '../../core/model/history';
import type { Asset } from '../../core/model/snapshot';
import type { ApiClient } from '../../core/sync/client';
import { resetCache, syncAll } from '../../core/sync/sync';
import { freshDb, instantRetry, writeChanges } from '../sync/helpers';

const open: CacheDb[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});
function db() {
  const made = freshDb();
  open.push(made.db);
  return made;
}

const asset = (id: string, name = id): Asset => ({ id, name, projectId: 'p1', siteId: 's1', tags: [] });
const change = (key: string, at: string, before: unknown, after: unknown): NewHistoryEntry => ({
  collection: 'assets',
  key,
  at,
  author: null,
  before,
  after,
});

async function record(cache: CacheDb, entries: NewHistoryEntry[]): Promise<void> {
  await cache.transaction('rw', [cache.history, cache.historyInfo], () => addHistory(cache, entries.map(toHistoryRow), []));
}

describe('history table', () => {
  it('is added by schema version 4 and every earlier row stays', async () => {
    const { factory, reopen } = freshDb('v3-upgrade');
    const v3 = new Dexie('v3-upgrade', { indexedDB: factory, IDBKeyRange });
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2);
    v3.version(3).stores(SCHEMA_V3);
    await v3.table('assets').add({ id: 1, puts: JSON.stringify([asset('a1')]), deletes: [] });
    await v3
      .table('syncState')
      .put({ ...emptySyncState('assets'), cursor: 'c-7', caughtUp: true, stored: { records: 1, segments: 1, generation: 'g' } });
    v3.close();
    const cache = reopen();
    open.push(cache);
    expect(cache.verno).toBe(5);
    expect((await loadSnapshot(cache)).assets).toEqual([asset('a1')]);
    expect(await cache.syncState.get('assets')).toMatchObject({ cursor: 'c-7', caughtUp: true });
    expect(await historyStats(cache)).toEqual({ count: 0, bytes: 0, oldest: null, newest: null, since: null, gaps: [] });
  });

  it('reads entries by time range and by record, oldest first, ties in the order recorded', async () => {
    const { db: cache } = db();
    await record(cache, [
      change('a1', '2026-11-02T00:00:00Z', asset('a1'), asset('a1', 'one')),
      change('a2', '2026-11-02T02:00:00+02:00', null, asset('a2')), // the same instant as the first, recorded later
      change('a1', '2026-11-03T00:00:00Z', asset('a1', 'one'), null),
    ]);
    const all = await historyEntries(cache);
    expect(all.map((e) => [e.key, e.at])).toEqual([
      ['a1', '2026-11-02T00:00:00.000Z'],
      ['a2', '2026-11-02T00:00:00.000Z'],
      ['a1', '2026-11-03T00:00:00.000Z'],
    ]);
    expect((await historyEntries(cache, { since: '2026-11-02T12:00:00Z' })).map((e) => e.key)).toEqual(['a1']);
    expect((await historyEntries(cache, { until: '2026-11-02T00:00:00Z' })).map((e) => e.key)).toEqual(['a1', 'a2']);
    expect((await historyEntries(cache, { collection: 'assets', key: 'a1' })).map((e) => e.after)).toEqual([asset('a1', 'one'), null]);
    expect(await historyEntries(cache, { collection: 'users' })).toEqual([]);
    await expect(historyEntries(cache, { key: 'a1' })).rejects.toThrow('a key needs its collection');
    const stats = await historyStats(cache);
    expect(stats).toMatchObject({ count: 3, oldest: '2026-11-02T00:00:00.000Z', newest: '2026-11-03T00:00:00.000Z' });
    expect(stats.bytes).toBeGreaterThan(JSON.stringify(all).length / 2);
  });

  it('merges overlapping gaps and keeps at most a hundred, never losing a hole', () => {
    expect(
      mergeGaps([
        { from: '2026-11-03T00:00:00Z', to: '2026-11-04T00:00:00Z', reason: 'b' },
        { from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z', reason: 'a' },
        { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z', reason: 'a' },
      ]),
    ).toEqual([{ from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z', reason: 'a; b' }]);
    const many = Array.from({ length: 150 }, (_, i) => ({
      from: new Date(Date.UTC(2026, 0, 1 + 2 * i)).toISOString(),
      to: new Date(Date.UTC(2026, 0, 1 + 2 * i, 1)).toISOString(),
      reason: 'r',
    }));
    const merged = mergeGaps(many);
    expect(merged).toHaveLength(100);
    expect(merged[0].from).toBe(many[0].from);
    expect(merged[0].to).toBe(many[50].to);
    expect(merged.at(-1)).toEqual({ ...many[149] });
  });

  it('compacts by days and by megabytes, moves its start, drops gaps before it, and never touches the current state', async () => {
    const { db: cache } = db();
    await writeChanges(cache, 'assets', [asset('a1', 'now'), asset('a2')]);
    const snapshot = await loadSnapshot(cache);
    const big = 'x'.repeat(400_000);
    await record(cache, [
      change('a1', '2026-10-01T00:00:00Z', asset('a1', 'old'), asset('a1', 'older')),
      change('a1', '2026-11-01T00:00:00Z', asset('a1', big), asset('a1', big)),
      change('a1', '2026-11-05T00:00:00Z', asset('a1', big), asset('a1', 'now')),
      change('a2', '2026-11-06T00:00:00Z', null, asset('a2')),
    ]);
    await cache.transaction('rw', [cache.history, cache.historyInfo], () =>
      addHistory(
        cache,
        [],
        [
          { from: '2026-09-01T00:00:00Z', to: '2026-09-02T00:00:00Z', reason: 'old hole' },
          { from: '2026-10-30T00:00:00Z', to: '2026-11-02T00:00:00Z', reason: 'across' },
        ],
      ),
    );
    const now = new Date('2026-11-10T00:00:00Z');
    // 30 days: the October change goes.
    expect(await compactHistory(cache, HistoryRetentionSchema.parse({}), now)).toEqual({ deleted: 1 });
    let stats = await historyStats(cache);
    expect(stats.count).toBe(3);
    expect(stats.gaps).toEqual([{ from: '2026-10-30T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z', reason: 'across' }]);
    // 1 MB: 1.2 MB of changes; the oldest goes (0.8 MB), and the rest fits.
    expect(await compactHistory(cache, { days: 30, megabytes: 1 }, now)).toEqual({ deleted: 1 });
    stats = await historyStats(cache);
    // A gap across the new start now starts there.
    expect(stats).toMatchObject({
      count: 2,
      oldest: '2026-11-05T00:00:00.000Z',
      gaps: [{ from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z', reason: 'across' }],
    });
    expect(stats.bytes).toBe((await cache.history.toArray()).reduce((sum, r) => sum + r.bytes, 0));
    expect(stats.bytes).toBeLessThan(1024 * 1024);
    expect(await loadSnapshot(cache)).toEqual(snapshot);
    // The start moves past what was dropped (once every collection has a start).
    await cache.transaction('rw', cache.syncState, () =>
      Promise.all(
        (['organizations', 'sites', 'systemRoles', 'users', 'projects', 'projectRoles', 'memberships', 'assets', 'tickets'] as const).map(
          (c) =>
            cache.syncState.put({
              ...emptySyncState(c),
              history: { since: '2026-10-15T00:00:00.000Z', latest: '2026-11-06T00:00:00.000Z' },
            }),
        ),
      ),
    );
    expect(await historySince(cache)).toBe('2026-11-01T00:00:00.000Z');
    const history = await loadHistory(cache);
    expect(HistorySchema.safeParse(history).success).toBe(true);
    expect(history!.entries.map((e) => e.key)).toEqual(['a1', 'a2']);
  });

  it('goes with the cache: emptying it for another key or user empties the history', async () => {
    const { db: cache } = db();
    await writeChanges(cache, 'assets', [asset('a1')]);
    await record(cache, [change('a1', '2026-11-02T00:00:00Z', asset('a1'), null)]);
    await cache.transaction('rw', [cache.history, cache.historyInfo], () =>
      addHistory(cache, [], [{ from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z', reason: 'r' }]),
    );
    await resetCache(cache);
    expect(await historyStats(cache)).toEqual({ count: 0, bytes: 0, oldest: null, newest: null, since: null, gaps: [] });
  });

  it('finds the cached record behind a key in whichever segment holds it, before and after a compaction', async () => {
    const { db: cache } = db();
    await writeChanges(cache, 'assets', [asset('a1'), asset('a2')]);
    await writeChanges(cache, 'assets', [asset('a2', 'renamed'), asset('a3')], ['a1']);
    const state = async () => (await cache.syncState.get('assets'))!;
    const read = async () =>
      cache.transaction('r', [cache.assets, cache.syncState], async () =>
        cachedRecords(cache, 'assets', await state(), ['a1', 'a2', 'a3', 'a9']),
      );
    const expected = new Map([
      ['a2', asset('a2', 'renamed')],
      ['a3', asset('a3')],
    ]);
    expect(await read()).toEqual(expected);
    await compactCollection(cache, 'assets');
    expect(await read()).toEqual(expected);
  });
});

describe('history written with its change', () => {
  it('a history write that fails leaves the change unapplied and the cursor where it was; the next sync records both', async () => {
    const { db: cache } = db();
    const a1 = asset('a1');
    let pages: SyncPage[] = [];
    const client: ApiClient = {
      async fetchPage(collection, request) {
        const queued = collection === 'assets' && request.cursor !== null ? pages.shift() : undefined;
        const page = queued ?? {
          collection,
          changes: request.cursor === null && collection === 'assets' ? [{ op: 'put' as const, key: 'a1', record: a1 }] : [],
          cursor: request.cursor ?? 'fill',
          hasMore: false,
          serverTime: '2026-11-01T00:00:00Z',
        };
        return { kind: 'page', page, etag: null, fresh: true };
      },
      me: () => Promise.reject(new Error('not used')),
    };
    const run = () => syncAll(cache, client, { retry: instantRetry({ retries: 0 }).policy, now: () => new Date('2026-11-03T00:00:00Z') });
    await run();
    const edit: SyncPage = {
      collection: 'assets',
      changes: [{ op: 'put', key: 'a1', record: { ...a1, name: 'edited' }, at: '2026-11-02T00:00:00Z', author: 'u-1' }],
      cursor: 'next',
      hasMore: false,
      serverTime: '2026-11-02T00:00:01Z',
    };
    pages = [edit];
    const failing = (): void => {
      throw new Error('disk full');
    };
    cache.history.hook('creating', failing);
    const report = await run();
    expect(report.collections.find((c) => c.collection === 'assets')!.error?.message).toContain('disk full');
    expect((await loadSnapshot(cache)).assets).toEqual([a1]);
    expect((await cache.syncState.get('assets'))!.cursor).toBe('fill');
    cache.history.hook('creating').unsubscribe(failing);
    pages = [edit];
    await run();
    expect((await loadSnapshot(cache)).assets).toEqual([{ ...a1, name: 'edited' }]);
    expect(await historyEntries(cache)).toEqual([
      {
        collection: 'assets',
        key: recordKey('assets', a1),
        at: '2026-11-02T00:00:00.000Z',
        author: 'u-1',
        before: a1,
        after: { ...a1, name: 'edited' },
      },
    ]);
  });
});
