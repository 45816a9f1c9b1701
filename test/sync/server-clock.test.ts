// The sync must not depend on the server's wall clock going forwards (issue 14, 3): a server clock stepped back, a
// clock a day ahead then corrected, and client/server skew. Replays are told apart by the request id a page echoes,
// never by its time, and "data as of" is the client's time when the final request left.
import { afterEach, describe, expect, it } from 'vitest';
import { generateFleet } from '../../core/generate/fleet';
import type { CacheDb } from '../../core/cache/db';
import { createApiClient } from '../../core/sync/client';
import { syncAll } from '../../core/sync/sync';
import { syncStatus } from '../../core/sync/run';
import { FakePlatform } from './fake-platform';
import { expectCacheEquals, freshDb, instantRetry } from './helpers';

const BASE = 'http://platform.test';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const open: CacheDb[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/**
 * A server whose clock runs `offset()` away from the real one, each reading 1 ms after the last until `step()`
 * (the clock is set: it may then read earlier than before).
 */
function platformWithClock(offset: () => number) {
  const platform = new FakePlatform(generateFleet({ seed: 21, assets: 80 }));
  let last = -Infinity;
  platform.now = () => {
    last = Math.max(Date.now() + offset(), last + 1);
    return new Date(last);
  };
  return { platform, step: () => (last = -Infinity) };
}

function setup(platform: FakePlatform) {
  const { db } = freshDb();
  open.push(db);
  const client = createApiClient({ baseUrl: BASE, apiKey: platform.apiKey, fetch: platform.fetch });
  return { db, client, retry: instantRetry().policy };
}

function edit(platform: FakePlatform, n: number, tag: string) {
  const assets = platform.records('assets') as Array<{ id: string; name: string }>;
  for (const a of assets.slice(0, n)) platform.put('assets', { ...a, name: `${a.name} ${tag}` });
  const gone = assets[assets.length - 1];
  platform.remove('assets', gone.id);
}

describe('sync and server clocks', () => {
  it('a server clock stepped back an hour while data changes: every collection catches up, in as many requests as pages', async () => {
    let offset = 0;
    const { platform, step } = platformWithClock(() => offset);
    const { db, client, retry } = setup(platform);
    expect((await syncAll(db, client, { limit: 10, retry })).ok).toBe(true);

    offset = -HOUR;
    step();
    edit(platform, 35, 'after the step');
    platform.requests.length = 0;
    const report = await syncAll(db, client, { limit: 10, retry });
    expect(report.collections.filter((c) => c.error).map((c) => `${c.collection}: ${c.error!.message}`)).toEqual([]);
    expect(report.ok).toBe(true);
    await expectCacheEquals(db, (c) => platform.records(c));
    // 36 changes of assets at 10 a page: 4 pages; one page for each other collection. Nothing is asked twice.
    expect(platform.pageRequests('assets')).toHaveLength(4);
    expect(platform.pageRequests()).toHaveLength(4 + 8);
    expect((await syncStatus(db)).errors).toEqual([]);
  });

  it('a server clock a day ahead, then corrected: "data as of" never claims the future and the next syncs go on as usual', async () => {
    let offset = DAY;
    const { platform, step } = platformWithClock(() => offset);
    const { db, client, retry } = setup(platform);
    expect((await syncAll(db, client, { limit: 25, retry })).ok).toBe(true);
    const status = await syncStatus(db);
    expect(Date.parse(status.dataAsOf!)).toBeLessThanOrEqual(Date.now());

    offset = 0;
    step();
    for (const round of [1, 2]) {
      edit(platform, 5, `round ${round}`);
      const t0 = Date.now();
      const report = await syncAll(db, client, { limit: 25, retry });
      expect(report.ok, `round ${round}: ${report.collections.find((c) => c.error)?.error?.message}`).toBe(true);
      await expectCacheEquals(db, (c) => platform.records(c));
      const asOf = Date.parse((await syncStatus(db)).dataAsOf!);
      expect(asOf).toBeGreaterThanOrEqual(t0);
      expect(asOf).toBeLessThanOrEqual(Date.now());
    }
  });

  it('client and server clocks hours apart either way: the sync succeeds and "data as of" is on the client\'s clock', async () => {
    for (const skew of [3 * HOUR, -3 * HOUR]) {
      const { platform } = platformWithClock(() => skew);
      const { db, client, retry } = setup(platform);
      // The client's clock: fixed, so "data as of" can be checked exactly.
      const clientNow = new Date('2026-06-01T12:00:00.000Z');
      expect((await syncAll(db, client, { limit: 25, retry, now: () => clientNow })).ok).toBe(true);
      edit(platform, 3, 'skewed');
      const report = await syncAll(db, client, { limit: 25, retry, now: () => clientNow });
      expect(report.ok).toBe(true);
      await expectCacheEquals(db, (c) => platform.records(c));
      const status = await syncStatus(db);
      expect(status.dataAsOf).toBe(clientNow.toISOString());
      expect(status.collections.every((c) => c.dataAsOf === clientNow.toISOString())).toBe(true);
    }
  });

  it('an old answer served again is still caught with the server clock stepped back (its time looks newer than the fresh one)', async () => {
    let offset = 0;
    const { platform, step } = platformWithClock(() => offset);
    const { db, client, retry } = setup(platform);
    await syncAll(db, client, { retry, collections: ['assets'] });
    await syncAll(db, client, { retry, collections: ['assets'] }); // the empty "nothing new" page, now replayable
    offset = -HOUR;
    step();
    edit(platform, 2, 'later');
    platform.faults.push({ kind: 'duplicate' });
    const report = await syncAll(db, client, { retry, collections: ['assets'] });
    expect(report.collections[0]).toMatchObject({ stale: 1 });
    await expectCacheEquals(db, (c) => (c === 'assets' ? platform.records(c) : []));
  });
});
