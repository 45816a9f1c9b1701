// Issue 18: the sync records each change in the cache's history in the same transaction as the change (before =
// what the cache held), fills a fresh cache's past from the platform's history endpoint, and never trusts a
// change time to reorder anything: times out of order, in the future or missing, and a 410, leave gaps.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_HISTORY_LIMIT, recordKey, type Change, type HistoryPage, type SyncPage } from '../../core/api/contract';
import type { CacheDb } from '../../core/cache/db';
import { historyEntries, historySince, historyStats } from '../../core/cache/history';
import { loadSnapshot } from '../../core/cache/read';
import { COLLECTION_NAMES, type Asset, type CollectionName, type Snapshot, type Ticket, type User } from '../../core/model/snapshot';
import type { HistoryEntry } from '../../core/model/history';
import { createApiClient, type ApiClient } from '../../core/sync/client';
import { GoneError, RequestError } from '../../core/sync/errors';
import { syncAll } from '../../core/sync/sync';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { smallFleet } from '../demo/fixtures';
import { freshDb, instantRetry, writeChanges } from './helpers';

const DAY = 86_400_000;
const servers: RunningDemoServer[] = [];
const dbs: CacheDb[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) d.close();
  for (const s of servers.splice(0)) await s.close();
});

function db(): CacheDb {
  const made = freshDb();
  dbs.push(made.db);
  return made.db;
}

async function demo(opts: Parameters<typeof startDemoServer>[0] = {}): Promise<RunningDemoServer> {
  const s = await startDemoServer({ snapshot: smallFleet(), ...opts });
  servers.push(s);
  return s;
}

const demoClient = (s: RunningDemoServer) => createApiClient({ baseUrl: s.url, apiKey: 'ai-demo-support' });
const sync = (cache: CacheDb, client: ApiClient) => syncAll(cache, client, { retry: instantRetry().policy });

/** The cache's snapshot with every entry after `time` undone, newest first (the shared design's "state as of"). */
function undoAfter(snapshot: Snapshot, entries: readonly HistoryEntry[], time: number): Record<CollectionName, Map<string, unknown>> {
  const state = Object.fromEntries(
    COLLECTION_NAMES.map((c) => [c, new Map((snapshot[c] ?? []).map((r) => [recordKey(c, r as { id?: string }), r as unknown]))]),
  ) as Record<CollectionName, Map<string, unknown>>;
  for (const e of [...entries].reverse()) {
    if (Date.parse(e.at) <= time) break;
    if (e.before === null) state[e.collection].delete(e.key);
    else state[e.collection].set(e.key, e.before);
  }
  return state;
}

