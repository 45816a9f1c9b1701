// A context that did not sync (the second tab, whose sync was skipped under the lock) follows the commits of the one
// that did: its snapshot becomes what the database holds without a reload. Two connections to one database stand
// for two contexts here (Dexie's storagemutated reaches both the same way; across tabs it travels by
// BroadcastChannel, which test/e2e/two-tabs.test.ts checks in Chromium).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateFleet } from '../../core/generate/fleet';
import { CacheFollower } from '../../core/cache/follow';
import { loadSnapshot, type CachedHistory } from '../../core/cache/read';
import { addHistory, compactHistory, toHistoryRow } from '../../core/cache/history';
import type { CacheDb } from '../../core/cache/db';
import type { Snapshot } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { runSync } from '../../core/sync/run';
import { resetCache } from '../../core/sync/sync';
import { FakePlatform } from '../sync/fake-platform';
import { freshDb, instantRetry } from '../sync/helpers';

const open: CacheDb[] = [];
const followers: CacheFollower[] = [];
afterEach(() => {
  for (const f of followers.splice(0)) f.stop();
  for (const db of open.splice(0)) db.close();
});

function twoContexts() {
  const platform = new FakePlatform(generateFleet({ seed: 3, assets: 120 }));
  const { db: writer, reopen } = freshDb();
  const reader = reopen();
  open.push(writer, reader);
  const client = createApiClient({ baseUrl: 'http://platform.test', apiKey: platform.apiKey, fetch: platform.fetch });
  return { platform, writer, reader, client };
}

function follow(db: CacheDb, paused = () => false) {
  const delivered: Snapshot[] = [];
  const histories: (CachedHistory | null)[] = [];
  let commits = 0;
  const follower = new CacheFollower(db, {
    onSnapshot: (s, h) => {
      delivered.push(s);
      histories.push(h);
    },
    onCommit: () => commits++,
    paused,
  });
  followers.push(follower);
  return { follower, delivered, histories, commits: () => commits };
}

describe('following the cache', () => {
  it("delivers another connection's sync to a reader that loaded the empty cache", async () => {
    const { platform, writer, reader, client } = twoContexts();
    const { follower, delivered } = follow(reader);
    expect((await follower.load()).assets).toEqual([]);
    follower.start();

    await runSync(writer, client, { limit: 50, retry: instantRetry().policy });

    // Collections commit one after another (tickets after assets): wait for the follower to have seen the last one.
    const final = await loadSnapshot(writer);
    expect(final.assets).toHaveLength(platform.records('assets').length);
    await expect.poll(() => delivered.at(-1)).toEqual(final);
  });

  it('follows a reset too (the cache emptied elsewhere)', async () => {
    const { writer, reader, client } = twoContexts();
    await runSync(writer, client, { retry: instantRetry().policy });
    const { follower, delivered } = follow(reader);
    expect((await follower.load()).assets.length).toBeGreaterThan(0);
    follower.start();
    await resetCache(writer);
    await expect.poll(() => delivered.at(-1)?.assets.length).toBe(0);
  });

  it("leaves commits to the context's own sync while paused, and catchUp delivers once, only when data changed", async () => {
    const { platform, writer, client } = twoContexts();
    let syncing = true;
    const { follower, delivered, commits } = follow(writer, () => syncing);
    await follower.load();
    follower.start();
    await runSync(writer, client, { limit: 20, retry: instantRetry().policy });
    await new Promise((r) => setTimeout(r, 300));
    expect(delivered).toHaveLength(0);
    syncing = false;
    await follower.catchUp();
    expect(delivered).toHaveLength(1);
    expect(delivered[0].assets).toHaveLength(platform.records('assets').length);
    // Nothing new: a second catch-up reports the commit but delivers no snapshot.
    await follower.catchUp();
    expect(delivered).toHaveLength(1);
    expect(commits()).toBe(2);
  });

  it('delivers a change of the history alone (a compaction) with the history, the snapshot unchanged', async () => {
    const { writer, client } = twoContexts();
    await runSync(writer, client, { retry: instantRetry().policy });
    const [asset] = (await loadSnapshot(writer)).assets;
    const at = new Date().toISOString();
    const entry = { collection: 'assets' as const, key: asset.id, at, author: null, before: { ...asset, name: 'old' }, after: asset };
    await writer.transaction('rw', [writer.history, writer.historyInfo], () => addHistory(writer, [toHistoryRow(entry)], []));
    const { follower, delivered, histories } = follow(writer);
    expect((await follower.loadData()).history?.history.entries).toHaveLength(1);
    await compactHistory(writer, { days: 1, megabytes: 64 }, new Date(Date.now() + 2 * 86_400_000));
    await follower.catchUp();
    expect(delivered).toHaveLength(1);
    expect(histories[0]?.history.entries).toEqual([]);
    expect(delivered[0]).toEqual(await loadSnapshot(writer));
  });

  it('stops quietly when its own connection was closed (the page left) while others keep writing', async () => {
    const { writer, reader, client } = twoContexts();
    const { follower, delivered } = follow(reader);
    await follower.load();
    follower.start();
    reader.close();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await runSync(writer, client, { retry: instantRetry().policy });
      await new Promise((r) => setTimeout(r, 300));
      expect(delivered).toHaveLength(0);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('without onSnapshot reads no data and reports every commit that follows, not only the first (a host that reads for itself)', async () => {
    const { platform, writer, reader, client } = twoContexts();
    let commits = 0;
    const follower = new CacheFollower(reader, { onCommit: () => commits++ });
    followers.push(follower);
    follower.start();
    await runSync(writer, client, { limit: 50, retry: instantRetry().policy });
    await expect.poll(() => commits).toBeGreaterThan(0);
    const seen = commits;
    platform.put('assets', { ...(platform.records('assets')[0] as object), name: 'Renamed' });
    await runSync(writer, client, { retry: instantRetry().policy });
    await expect.poll(() => commits).toBeGreaterThan(seen);
  });

  it('ignores commits to another database', async () => {
    const { reader } = twoContexts();
    const other = twoContexts();
    const { follower, delivered, commits } = follow(reader);
    await follower.load();
    follower.start();
    await runSync(other.writer, other.client, { retry: instantRetry().policy });
    await new Promise((r) => setTimeout(r, 300));
    expect(delivered).toHaveLength(0);
    expect(commits()).toBe(0);
  });
});
