// What the sync tells a caller that patches a compiled fleet (issue 13): each committed write, after it committed, as
// one change with the collection's generation before and after; nothing for a write that rolled back; and a 410
// restart as a reset, which no change list can say.
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheDb } from '../../core/cache/db';
import { currentStamp } from '../../core/cache/fleet-image-store';
import type { FleetChange } from '../../core/engine/fleet-patch';
import { generateFleet } from '../../core/generate/fleet';
import type { CollectionName } from '../../core/model/collections';
import type { Asset } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { syncAll, type GenerationMove } from '../../core/sync/sync';
import { FakePlatform } from './fake-platform';
import { freshDb, instantRetry } from './helpers';

const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function setUp() {
  const platform = new FakePlatform(generateFleet({ seed: 5, assets: 60 }));
  const { db } = freshDb();
  open.push(db);
  const client = createApiClient({ baseUrl: 'http://platform.test', apiKey: platform.apiKey, fetch: platform.fetch });
  const commits: Array<{ collection: CollectionName; change: FleetChange; move: GenerationMove }> = [];
  const resets: CollectionName[] = [];
  const run = () =>
    syncAll(db, client, {
      retry: instantRetry({ retries: 0 }).policy,
      onCommit: (collection, change, move) => commits.push({ collection, change, move }),
      onReset: (collection) => resets.push(collection),
    });
  return { platform, db, run, commits, resets };
}

describe('the sync’s report of committed writes', () => {
  it('tells each committed page as one change, its generations chaining to the stored ones', async () => {
    const { platform, db, run, commits } = setUp();
    await run();
    const stamp = await currentStamp(db);
    for (const collection of ['users', 'assets'] as const) {
      const mine = commits.filter((c) => c.collection === collection);
      expect(mine[0].move.from).toBe('');
      mine.slice(1).forEach((c, i) => expect(c.move.from).toBe(mine[i].move.to));
      expect(mine.at(-1)!.move.to).toBe(stamp[collection]);
    }
    commits.length = 0;
    const asset = platform.records('assets')[3] as Asset;
    const removed = (platform.records('assets')[4] as Asset).id;
    platform.put('assets', { ...asset, name: 'Renamed' });
    platform.remove('assets', removed);
    await run();
    expect(commits.map((c) => c.change)).toEqual([{ collection: 'assets', puts: [{ ...asset, name: 'Renamed' }], deletes: [removed] }]);
    expect(commits[0].move).toEqual({ from: stamp.assets, to: (await currentStamp(db)).assets });
  });

  it('tells nothing of a page whose transaction rolled back', async () => {
    const { platform, db, run, commits } = setUp();
    await run();
    commits.length = 0;
    const asset = platform.records('assets')[1] as Asset;
    platform.put('assets', { ...asset, name: 'Never applied' });
    const failing = (): void => {
      throw new Error('disk full');
    };
    db.history.hook('creating', failing);
    const report = await run();
    db.history.hook('creating').unsubscribe(failing);
    expect(report.collections.find((c) => c.collection === 'assets')!.error?.message).toContain('disk full');
    expect(commits).toEqual([]);
  });

  it('tells a 410 restart as a reset of its collection', async () => {
    const { platform, run, resets } = setUp();
    await run();
    platform.reset(generateFleet({ seed: 6, assets: 30 }));
    await run();
    expect(resets).toContain('assets');
  });
});