describe('history from the demo platform', () => {
  it('records a change with the cached record before it, its time and its author; the first fill records nothing', async () => {
    const server = await demo();
    const cache = db();
    const client = demoClient(server);
    expect((await sync(cache, client)).ok).toBe(true);
    expect(await historyEntries(cache)).toEqual([]);
    expect(await historySince(cache)).not.toBeNull();

    const tess = server.state.store.get('users', 'u-tech') as User;
    server.state.store.put('users', { ...tess, systemRoleId: 'customer' }, 'u-admin');
    const ticket = server.state.store.snapshot().tickets[0] as Ticket;
    server.state.store.remove('tickets', ticket.id, 'u-qm');
    const report = await sync(cache, client);
    expect(report.ok).toBe(true);

    const entries = await historyEntries(cache);
    expect(entries).toEqual([
      {
        collection: 'users',
        key: 'u-tech',
        at: expect.any(String),
        author: 'u-admin',
        before: tess,
        after: { ...tess, systemRoleId: 'customer' },
      },
      { collection: 'tickets', key: ticket.id, at: expect.any(String), author: 'u-qm', before: ticket, after: null },
    ]);
    const log = server.state.store.history.page(0, 0, 10).changes;
    expect(entries.map((e) => Date.parse(e.at))).toEqual(log.map((c) => c.at));
    expect(await historyEntries(cache, { collection: 'users', key: 'u-tech' })).toHaveLength(1);
    // The current state with the history undone is the state the cache started from.
    const undone = undoAfter(await loadSnapshot(cache), entries, Date.parse(entries[0].at) - 1);
    expect(undone.users.get('u-tech')).toEqual(tess);
    expect(undone.tickets.get(ticket.id)).toEqual(ticket);

    // Syncing again changes nothing and records nothing.
    await sync(cache, client);
    expect(await historyEntries(cache)).toHaveLength(2);
    expect((await historyStats(cache)).count).toBe(2);
  });

  it("a change's before-record read ahead (on the page's arrival) is read again when the collection was written since", async () => {
    const server = await demo();
    const cache = db();
    expect((await sync(cache, demoClient(server))).ok).toBe(true);
    const tess = server.state.store.get('users', 'u-tech') as User;
    server.state.store.put('users', { ...tess, name: 'Tess (platform)' }, 'u-admin');
    // Another writer changes the cached user after this run's users page arrived (and its before-record was read)
    // and before that page commits: the sites page, which commits first, is held until then.
    let usersArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (usersArrived = resolve));
    const inBetween = { ...tess, name: 'Tess (written in between)' };
    const client = createApiClient({
      baseUrl: server.url,
      apiKey: 'ai-demo-support',
      fetch: async (input, init) => {
        const url = String(input);
        if (url.includes('/sync/sites')) {
          await arrived;
          await new Promise((r) => setTimeout(r, 50));
          await writeChanges(cache, 'users', [inBetween]);
        }
        const res = await fetch(input, init);
        if (url.includes('/sync/users')) setTimeout(usersArrived, 0);
        return res;
      },
    });
    expect((await sync(cache, client)).ok).toBe(true);
    const [entry] = await historyEntries(cache, { collection: 'users', key: 'u-tech' });
    expect(entry.before).toEqual(inBetween);
    expect(entry.after).toEqual({ ...tess, name: 'Tess (platform)' });
  });

  it('a fresh install fills the last days from the history endpoint; undoing them gives the dataset they started from', async () => {
    const server = await demo({ clockOffsetMs: -10 * DAY });
    const store = server.state.store;
    const start = store.snapshot();
    const tickets = start.tickets as Ticket[];
    store.clockOffsetMs = -5 * DAY;
    store.put('tickets', { ...tickets[0], title: 'five days ago' }, 'u-qm');
    store.clockOffsetMs = -2 * DAY;
    store.remove('tickets', tickets[1].id, 'u-admin');
    store.put('users', { ...(store.get('users', 'u-tech') as User), systemRoleId: 'customer' }, 'u-admin');
    store.clockOffsetMs = 0;

    const cache = db();
    const report = await sync(cache, demoClient(server));
    expect(report.history?.fill).toMatchObject({ kind: 'filled', entries: 3, gaps: 0 });
    const entries = await historyEntries(cache);
    expect(entries.map((e) => [e.collection, e.key, e.author])).toEqual([
      ['tickets', tickets[0].id, 'u-qm'],
      ['tickets', tickets[1].id, 'u-admin'],
      ['users', 'u-tech', 'u-admin'],
    ]);
    const since = await historySince(cache);
    expect(Date.parse(since!)).toBeLessThan(Date.parse(entries[0].at));
    const undone = undoAfter(await loadSnapshot(cache), entries, Date.parse(since!));
    for (const c of COLLECTION_NAMES) {
      expect(undone[c], c).toEqual(new Map((start[c] ?? []).map((r) => [recordKey(c, r as { id?: string }), r])));
    }
    // Once only.
    expect((await sync(cache, demoClient(server))).history?.fill).toBeUndefined();
  });

  it("the fill asks for history pages of the contract's most entries and reads on across them", async () => {
    const server = await demo({ clockOffsetMs: -3 * DAY });
    const store = server.state.store;
    const ticket = (store.snapshot().tickets as Ticket[])[0];
    const edits = MAX_HISTORY_LIMIT + 200;
    for (let i = 0; i < edits; i++) store.put('tickets', { ...ticket, title: `edit ${i}` }, 'u-qm');
    store.clockOffsetMs = 0;
    const limits: string[] = [];
    const client = createApiClient({
      baseUrl: server.url,
      apiKey: 'ai-demo-support',
      fetch: (input, init) => {
        const url = new URL(String(input));
        if (url.pathname.endsWith('/history')) limits.push(url.searchParams.get('limit') ?? '');
        return fetch(input, init);
      },
    });
    const report = await sync(db(), client);
    expect(report.history?.fill).toMatchObject({ kind: 'filled', entries: edits });
    // Two pages of entries (the demo may end with an empty page that says no more), each asked at the most.
    expect(limits.length).toBeGreaterThanOrEqual(2);
    expect(new Set(limits)).toEqual(new Set([String(MAX_HISTORY_LIMIT)]));
  });

  it('a cache from before the history starts one at its next sync, even when nothing changed (304)', async () => {
    const server = await demo();
    const cache = db();
    await sync(cache, demoClient(server));
    await sync(cache, demoClient(server)); // caught up on its own cursor: the next asks with If-None-Match
    // As a version-3 cache has them: caught up, no history coverage, never filled.
    await cache.transaction('rw', [cache.syncState, cache.historyInfo], async () => {
      for (const row of await cache.syncState.toArray()) await cache.syncState.put({ ...row, history: undefined });
      await cache.historyInfo.clear();
    });
    expect(await historySince(cache)).toBeNull();
    const report = await sync(cache, demoClient(server));
    expect(report.collections.every((c) => c.notModified)).toBe(true);
    expect(await historySince(cache)).not.toBeNull();
    expect(report.history?.fill).toMatchObject({ kind: 'filled' });
  });

  it('a platform keeping less than the retention: the fill starts where its history does (410 with since)', async () => {
    const server = await demo({ clockOffsetMs: -3 * DAY, history: { days: 2 } });
    server.state.store.clockOffsetMs = -1 * DAY;
    server.state.store.put('tickets', { ...(server.state.store.snapshot().tickets[0] as Ticket), title: 'yesterday' });
    server.state.store.clockOffsetMs = 0;
    const cache = db();
    const report = await sync(cache, demoClient(server));
    expect(report.history?.fill).toMatchObject({ kind: 'filled', entries: 1 });
    // The demo kept from its start (3 days ago), less than the 30 asked for.
    const since = Date.parse((await historySince(cache))!);
    expect(Math.abs(since - (Date.now() - 3 * DAY))).toBeLessThan(60_000);
  });
});

