// @vitest-environment happy-dom
// Hostile records arriving through the sync: each is quarantined with an error naming the record and the path,
// the last good version stays in the cache, the engine's answers do not move, nothing reaches Object.prototype,
// and the panel's Sync view lists every quarantined record (briefly, however big the record was).
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { recordKey } from '../../core/api/contract';
import type { CacheDb } from '../../core/cache/db';
import { loadSnapshot, quarantinedRecords } from '../../core/cache/read';
import { compileFleet, explainTicket, visibleAssets } from '../../core/engine';
import { generateFleet } from '../../core/generate/fleet';
import { createApiClient } from '../../core/sync/client';
import { syncStatus } from '../../core/sync/run';
import { syncAll } from '../../core/sync/sync';
import { createDirectSource } from '../../core/source/direct-source';
import { toPanelSyncStatus } from '../../core/source/sync-status';
import { SyncView } from '../../components/views/SyncView';
import { inPanel } from '../components/in-panel';
import { FakePlatform } from '../sync/fake-platform';
import { expectCacheEquals, freshDb, getRecord, instantRetry } from '../sync/helpers';
import { hostileCases } from './hostile-records';

const open: CacheDb[] = [];
afterEach(() => {
  cleanup();
  for (const db of open.splice(0)) db.close();
});

const good = generateFleet({ seed: 8, assets: 25 });
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

/** Every answer of the engine the panel shows, for every user: what must not move when hostile records arrive. */
function engineAnswers(snapshot: typeof good) {
  const fleet = compileFleet(snapshot);
  return snapshot.users.map((u) => ({
    assets: visibleAssets(fleet, u.id, { all: true }).assets,
    tickets: snapshot.tickets.map((t) => explainTicket(fleet, u.id, t.id)),
  }));
}

describe('hostile records from the platform', () => {
  it('are quarantined with errors naming record and path, the last good data and the engine stay, and the Sync view lists them', async () => {
    const platform = new FakePlatform(good);
    const { db } = freshDb();
    open.push(db);
    const client = createApiClient({ baseUrl: 'http://platform.test', apiKey: platform.apiKey, fetch: platform.fetch });
    const retry = instantRetry().policy;
    expect((await syncAll(db, client, { limit: 40, retry })).ok).toBe(true);
    const before = engineAnswers(await loadSnapshot(db));

    const cases = hostileCases(good);
    const keys = new Map<string, string>();
    for (const k of cases) {
      if (k.name.includes('nested')) continue; // too deep for the fake platform's own JSON.stringify: sent as text below
      const record = JSON.parse(k.json);
      const key = recordKey(k.collection, record);
      keys.set(k.name, key);
      platform.put(k.collection, record, key);
    }
    // The deep record goes out as a hand-written page (the first request of the next run: organizations).
    const deep = cases.find((k) => k.name.includes('nested'))!;
    keys.set(deep.name, 'org-deep');
    const cursor = (await db.syncState.get('organizations'))!.cursor;
    platform.faults.push({
      kind: 'body',
      body: `{"collection":"organizations","changes":[{"op":"put","key":"org-deep","record":${deep.json}}],"cursor":${JSON.stringify(cursor)},"hasMore":true,"serverTime":"${new Date().toISOString()}"}`,
    });

    const report = await syncAll(db, client, { limit: 40, retry });
    // Bad records are not a failed sync: everything else synced.
    expect(report.ok).toBe(true);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).enabled).toBeUndefined();

    const rows = await quarantinedRecords(db);
    for (const k of cases) {
      const key = keys.get(k.name)!;
      const row = rows.find((r) => r.collection === k.collection && key.startsWith(r.key.split('…#')[0]));
      expect(row, k.name).toBeDefined();
      // Kept small whatever came in: the raw record is cut, the key too.
      expect(row!.raw.length, k.name).toBeLessThanOrEqual(4096);
      expect(row!.key.length, k.name).toBeLessThanOrEqual(300);
      const problem = row!.problems.find((p) => p.path.startsWith(k.path));
      expect(problem, `${k.name}: ${JSON.stringify(row!.problems).slice(0, 300)}`).toBeDefined();
      expect(problem!.recordId).toBe(k.recordId);
      expect(problem!.message).toMatch(k.message);
    }
    // Hostile updates left the good versions, hostile newcomers left nothing: the cache is the good fleet.
    await expectCacheEquals(db, good);
    expect(engineAnswers(await loadSnapshot(db))).toEqual(before);
    // The counts the panel shows agree.
    const status = await syncStatus(db);
    expect(status.errors).toEqual([]);

    // The Sync view lists each quarantined record by collection and key, with the path and the reason.
    const fields = toPanelSyncStatus({ status, quarantine: rows });
    const source = createDirectSource({ snapshot: await loadSnapshot(db), status: fields });
    const view = render(inPanel(<SyncView />, { source, status: { ...fields, dataVersion: 1 } }));
    const items = [...view.container.querySelectorAll('ul.quarantine li')];
    expect(items).toHaveLength(cases.length);
    for (const k of cases) {
      const key = keys.get(k.name)!;
      const item = items.find(
        (li) => li.textContent!.startsWith(`${k.collection} ${key.slice(0, 100)}`) && li.textContent!.includes(k.path),
      );
      expect(item, k.name).toBeDefined();
      expect(item!.textContent).toMatch(k.message);
      // A 10 MB record does not become a 10 MB list item.
      expect(item!.textContent!.length).toBeLessThan(2_000);
    }
    // Shown as text only: no element came from the data.
    expect(view.container.querySelectorAll('ul.quarantine li *')).toHaveLength(0);

    // A good version of a quarantined record ends its quarantine.
    const role = good.projectRoles[0];
    platform.put('projectRoles', { ...role, name: 'Fixed' });
    await syncAll(db, client, { limit: 40, retry });
    expect((await getRecord(db, 'projectRoles', role.id))!.name).toBe('Fixed');
    expect((await quarantinedRecords(db)).some((r) => r.collection === 'projectRoles' && r.key === role.id)).toBe(false);
  });

  it('a long (valid) key that was quarantined is cleared by its good version, under the same cut key', async () => {
    const platform = new FakePlatform(good);
    const { db } = freshDb();
    open.push(db);
    const client = createApiClient({ baseUrl: 'http://platform.test', apiKey: platform.apiKey, fetch: platform.fetch });
    const retry = instantRetry().policy;
    const id = `a-${'long'.repeat(1_000)}`;
    const asset = { ...good.assets[0], id };
    platform.put('assets', { ...asset, tags: 'not a list' });
    await syncAll(db, client, { retry });
    const [row] = await quarantinedRecords(db);
    expect(row.key.length).toBeLessThan(300);
    expect(row.problems[0]).toMatchObject({ path: 'tags' });
    platform.put('assets', asset);
    await syncAll(db, client, { retry });
    expect(await quarantinedRecords(db)).toEqual([]);
    expect(await getRecord(db, 'assets', id)).toEqual(asset);
  });
});
