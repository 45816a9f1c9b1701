// The sync engine against the real demo platform (demo/server.ts) over HTTP on 127.0.0.1: the cache must end with
// exactly the server's state after full and incremental syncs, under injected faults, across aborts and crashes.
// SYNC_CHAOS_SEEDS raises the number of fault schedules tried (20 by default; the reliability run uses 200).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import type { FeedStore } from '../../demo/store';
import { generateFleet } from '../../core/generate/fleet';
import { loadSnapshot } from '../../core/cache/read';
import type { CacheDb } from '../../core/cache/db';
import type { CollectionName } from '../../core/model/collections';
import { createApiClient, type ApiClient } from '../../core/sync/client';
import { AuthError } from '../../core/sync/errors';
import { syncAll, syncCollection, type SyncProgress, type SyncReport } from '../../core/sync/sync';
import { runSync, syncStatus } from '../../core/sync/run';
import { allQuarantined, expectCacheEquals, freshDb, getRecord, instantRetry, quarantineRow, recordCount } from './helpers';

const CHAOS_SEEDS = Number(process.env.SYNC_CHAOS_SEEDS ?? 20);
const ASSETS = 120;
const SUPPORT_KEY = 'ai-demo-support';

const servers: RunningDemoServer[] = [];
const dbs: CacheDb[] = [];

async function server(opts: Parameters<typeof startDemoServer>[0] = {}): Promise<RunningDemoServer> {
  const s = await startDemoServer({ seed: 11, assets: ASSETS, port: 0, ...opts });
  servers.push(s);
  return s;
}

function db() {
  const made = freshDb();
  dbs.push(made.db);
  return made;
}

/** Counts the changes every sync page carried (to prove an incremental sync fetches only what changed). */
function countingClient(
  s: RunningDemoServer,
  apiKey = SUPPORT_KEY,
): { client: ApiClient; pages: Array<{ url: string; changes: number; status: number }> } {
  const pages: Array<{ url: string; changes: number; status: number }> = [];
  const client = createApiClient({
    baseUrl: s.url,
    apiKey,
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).includes('/sync/')) {
        const text =
          res.status === 200
            ? await res
                .clone()
                .text()
                .catch(() => '')
            : '';
        let changes = 0;
        try {
          changes = (JSON.parse(text) as { changes: unknown[] }).changes.length;
        } catch {
          // cut bodies count as none
        }
        pages.push({ url: String(input), changes, status: res.status });
      }
      return res;
    },
  });
  return { client, pages };
}

afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('sync against the demo platform', () => {
  let shared: RunningDemoServer;
  beforeAll(async () => {
    shared = await server();
  });

  it('a full sync ends with exactly the server state, collection by collection', async () => {
    const { db: cache } = db();
    const report = await syncAll(cache, createApiClient({ baseUrl: shared.url, apiKey: SUPPORT_KEY }), {
      limit: 50,
      retry: instantRetry().policy,
    });
    expect(report.ok).toBe(true);
    await expectCacheEquals(cache, shared.store.snapshot());
    expect((await syncStatus(cache)).complete).toBe(true);
  });

  it('an incremental sync after random edits ends equal again and fetches only the changes', async () => {
    const s = await server({ seed: 12 });
    const { db: cache } = db();
    const { client, pages } = countingClient(s);
    await syncAll(cache, client, { limit: 50, retry: instantRetry().policy });
    const total = pages.reduce((n, p) => n + p.changes, 0);
    pages.length = 0;

    const before = (s as RunningDemoServer).state.store.headSeq;
    s.store.mutateRandom(25, 99);
    const edits = (s as RunningDemoServer).state.store.headSeq - before;
    const report = await syncAll(cache, client, { limit: 50, retry: instantRetry().policy });
    expect(report.ok).toBe(true);
    await expectCacheEquals(cache, s.store.snapshot());
    const fetched = pages.reduce((n, p) => n + p.changes, 0);
    expect(fetched).toBeGreaterThan(0);
    // Each edit is one change of one key; a key edited twice is sent once.
    expect(fetched).toBeLessThanOrEqual(edits);
    expect(fetched).toBeLessThan(total / 4);
  });

  it('a caught-up cache revalidates with ETags: the server answers 304 and nothing is transferred', async () => {
    const { db: cache } = db();
    const { client, pages } = countingClient(shared);
    await syncAll(cache, client, { retry: instantRetry().policy });
    await syncAll(cache, client, { retry: instantRetry().policy });
    pages.length = 0;
    const report = await syncAll(cache, client, { retry: instantRetry().policy });
    expect(report.collections.every((c) => c.notModified)).toBe(true);
    expect(pages.map((p) => p.status)).toEqual(Array(9).fill(304));
  });

  it(
    `converges to the server state under faults and concurrent edits (${CHAOS_SEEDS} fault schedules)`,
    { timeout: 30_000 + CHAOS_SEEDS * 5_000 },
    async () => {
      const injected = { serverError: 0, rateLimit: 0, drop: 0, truncate: 0, duplicatePage: 0 };
      for (let seed = 1; seed <= CHAOS_SEEDS; seed++) {
        const s = await server({
          seed: 100 + seed,
          assets: 80,
          faults: {
            seed,
            latencyMs: [0, 2],
            serverErrorRate: 0.06,
            rateLimitRate: 0.06,
            dropRate: 0.06,
            truncateRate: 0.06,
            duplicatePageRate: 0.1,
            retryAfterMs: [0, 200],
          },
        });
        const made = db();
        let cache = made.db;
        const client = createApiClient({ baseUrl: s.url, apiKey: SUPPORT_KEY });
        const retry = instantRetry({ retries: 12 });
        let edits = 0;
        // The platform changes while the client pages through it.
        const onProgress = (e: SyncProgress) => {
          if (e.phase === 'page' && e.pagesDone % 3 === 0) s.store.mutateRandom(3, seed * 1000 + ++edits);
        };
        if (seed % 2 === 0) {
          // Every other schedule the run is also killed half-way and resumed by a fresh connection.
          const controller = new AbortController();
          let pages = 0;
          const stopAt = 2 + (seed % 7);
          await expect(
            syncAll(cache, client, {
              limit: 15,
              retry: retry.policy,
              signal: controller.signal,
              onProgress: (e) => (onProgress(e), e.phase === 'page' && ++pages === stopAt && controller.abort(new Error('killed'))),
            }),
          ).rejects.toThrow('killed');
          cache.close();
          cache = made.reopen();
          dbs.push(cache);
        }
        const first: SyncReport = await syncAll(cache, client, { limit: 15, retry: retry.policy, onProgress });
        expect(first.ok, `seed ${seed}: ${first.collections.find((c) => c.error)?.error?.message}`).toBe(true);
        s.store.mutateRandom(10, seed);
        const second = await syncAll(cache, client, { limit: 15, retry: retry.policy });
        expect(second.ok, `seed ${seed}`).toBe(true);
        await expectCacheEquals(cache, s.store.snapshot(), `seed ${seed}: `);
        const counts = (s as RunningDemoServer).state.faults!.counts;
        for (const k of Object.keys(injected) as Array<keyof typeof injected>) injected[k] += counts[k];
        cache.close();
        await s.close();
        servers.splice(servers.indexOf(s), 1);
      }
      // The schedules really did inject every kind of fault.
      for (const [kind, n] of Object.entries(injected)) expect(n, kind).toBeGreaterThan(0);
    },
  );

  it('a sync aborted after some pages, then a crash (fresh connection), resumes from the committed cursor without loss', async () => {
    const s = await server({ seed: 13 });
    const { db: cache, reopen } = db();
    const { client, pages } = countingClient(s);
    const controller = new AbortController();
    let pageCount = 0;
    const reported = new Map<string, number>();
    await expect(
      syncAll(cache, client, {
        limit: 20,
        retry: instantRetry().policy,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.phase !== 'page') return;
          reported.set(e.collection, e.recordsDone);
          if (++pageCount === 5) controller.abort(new Error('service worker stopped'));
        },
      }),
    ).rejects.toThrow('service worker stopped');
    // The cache holds what the 5 committed pages brought, and no page that was only asked for ahead of its turn.
    const stored = new Map<string, number>();
    for (const c of reported.keys()) stored.set(c, await recordCount(cache, c as CollectionName));
    const holding = (await cache.syncState.toArray()).filter((r) => r.cursor !== null).map((r) => r.collection);
    expect(holding.sort()).toEqual([...reported.keys()].sort());
    s.store.mutateRandom(15, 5);

    const revived = reopen();
    dbs.push(revived);
    pages.length = 0;
    const report = await runSync(revived, client, { limit: 20, retry: instantRetry().policy });
    expect(report.ok).toBe(true);
    await expectCacheEquals(revived, s.store.snapshot());
    // Nothing committed before the abort is fetched again: the first request resumes with a cursor.
    expect(new URL(pages[0].url).searchParams.get('cursor')).not.toBeNull();
    expect(pageCount).toBe(5);
    expect(stored).toEqual(reported);
  });

  it('an invalid record from the server is quarantined and the previous good version stays', async () => {
    const s = await server({ seed: 14 });
    const { db: cache } = db();
    const client = createApiClient({ baseUrl: s.url, apiKey: SUPPORT_KEY });
    await syncAll(cache, client, { retry: instantRetry().policy });
    const good = s.store.snapshot().assets[3];
    // The demo store refuses invalid records, so write one straight into its feed, as a buggy platform would.
    const store = s.state.store as FeedStore;
    store.feed('assets').write(good.id, { ...good, projectId: 42 }, ++store.headSeq);

    await syncAll(cache, client, { retry: instantRetry().policy });
    expect(await getRecord(cache, 'assets', good.id)).toEqual(good);
    const q = await quarantineRow(cache, 'assets', good.id);
    expect(q?.problems).toEqual([expect.objectContaining({ collection: 'assets', recordId: good.id, path: 'projectId' })]);
  });

  it('records served malformed for a while are fixed by the next sync through the lookup endpoint, with the server clock stepped back', async () => {
    const s = await server({ seed: 17 });
    const { db: cache } = db();
    const client = createApiClient({ baseUrl: s.url, apiKey: SUPPORT_KEY });
    const retry = instantRetry().policy;
    expect((await syncAll(cache, client, { retry })).ok).toBe(true);
    // The platform starts sending a value our schema lacks, and its clock is set back an hour; records change.
    s.setFaults({ seed: 3, malformedRate: 0.5, clockOffsetMs: -3_600_000 });
    s.store.mutateRandom(40, 171);
    const bad = await syncAll(cache, client, { retry });
    expect(bad.ok).toBe(true);
    const refused = bad.collections.reduce((n, c) => n + c.quarantined, 0);
    expect(refused).toBeGreaterThan(0);
    // It behaves again (clock still an hour behind): nothing changes, yet the next sync holds the server's state.
    s.setFaults({ seed: 3, clockOffsetMs: -3_600_000 });
    const report = await syncAll(cache, client, { retry });
    expect(report.ok).toBe(true);
    expect(report.collections.reduce((n, c) => n + c.recovered, 0)).toBe(refused);
    await expectCacheEquals(cache, s.store.snapshot());
    expect(await allQuarantined(cache)).toEqual([]);
  });

  it('401 (unknown key) and 403 (user without access) stop with an AuthError and leave the cache untouched', async () => {
    const { db: cache } = db();
    await syncAll(cache, createApiClient({ baseUrl: shared.url, apiKey: SUPPORT_KEY }), { retry: instantRetry().policy });
    const before = await loadSnapshot(cache);
    for (const [apiKey, status] of [
      ['no-such-key', 401],
      ['ai-demo-disabled', 403],
    ] as const) {
      if (status === 403) expect(shared.apiKeys[apiKey], 'the demo fleet has a disabled user').toBeDefined();
      const report = await syncAll(cache, createApiClient({ baseUrl: shared.url, apiKey }), { retry: instantRetry().policy });
      expect(report.stoppedBy).toBeInstanceOf(AuthError);
      expect((report.stoppedBy as AuthError).status).toBe(status);
      expect(await loadSnapshot(cache)).toEqual(before);
      expect((await syncStatus(cache)).needsAuth).toBe(true);
    }
  });

  it('410 after the platform reset its dataset: each collection is dropped and fetched again', async () => {
    const s = await server({ seed: 15 });
    const { db: cache } = db();
    const client = createApiClient({ baseUrl: s.url, apiKey: SUPPORT_KEY });
    await syncAll(cache, client, { retry: instantRetry().policy });
    s.store.reset(generateFleet({ seed: 16, assets: 70 }));
    const report = await syncAll(cache, client, { retry: instantRetry().policy });
    expect(report.ok).toBe(true);
    expect(report.collections.filter((c) => c.restarts === 1).length).toBeGreaterThan(0);
    await expectCacheEquals(cache, s.store.snapshot());
  });

  it('one collection can be synced on its own', async () => {
    const { db: cache } = db();
    const r = await syncCollection(cache, createApiClient({ baseUrl: shared.url, apiKey: SUPPORT_KEY }), 'assets', { limit: 1000 });
    expect(r.puts).toBe(ASSETS);
    expect(await recordCount(cache, 'users')).toBe(0);
  });
});