/** A platform scripted page by page: a first fill per collection, then the pages a test queues. */
class ScriptedPlatform implements ApiClient {
  readonly queued = new Map<CollectionName, Array<SyncPage | Error>>();
  history?: ApiClient['history'];
  private n = 0;
  constructor(
    private readonly snapshot: Snapshot,
    private readonly fillTime = '2026-11-01T00:00:00.000Z',
  ) {}

  queue(collection: CollectionName, ...pages: Array<Omit<SyncPage, 'collection' | 'cursor' | 'hasMore'> | Error>): void {
    const list = this.queued.get(collection) ?? [];
    for (const p of pages) list.push(p instanceof Error ? p : { collection, cursor: `c${++this.n}`, hasMore: false, ...p });
    this.queued.set(collection, list);
  }

  async fetchPage(collection: CollectionName, request: { cursor: string | null }) {
    const next = this.queued.get(collection)?.shift();
    if (next instanceof Error) throw next;
    if (next) return { kind: 'page' as const, page: next, etag: null, fresh: true };
    const changes: Change[] =
      request.cursor === null
        ? (this.snapshot[collection] ?? []).map((r) => ({
            op: 'put' as const,
            key: recordKey(collection, r as { id?: string }),
            record: r,
          }))
        : [];
    return {
      kind: 'page' as const,
      page: { collection, changes, cursor: request.cursor ?? `fill-${collection}`, hasMore: false, serverTime: this.fillTime },
      etag: null,
      fresh: true,
    };
  }

