// The sync engine against an in-memory platform (fake-platform.ts): what ends up in the cache, what is fetched,
// and what survives aborts, crashes, bad records and errors.
import { afterEach, describe, expect, it } from 'vitest';
import { generateFleet } from '../../core/generate/fleet';
import { loadSnapshot } from '../../core/cache/read';
import { createApiClient, type ApiClient } from '../../core/sync/client';
import type { SyncPage } from '../../core/api/contract';
import { AuthError, BadPageError, ServerError } from '../../core/sync/errors';
import { syncAll, syncCollection, type SyncProgress } from '../../core/sync/sync';
import { runSync, syncStatus } from '../../core/sync/run';
import type { CacheDb } from '../../core/cache/db';
import { MAX_EXTRA_SEGMENTS } from '../../core/cache/segments';
import { COLLECTION_NAMES } from '../../core/model/collections';
import { FakePlatform } from './fake-platform';
import { allQuarantined, expectCacheEquals, freshDb, getRecord, instantRetry, quarantineRow, recordCount } from './helpers';

const BASE = 'http://platform.test';
const fleet = () => generateFleet({ seed: 7, assets: 60 });
const open: CacheDb[] = [];

function setup(platform = new FakePlatform(fleet())) {
  const { db, reopen } = freshDb();
  open.push(db);
  const client = createApiClient({ baseUrl: BASE, apiKey: platform.apiKey, fetch: platform.fetch });
  const retry = instantRetry();
  return { platform, db, reopen, client, retry };
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A platform whose sites feed is one page holding `changes`, caught up. */
function servingOneSitesPage(changes: SyncPage['changes']): ApiClient {
  const page: SyncPage = { collection: 'sites', cursor: 'c1', hasMore: false, serverTime: new Date().toISOString(), changes };
  return {
    fetchPage: async () => ({ kind: 'page', page, etag: null, fresh: true }),
    me: () => Promise.reject(new Error('not asked')),
  };
}

describe('sync engine (in-memory platform)', () => {
  it('a first sync leaves exactly the server state in the cache and records data-as-of per collection', async () => {
    const { platform, db, client, retry } = setup();
    const report = await syncAll(db, client, { limit: 25, retry: retry.policy });
    expect(report.ok).toBe(true);
    await expectCacheEquals(db, (c) => platform.records(c));
    const status = await syncStatus(db);
    expect(status.complete).toBe(true);
    expect(status.dataAsOf).not.toBeNull();
    const assets = status.collections.find((r) => r.collection === 'assets')!;
    expect(assets.counts).toEqual({ records: 60, quarantined: 0 });
    expect(assets.caughtUp).toBe(true);
    // 60 assets at 25 a page: 3 pages.
    expect(platform.pageRequests('assets')).toHaveLength(3);
  });

  /** A fetch whose every answer takes a little while, as on a real network, logging requests and the most in flight. */
  function slowFetch(platform: FakePlatform, log: string[]) {
    const seen = { inFlight: 0, most: 0 };
    const fetch: typeof globalThis.fetch = async (input, init) => {
      log.push(`ask ${new URL(String(input)).pathname.split('/').pop()}`);
      seen.most = Math.max(seen.most, ++seen.inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await platform.fetch(input, init);
      } finally {
        seen.inFlight--;
      }
    };
    return { fetch, seen };
  }

  it('a first sync asks for each collection’s pages ahead of their turn, one collection after another, and commits in order', async () => {
    const platform = new FakePlatform(fleet());
    const { db, retry } = setup(platform);
    const log: string[] = [];
    const { fetch } = slowFetch(platform, log);
    const client = createApiClient({ baseUrl: BASE, apiKey: platform.apiKey, fetch });
    const report = await syncAll(db, client, {
      limit: 25,
      retry: retry.policy,
      onCommit: (collection) => log.push(`commit ${collection}`),
    });
    expect(report.ok).toBe(true);
    const filled = COLLECTION_NAMES.filter((c) => platform.records(c).length > 0);
    const dedupe = (lines: string[]) => lines.filter((line, i) => line !== lines[i - 1]);
    // Commits in dependency order, each collection's pages one after another.
    expect(dedupe(log.filter((l) => l.startsWith('commit')))).toEqual(filled.map((c) => `commit ${c}`));
    // Asked for in the same order, never two collections' pages mixed: the platform builds the page taken next.
    expect(dedupe(log.filter((l) => l.startsWith('ask')))).toEqual([...COLLECTION_NAMES.map((c) => `ask ${c}`), 'ask history']);
    // Yet ahead of their turn: the next page of the assets before the page naming it was committed, and each
    // collection's first page before the last page of the one before it was committed.
    expect(log.indexOf('ask assets', log.indexOf('ask assets') + 1)).toBeLessThan(log.indexOf('commit assets'));
    COLLECTION_NAMES.forEach((c, i) => {
      if (i > 0 && filled.includes(COLLECTION_NAMES[i - 1]))
        expect(log.indexOf(`ask ${c}`), c).toBeLessThan(log.lastIndexOf(`commit ${COLLECTION_NAMES[i - 1]}`));
    });
    // Nothing was asked twice: 60 assets at 25 a page are 3 requests, one each for the smaller collections.
    expect(platform.pageRequests('assets')).toHaveLength(3);
    await expectCacheEquals(db, (c) => platform.records(c));
  });

  it('a sync of a caught-up cache asks for every other collection’s page together once the first answered', async () => {
    const platform = new FakePlatform(fleet());
    const { db, client: first, retry } = setup(platform);
    await syncAll(db, first, { limit: 25, retry: retry.policy });
    for (const c of COLLECTION_NAMES) {
      const [record] = platform.records(c) as Array<Record<string, unknown>>;
      if (record && 'name' in record) platform.put(c, { ...record, name: `${String(record.name)} (2)` });
    }
    const log: string[] = [];
    const { fetch, seen } = slowFetch(platform, log);
    const client = createApiClient({ baseUrl: BASE, apiKey: platform.apiKey, fetch });
    const report = await syncAll(db, client, { limit: 25, retry: retry.policy });
    expect(report.ok).toBe(true);
    // The first request went out alone (a refused key costs one request), the other first pages together after it.
    expect(log[0]).toBe('ask organizations');
    expect(seen.most).toBeGreaterThanOrEqual(COLLECTION_NAMES.length - 1);
    await expectCacheEquals(db, (c) => platform.records(c));
  });

  it('a run overtaken by another while its pages ahead are in flight drops them and goes on from the cursor the other committed', async () => {
    const { platform, db, client, retry } = setup();
    await syncAll(db, client, { limit: 25, retry: retry.policy });
    for (const a of platform.records('assets').slice(0, 40) as Array<{ id: string; name: string }>) {
      platform.put('assets', { ...a, name: `${a.name} (2)` });
    }
    // While the first page of the change is on its way, another run syncs the assets to the end.
    let raced = false;
    const racing = createApiClient({
      baseUrl: BASE,
      apiKey: platform.apiKey,
      fetch: async (input, init) => {
        const res = await platform.fetch(input, init);
        if (!raced && String(input).includes('/sync/assets')) {
          raced = true;
          await syncCollection(db, client, 'assets', { limit: 25, retry: retry.policy });
        }
        return res;
      },
    });
    const report = await syncCollection(db, racing, 'assets', { limit: 25, retry: retry.policy });
    expect(raced).toBe(true);
    expect(report.error).toBeUndefined();
    // Its own first page was refused, and the page it had asked for ahead of it dropped: it went on from the
    // cursor the other run committed, which had nothing more.
    expect(report).toMatchObject({ pages: 1, puts: 0 });
    await expectCacheEquals(db, (c) => platform.records(c));
  });

  it('a page holding a key more than once applies its last change only (a later delete wins, a later put wins)', async () => {
    const { db, retry } = setup();
    const [a, b] = fleet().sites as Array<{ id: string; name: string }>;
    const client = servingOneSitesPage([
      { op: 'put', key: a.id, record: { ...a, name: 'first' } },
      { op: 'put', key: b.id, record: b },
      { op: 'put', key: a.id, record: { ...a, name: 'last' } },
      { op: 'delete', key: b.id },
    ]);
    const report = await syncCollection(db, client, 'sites', { retry: retry.policy });
    expect(report).toMatchObject({ puts: 1, deletes: 1, pages: 1 });
    expect((await getRecord(db, 'sites', a.id))?.name).toBe('last');
    expect(await getRecord(db, 'sites', b.id)).toBeUndefined();
  });

  it('a page in key order (as a first fill sends) that repeats a key next to itself also applies its last change only', async () => {
    const { db, retry } = setup();
    const [a, b] = (fleet().sites as Array<{ id: string; name: string }>).slice(0, 2).sort((x, y) => (x.id < y.id ? -1 : 1));
    const client = servingOneSitesPage([
      { op: 'put', key: a.id, record: a },
      { op: 'put', key: b.id, record: b },
      { op: 'delete', key: b.id },
    ]);
    const report = await syncCollection(db, client, 'sites', { retry: retry.policy });
    expect(report).toMatchObject({ puts: 1, deletes: 1, pages: 1 });
    expect(await getRecord(db, 'sites', a.id)).toBeDefined();
    expect(await getRecord(db, 'sites', b.id)).toBeUndefined();
  });

  it('an incremental sync fetches only what changed since the committed cursor, deletions included', async () => {
    const { platform, db, client, retry } = setup();
    await syncAll(db, client, { limit: 25, retry: retry.policy });
    const [a1, a2] = platform.records('assets') as Array<{ id: string; name: string }>;
    platform.put('assets', { ...a1, name: 'renamed' });
    platform.remove('assets', a2.id);
    platform.requests.length = 0;

    const report = await syncAll(db, client, { limit: 25, retry: retry.policy });
    const assets = report.collections.find((r) => r.collection === 'assets')!;
    expect(assets).toMatchObject({ puts: 1, deletes: 1 });
    // One page per collection, and only the assets page carries changes.
    expect(platform.pageRequests()).toHaveLength(9);
    expect(platform.pageRequests().reduce((n, r) => n + r.changes, 0)).toBe(2);
    expect(await getRecord(db, 'assets', a2.id)).toBeUndefined();
    expect((await getRecord(db, 'assets', a1.id))?.name).toBe('renamed');
    await expectCacheEquals(db, (c) => platform.records(c));
  });

  it('a caught-up collection is revalidated with its ETag and a 304 refreshes data-as-of without changes', async () => {
    const { platform, db, client, retry } = setup();
    await syncAll(db, client, { retry: retry.policy });
    // The second run fetches each empty caught-up page once (learning its ETag), the third gets 304s.
    await syncAll(db, client, { retry: retry.policy });
    const before = (await db.syncState.get('assets'))!.dataAsOf!;
    const later = new Date(Date.parse(before) + 60_000);
    platform.requests.length = 0;
    const report = await syncAll(db, client, { retry: retry.policy, now: () => later });
    expect(report.collections.every((c) => c.notModified)).toBe(true);
    expect(platform.pageRequests().every((r) => r.status === 304 && r.headers['if-none-match'])).toBe(true);
    // Current as of when the request left, on the client's clock.
    expect((await db.syncState.get('assets'))!.dataAsOf).toBe(later.toISOString());
    // A change after that is not hidden by the stored ETag.
    const a = platform.records('assets')[0] as { id: string };
    platform.put('assets', { ...a, name: 'after 304' });
    await syncAll(db, client, { retry: retry.policy });
    expect((await getRecord(db, 'assets', a.id))?.name).toBe('after 304');
  });

  it('memberships are stored under recordKey "userId|projectId" and deleted by it', async () => {
    const { platform, db, client, retry } = setup();
    await syncAll(db, client, { retry: retry.policy });
    const m = platform.records('memberships')[0] as { userId: string; projectId: string };
    expect(await getRecord(db, 'memberships', `${m.userId}|${m.projectId}`)).toEqual(m);
    platform.remove('memberships', `${m.userId}|${m.projectId}`);
    await syncAll(db, client, { retry: retry.policy });
    expect(await getRecord(db, 'memberships', `${m.userId}|${m.projectId}`)).toBeUndefined();
    await expectCacheEquals(db, (c) => platform.records(c));
  });

  it('a replayed page (an answer to an earlier request) is not applied and the sync still ends with the server state', async () => {
    const { platform, db, client, retry } = setup();
    // The 2nd and 4th answers replay the page before (same body, same cursor, the earlier request's id).
    let n = 0;
    platform.chaos = () => (++n === 2 || n === 4 ? { kind: 'duplicate' } : null);
    const report = await syncCollection(db, client, 'assets', { limit: 10, retry: retry.policy });
    expect(report.pages).toBe(6);
    expect(report.stale).toBe(2);
    expect(report.puts).toBe(60);
    expect(await recordCount(db, 'assets')).toBe(60);
    await expectCacheEquals(db, (c) => (c === 'assets' ? platform.records(c) : []));
  });

  it('a replay of the last page is not taken as "caught up": a change made since still arrives in the same run', async () => {
    const { platform, db, client, retry } = setup();
    await syncCollection(db, client, 'assets', { limit: 100, retry: retry.policy });
    const a = platform.records('assets')[5] as { id: string };
    platform.put('assets', { ...a, name: 'changed since' });
    platform.faults.push({ kind: 'duplicate' }); // the old last page: changes, same cursor, hasMore false
    const report = await syncCollection(db, client, 'assets', { limit: 100, retry: retry.policy });
    expect(report).toMatchObject({ pages: 1, stale: 1 });
    expect((await getRecord(db, 'assets', a.id))?.name).toBe('changed since');
  });

  it('a stale last page served many times in a row never ends the sync: a deletion made since still arrives', async () => {
    const { platform, db, client, retry } = setup();
    await syncCollection(db, client, 'assets', { limit: 100, retry: retry.policy });
    const gone = platform.records('assets')[3] as { id: string };
    platform.remove('assets', gone.id);
    // More replays in a row than the old "stop doubting after three" rule allowed.
    for (let i = 0; i < 6; i++) platform.faults.push({ kind: 'duplicate' });
    const report = await syncCollection(db, client, 'assets', { limit: 100, retry: retry.policy });
    expect(report.deletes).toBeGreaterThan(0);
    expect(await getRecord(db, 'assets', gone.id)).toBeUndefined();
    await expectCacheEquals(db, (c) => (c === 'assets' ? platform.records(c) : []));
  });

  it('a replay of an empty "nothing new" page (same serverTime as one committed) does not hide a later change', async () => {
    const { platform, db, client, retry } = setup();
    await syncCollection(db, client, 'assets', { retry: retry.policy });
    await syncCollection(db, client, 'assets', { retry: retry.policy }); // served: empty page, cursor unchanged
    const a = platform.records('assets')[9] as { id: string };
    platform.put('assets', { ...a, name: 'edited later' });
    platform.faults.push({ kind: 'duplicate' });
    await syncCollection(db, client, 'assets', { retry: retry.policy });
    expect((await getRecord(db, 'assets', a.id))?.name).toBe('edited later');
  });

  it('a last page that answers an earlier request (a stale cached answer) does not end the sync', async () => {
    const { platform, db, client, retry } = setup();
    await syncCollection(db, client, 'assets', { retry: retry.policy });
    const { cursor, dataAsOf } = (await db.syncState.get('assets'))!;
    const a = platform.records('assets')[0] as { id: string };
    platform.put('assets', { ...a, name: 'newer' });
    // Its server time is even later than now: only the request id it echoes tells it is old.
    platform.faults.push({
      kind: 'body',
      body: JSON.stringify({
        collection: 'assets',
        changes: [],
        cursor,
        hasMore: false,
        serverTime: '2099-01-01T00:00:00.000Z',
        requestId: 'an-earlier-request',
      }),
    });
    await syncCollection(db, client, 'assets', { retry: retry.policy });
    expect((await getRecord(db, 'assets', a.id))?.name).toBe('newer');
    // "Data as of" never goes back in time.
    expect(Date.parse((await db.syncState.get('assets'))!.dataAsOf!)).toBeGreaterThanOrEqual(Date.parse(dataAsOf!));
  });

  it('a server that keeps answering "more" without moving the cursor gets an error, not an endless loop', async () => {
    const { platform, db, client, retry } = setup();
    await syncCollection(db, client, 'assets', { retry: retry.policy });
    const { cursor } = (await db.syncState.get('assets'))!;
    const stuck = JSON.stringify({ collection: 'assets', changes: [], cursor, hasMore: true, serverTime: new Date().toISOString() });
    for (let i = 0; i < 10; i++) platform.faults.push({ kind: 'body', body: stuck });
    const report = await syncAll(db, client, { retry: retry.policy, collections: ['assets'] });
    expect(report.collections[0].error).toBeInstanceOf(BadPageError);
    expect(platform.pageRequests('assets').length).toBeLessThan(10);
  });

  it('an invalid record is quarantined with its problems and the last good version stays until a valid one comes', async () => {
    const { platform, db, client, retry } = setup();
    await syncAll(db, client, { retry: retry.policy });
    const good = platform.records('assets')[0] as { id: string; tags: string[] };
    platform.put('assets', { ...good, tags: 'not-a-list', name: 'x'.repeat(10_000) });
    await syncAll(db, client, { retry: retry.policy });

    expect(await getRecord(db, 'assets', good.id)).toEqual(good);
    const q = await quarantineRow(db, 'assets', good.id);
    expect(q?.problems.map((p) => p.path)).toEqual(['tags']);
    expect(q?.rawTruncated).toBe(true);
    expect(q!.raw.length).toBeLessThanOrEqual(4096);
    expect((await syncStatus(db)).collections.find((r) => r.collection === 'assets')!.counts.quarantined).toBe(1);

    const fixed = { ...good, name: 'fixed' };
    platform.put('assets', fixed);
    await syncAll(db, client, { retry: retry.policy });
    expect(await getRecord(db, 'assets', good.id)).toEqual(fixed);
    expect((await allQuarantined(db)).length).toBe(0);
  });

  it('a quarantine row stays small however broken the record is', async () => {
    const { platform, db, client, retry } = setup();
    platform.put('assets', { id: 'a-huge', name: 'x', projectId: 'p', siteId: 's', tags: Array.from({ length: 5000 }, () => 7) });
    await syncCollection(db, client, 'assets', { retry: retry.policy });
    const row = (await quarantineRow(db, 'assets', 'a-huge'))!;
    expect(row.problems).toHaveLength(21);
    expect(row.problems[20].message).toBe('and 4980 more problems');
    expect(JSON.stringify(row).length).toBeLessThan(12_000);
  });

  it("a new record that is invalid is quarantined and not cached, and a put whose key is not the record's is refused", async () => {
    const { platform, db, client, retry } = setup();
    platform.put('users', { id: 'u-bad', name: 'No Email' }, 'u-bad');
    const a = platform.records('assets')[0] as { id: string };
    platform.put('assets', { ...a, name: 'impostor' }, 'ast-other');
    await syncAll(db, client, { retry: retry.policy });
    expect(await getRecord(db, 'users', 'u-bad')).toBeUndefined();
    expect(await getRecord(db, 'assets', 'ast-other')).toBeUndefined();
    const rows = await allQuarantined(db);
    expect(rows.map((r) => `${r.collection}/${r.key}`).sort()).toEqual(['assets/ast-other', 'users/u-bad']);
    expect(rows.find((r) => r.key === 'ast-other')!.problems[0].message).toContain("is not the record's key");
  });

  it('401 stops the whole run with an AuthError, leaves the cache untouched and says so in the status', async () => {
    const { platform, db, client, retry } = setup();
    await syncAll(db, client, { retry: retry.policy });
    const before = await loadSnapshot(db);
    const cursors = (await db.syncState.toArray()).map((r) => r.cursor);
    platform.put('assets', { ...(platform.records('assets')[0] as object), name: 'unseen' });

    const badClient = createApiClient({ baseUrl: BASE, apiKey: 'wrong', fetch: platform.fetch });
    platform.requests.length = 0;
    const report = await syncAll(db, badClient, { retry: retry.policy });
    expect(report.ok).toBe(false);
    expect(report.stoppedBy).toBeInstanceOf(AuthError);
    expect(platform.requests).toHaveLength(1); // no retries, no further collections
    expect(retry.waits).toEqual([]);
    expect(await loadSnapshot(db)).toEqual(before);
    expect((await db.syncState.toArray()).map((r) => r.cursor)).toEqual(cursors);
    const status = await syncStatus(db);
    expect(status.needsAuth).toBe(true);
    expect(status.errors[0]).toMatchObject({ collection: 'organizations', kind: 'AuthError', status: 401 });

    // Fixed credentials clear the error.
    await syncAll(db, client, { retry: retry.policy });
    expect((await syncStatus(db)).needsAuth).toBe(false);
  });

  it('410 Gone drops the collection and fetches it again from the start of the new dataset', async () => {
    const { platform, db, client, retry } = setup();
    await syncAll(db, client, { retry: retry.policy });
    const next = generateFleet({ seed: 8, assets: 40 });
    platform.reset(next);
    const events: SyncProgress[] = [];
    const report = await syncAll(db, client, { retry: retry.policy, onProgress: (e) => events.push(e) });
    expect(report.ok).toBe(true);
    expect(report.collections.every((c) => c.restarts === 1)).toBe(true);
    expect(events.filter((e) => e.phase === 'restart')).toHaveLength(9);
    await expectCacheEquals(db, next);
  });

  it('an abort after some pages keeps what was committed and the next run resumes from the cursor', async () => {
    const { platform, db, client, retry } = setup();
    const controller = new AbortController();
    const run = syncCollection(db, client, 'assets', {
      limit: 10,
      retry: retry.policy,
      signal: controller.signal,
      onProgress: (e) => e.phase === 'page' && e.pagesDone === 3 && controller.abort(new Error('stop')),
    });
    await expect(run).rejects.toThrow('stop');
    expect(await recordCount(db, 'assets')).toBe(30);
    expect((await db.syncState.get('assets'))!.caughtUp).toBe(false);
    expect((await syncStatus(db)).complete).toBe(false);

    platform.requests.length = 0;
    const report = await syncCollection(db, client, 'assets', { limit: 10, retry: retry.policy });
    expect(report.puts).toBe(30);
    expect(platform.pageRequests('assets').map((r) => r.cursor)[0]).not.toBeNull();
    await expectCacheEquals(db, (c) => (c === 'assets' ? platform.records(c) : []));
    // The resumed run finished the first fill: its six pages were compacted into one segment.
    expect(await db.assets.count()).toBe(1);
  });

  it('a crash mid-sync (a new database connection, nothing in memory) resumes from the committed cursor', async () => {
    const { platform, db, reopen, client, retry } = setup();
    let pages = 0;
    // The "crash": the fetch of the 4th page never returns; the old connection is abandoned, not closed.
    const hanging = createApiClient({
      baseUrl: BASE,
      apiKey: platform.apiKey,
      fetch: (input, init) => (++pages === 4 ? new Promise<Response>(() => {}) : platform.fetch(input, init)),
    });
    void syncCollection(db, hanging, 'assets', { limit: 10, retry: retry.policy });
    await expect.poll(() => pages).toBe(4);

    const restarted = reopen();
    open.push(restarted);
    expect(await recordCount(restarted, 'assets')).toBe(30);
    platform.requests.length = 0;
    await runSync(restarted, client, { limit: 10, retry: retry.policy });
    expect(platform.pageRequests('assets')).toHaveLength(3);
    await expectCacheEquals(restarted, (c) => platform.records(c));
  });

  it('5xx, 429, dropped connections and truncated bodies are retried with backoff; nothing bad is applied', async () => {
    const { platform, db, client } = setup();
    const retry = instantRetry({ baseDelayMs: 100, random: () => 0.999 });
    platform.faults.push(
      { kind: 'status', status: 503 },
      { kind: 'status', status: 429, retryAfter: '2' },
      { kind: 'drop' },
      { kind: 'truncate' },
      { kind: 'body', body: JSON.stringify({ collection: 'organizations', changes: 'nope' }) },
    );
    const events: SyncProgress[] = [];
    const report = await syncAll(db, client, { retry: retry.policy, onProgress: (e) => events.push(e) });
    expect(report.ok).toBe(true);
    // Full jitter under 100·2^n (random≈1), but the 429's Retry-After (2 s) wins over its jitter.
    expect(retry.waits).toEqual([99, 2000, 399, 799, 1598]);
    expect(events.filter((e) => e.phase === 'retry').map((e) => e.error!.kind)).toEqual([
      'ServerError',
      'RateLimitError',
      'NetworkError',
      'BadPageError',
      'BadPageError',
    ]);
    await expectCacheEquals(db, (c) => platform.records(c));
  });

  it('when retries run out the collection keeps its last committed state and reports the error; later ones still sync', async () => {
    const { platform, db, client } = setup();
    const retry = instantRetry({ retries: 2 });
    platform.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const report = await syncAll(db, client, { retry: retry.policy });
    expect(report.ok).toBe(false);
    expect(report.collections[0].error).toBeInstanceOf(ServerError);
    expect(retry.waits).toHaveLength(2);
    expect(await recordCount(db, 'organizations')).toBe(0);
    expect(await recordCount(db, 'assets')).toBe(60);
    expect((await syncStatus(db)).errors).toEqual([
      expect.objectContaining({ collection: 'organizations', kind: 'ServerError', status: 500 }),
    ]);
  });

  it('a page that is not valid JSON for the contract is never applied, even when every retry gets one', async () => {
    const { platform, db, client } = setup();
    const retry = instantRetry({ retries: 1 });
    const cut = JSON.stringify({ collection: 'organizations', changes: [{ op: 'put', key: 'org-x', record: { id: 'org-x' } }] }).slice(
      0,
      50,
    );
    platform.faults.push({ kind: 'body', body: cut }, { kind: 'body', body: cut });
    const report = await syncAll(db, client, { retry: retry.policy, collections: ['organizations'] });
    expect(report.collections[0].error).toBeInstanceOf(BadPageError);
    expect(await recordCount(db, 'organizations')).toBe(0);
    expect((await db.syncState.get('organizations'))!.cursor).toBeNull();
  });

  it('two runs at the same time end with the server state and no lost or doubled record', async () => {
    const { platform, db, client, retry } = setup();
    const other = createApiClient({ baseUrl: BASE, apiKey: platform.apiKey, fetch: platform.fetch });
    await Promise.all([syncAll(db, client, { limit: 7, retry: retry.policy }), syncAll(db, other, { limit: 11, retry: retry.policy })]);
    await expectCacheEquals(db, (c) => platform.records(c));
  });

  it('a sync from scratch ends with its small pages compacted into full segments holding the same records', async () => {
    const { platform, db, client, retry } = setup();
    const [a1, a2] = platform.records('assets') as Array<{ id: string; name: string }>;
    // Edited and deleted while the first sync pages through: the feed brings both again.
    let n = 0;
    const events: SyncProgress[] = [];
    await syncCollection(db, client, 'assets', {
      limit: 7,
      retry: retry.policy,
      onProgress: (e) => {
        events.push(e);
        if (e.phase === 'page' && ++n === 2) {
          platform.put('assets', { ...a1, name: 'edited mid-sync' });
          platform.remove('assets', a2.id);
        }
      },
    });
    expect(events.filter((e) => e.phase === 'page').length).toBeGreaterThan(8);
    expect(await db.assets.count()).toBe(1); // 59 records: one segment
    expect((await db.syncState.get('assets'))!.stored).toMatchObject({ records: 59, segments: 1 });
    await expectCacheEquals(db, (c) => (c === 'assets' ? platform.records(c) : []));

    // Incremental syncs add a segment each, and are compacted only once they pile up.
    for (let i = 0; i < MAX_EXTRA_SEGMENTS + 1; i++) {
      platform.put('assets', { ...a1, name: `edit ${i}` });
      await syncCollection(db, client, 'assets', { retry: retry.policy });
      expect(await db.assets.count()).toBe(i < MAX_EXTRA_SEGMENTS ? i + 2 : 1);
    }
    expect((await getRecord(db, 'assets', a1.id))?.name).toBe(`edit ${MAX_EXTRA_SEGMENTS}`);
    await expectCacheEquals(db, (c) => (c === 'assets' ? platform.records(c) : []));
  });

  it('runSync called again while a run is going joins it instead of starting a second one', async () => {
    const { platform, db, client, retry } = setup();
    const first = runSync(db, client, { retry: retry.policy });
    const second = runSync(db, client, { retry: retry.policy });
    expect(second).toBe(first);
    await first;
    expect(platform.pageRequests('assets')).toHaveLength(1);
    // Once it finished, a new call starts a new run.
    await runSync(db, client, { retry: retry.policy });
    expect(platform.pageRequests('assets')).toHaveLength(2);
  });

  it('reports progress per page with running totals and an estimate from the previous complete sync', async () => {
    const { platform, db, client, retry } = setup();
    const first: SyncProgress[] = [];
    await syncCollection(db, client, 'assets', { limit: 25, retry: retry.policy, onProgress: (e) => first.push(e) });
    expect(first.map((e) => [e.phase, e.pagesDone, e.recordsDone])).toEqual([
      ['start', 0, 0],
      ['page', 1, 25],
      ['page', 2, 50],
      ['page', 3, 60],
      ['done', 3, 60],
    ]);
    expect(first[0].estimatedTotal).toBeUndefined();
    await db.syncState.update('assets', { cursor: null }); // force a full refetch
    const second: SyncProgress[] = [];
    await syncCollection(db, client, 'assets', { limit: 25, retry: retry.policy, onProgress: (e) => second.push(e) });
    expect(second.every((e) => e.estimatedTotal === 60)).toBe(true);
    void platform;
  });
});