  /** What a lookup of quarantined keys answers (none: the keys are not asked for). */
  lookupAnswer: Change[] | null = null;
  lookup = async (_collection: CollectionName, keys: readonly string[]): Promise<Change[]> =>
    (this.lookupAnswer ?? []).filter((c) => keys.includes(c.key));

  async me(): Promise<never> {
    throw new Error('not used');
  }
}

const ticketOf = (s: Snapshot, i: number) => s.tickets[i] as Ticket;
/** The scripted platform lives in November 2026: the client's clock too (retention counts from it). */
const syncScripted = (cache: CacheDb, client: ApiClient) =>
  syncAll(cache, client, { retry: instantRetry().policy, now: () => new Date('2026-11-10T00:00:00Z') });
const put = (t: Ticket, title: string, at?: string): Change => ({ op: 'put', key: t.id, record: { ...t, title }, ...(at ? { at } : {}) });

describe('history from a platform that misbehaves', () => {
  it('times out of order keep the feed order, dated at the newest time so far, with a gap over them', async () => {
    const s = smallFleet();
    const platform = new ScriptedPlatform(s);
    const cache = db();
    await syncScripted(cache, platform);
    const [a, b] = [ticketOf(s, 0), ticketOf(s, 1)];
    platform.queue('tickets', {
      changes: [put(a, 'first', '2026-11-02T10:00:00Z'), put(b, 'second', '2026-11-02T09:00:00Z')],
      serverTime: '2026-11-02T11:00:00Z',
    });
    await syncScripted(cache, platform);
    const entries = await historyEntries(cache);
    expect(entries.map((e) => [(e.after as Ticket).title, e.at])).toEqual([
      ['first', '2026-11-02T10:00:00.000Z'],
      ['second', '2026-11-02T10:00:00.000Z'],
    ]);
    expect((await historyStats(cache)).gaps).toEqual([
      { from: '2026-11-02T09:00:00.000Z', to: '2026-11-02T10:00:00.000Z', reason: 'the platform sent tickets changes out of time order' },
    ]);
    // A later page dated before what is recorded is clamped as well: never reordered.
    platform.queue('tickets', { changes: [put(a, 'third', '2026-11-01T12:00:00Z')], serverTime: '2026-11-02T12:00:00Z' });
    await syncScripted(cache, platform);
    expect((await historyEntries(cache)).at(-1)).toMatchObject({ at: '2026-11-02T10:00:00.000Z', before: { title: 'first' } });
  });

  it("a change time after its page's own time is dated at the page, with a gap; a change without a time too", async () => {
    const s = smallFleet();
    const platform = new ScriptedPlatform(s);
    const cache = db();
    await syncScripted(cache, platform);
    const [a, b] = [ticketOf(s, 0), ticketOf(s, 1)];
    platform.queue('tickets', { changes: [put(a, 'future', '2030-01-01T00:00:00Z')], serverTime: '2026-11-03T00:00:00Z' });
    platform.queue('tickets', { changes: [put(b, 'untimed')], serverTime: '2026-11-04T00:00:00Z' });
    await syncScripted(cache, platform);
    await syncScripted(cache, platform);
    const entries = await historyEntries(cache);
    expect(entries.map((e) => [(e.after as Ticket).title, e.at])).toEqual([
      ['future', '2026-11-03T00:00:00.000Z'],
      ['untimed', '2026-11-04T00:00:00.000Z'],
    ]);
    expect((await historyStats(cache)).gaps).toEqual([
      {
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-04T00:00:00.000Z',
        reason: 'the platform dated tickets changes after its own clock; the platform sent tickets changes without readable times',
      },
    ]);
  });

  it('a 410 fetches the collection again without recording the refill, keeps the history before it, and marks the gap', async () => {
    const s = smallFleet();
    const platform = new ScriptedPlatform(s);
    const cache = db();
    await syncScripted(cache, platform);
    const a = ticketOf(s, 0);
    platform.queue('tickets', { changes: [put(a, 'before the 410', '2026-11-02T00:00:00Z')], serverTime: '2026-11-02T00:00:01Z' });
    await syncScripted(cache, platform);
    platform.queue('tickets', new GoneError('gone', 410), {
      changes: [put(a, 'after the 410', '2026-11-05T00:00:00Z')],
      serverTime: '2026-11-06T00:00:00Z',
    });
    await syncScripted(cache, platform);
    const entries = await historyEntries(cache);
    expect(entries.map((e) => (e.after as Ticket).title)).toEqual(['before the 410']);
    expect((await historyStats(cache)).gaps).toEqual([
      {
        from: '2026-11-02T00:00:00.000Z',
        to: '2026-11-06T00:00:00.000Z',
        reason: "the platform's tickets feed expired (410) and was fetched again in full: changes in between are unknown",
      },
    ]);
    // Recording goes on after the refill.
    platform.queue('tickets', { changes: [put(a, 'later', '2026-11-07T00:00:00Z')], serverTime: '2026-11-07T00:00:01Z' });
    await syncScripted(cache, platform);
    expect((await historyEntries(cache)).at(-1)).toMatchObject({ at: '2026-11-07T00:00:00.000Z', before: { title: 'after the 410' } });
  });

  it('history pages out of order, in the future or with invalid records are clamped or left out, with gaps', async () => {
    const s = smallFleet();
    const platform = new ScriptedPlatform(s, '2026-11-10T00:00:00.000Z');
    const [a, b, c] = [ticketOf(s, 0), ticketOf(s, 1), ticketOf(s, 2)];
    const entry = (t: Ticket, at: string, before: unknown, after: unknown) => ({
      collection: 'tickets' as const,
      key: t.id,
      at,
      author: null,
      before,
      after,
    });
    const pages: HistoryPage[] = [
      {
        entries: [entry(a, '2026-11-05T00:00:00Z', { ...a, title: 'old' }, a), entry(b, '2026-11-04T00:00:00Z', { ...b, title: 'old' }, b)],
        cursor: 'h1',
        hasMore: true,
        since: '2026-10-01T00:00:00Z',
        serverTime: '2026-11-06T00:00:00Z',
      },
      {
        entries: [entry(c, '2026-11-08T00:00:00Z', { ...c, title: 'old' }, c), entry(a, '2026-11-05T12:00:00Z', { id: a.id }, a)],
        cursor: 'h2',
        hasMore: false,
        since: '2026-10-01T00:00:00Z',
        serverTime: '2026-11-07T00:00:00Z',
      },
    ];
    const asked: Array<string | null | undefined> = [];
    platform.history = async (request) => {
      asked.push(request.cursor ?? request.since);
      return pages[request.cursor === 'h1' ? 1 : 0];
    };
    const cache = db();
    const report = await syncAll(cache, platform, { retry: instantRetry().policy, now: () => new Date('2026-11-10T00:00:00Z') });
    expect(report.history?.fill).toMatchObject({ kind: 'filled', entries: 3 });
    expect(asked).toEqual(['2026-10-11T00:00:00.000Z', 'h1']);
    const entries = await historyEntries(cache);
    expect(entries.map((e) => [e.key, e.at])).toEqual([
      [a.id, '2026-11-05T00:00:00.000Z'],
      [b.id, '2026-11-05T00:00:00.000Z'],
      [c.id, '2026-11-07T00:00:00.000Z'],
    ]);
    // Touching gaps are one hole.
    expect((await historyStats(cache)).gaps).toEqual([
      {
        from: '2026-11-04T00:00:00.000Z',
        to: '2026-11-07T00:00:00.000Z',
        reason:
          "the platform sent tickets changes out of time order; the platform dated tickets changes after its own clock; the platform's history held an invalid tickets record",
      },
    ]);
    expect(await historySince(cache)).toBe('2026-10-11T00:00:00.000Z');
  });

  it('a refused record leaves no entry; when it comes back valid (a lookup, no time) it is dated at the newest time, with a gap', async () => {
    const s = smallFleet();
    const platform = new ScriptedPlatform(s);
    const cache = db();
    await syncScripted(cache, platform);
    const [a, b] = [ticketOf(s, 0), ticketOf(s, 1)];
    platform.queue('tickets', {
      changes: [
        { op: 'put', key: a.id, record: { ...a, projectId: 42 }, at: '2026-11-02T00:00:00Z' },
        put(b, 'fine', '2026-11-03T00:00:00Z'),
      ],
      serverTime: '2026-11-03T00:00:01Z',
    });
    await syncScripted(cache, platform);
    expect((await historyEntries(cache)).map((e) => e.key)).toEqual([b.id]);
    platform.lookupAnswer = [{ op: 'put', key: a.id, record: { ...a, title: 'repaired' } }];
    await syncScripted(cache, platform);
    expect((await historyEntries(cache)).at(-1)).toMatchObject({
      key: a.id,
      at: '2026-11-03T00:00:00.000Z',
      before: a,
      after: { title: 'repaired' },
    });
    expect((await historyStats(cache)).gaps).toEqual([
      {
        from: '2026-11-03T00:00:00.000Z',
        to: '2026-11-03T00:00:00.000Z',
        reason: 'tickets records refused earlier came back valid; when they changed is unknown',
      },
    ]);
  });

  it("the fill keeps within the retention's megabytes: the oldest changes are left out and the history starts after them", async () => {
    const s = smallFleet();
    const platform = new ScriptedPlatform(s, '2026-11-10T00:00:00.000Z');
    const a = s.assets[0] as Asset;
    // About 300 KB each (records stay within the model's limits: 5,000 tags of 60 characters).
    const big = (n: string) => ({ ...a, tags: Array.from({ length: 5000 }, (_, i) => `${n}-${String(i).padStart(56, '0')}`) });
    platform.history = async () => ({
      entries: [
        { collection: 'assets', key: a.id, at: '2026-11-01T00:00:00Z', author: null, before: big('1'), after: big('2') },
        { collection: 'assets', key: a.id, at: '2026-11-02T00:00:00Z', author: null, before: big('2'), after: big('3') },
        { collection: 'assets', key: a.id, at: '2026-11-03T00:00:00Z', author: null, before: big('3'), after: a },
      ],
      cursor: 'h',
      hasMore: false,
      since: '2026-10-01T00:00:00Z',
      serverTime: '2026-11-10T00:00:00Z',
    });
    const cache = db();
    await syncAll(cache, platform, {
      retry: instantRetry().policy,
      now: () => new Date('2026-11-10T00:00:00Z'),
      history: { megabytes: 1 },
    });
    // 1.5 MB offered: the oldest (0.6 MB) is left out, the other two fit.
    expect((await historyEntries(cache)).map((e) => e.at)).toEqual(['2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z']);
    expect(await historySince(cache)).toBe('2026-11-01T00:00:00.000Z');
    expect((await historyStats(cache)).bytes).toBeLessThan(1024 * 1024);
  });

  it('a platform without the history endpoint: the history starts at the first sync, and the fill is not asked again', async () => {
    const s = smallFleet();
    const platform = new ScriptedPlatform(s);
    let calls = 0;
    platform.history = async () => {
      calls++;
      throw new RequestError('GET /history answered 404', 404);
    };
    const cache = db();
    expect((await syncScripted(cache, platform)).history?.fill).toEqual({ kind: 'unavailable' });
    await syncScripted(cache, platform);
    expect(calls).toBe(1);
    expect(await historySince(cache)).toBe('2026-11-01T00:00:00.000Z');
  });
});
