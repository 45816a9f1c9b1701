// The extension's service worker stopped in the middle of a sync, in Debian's Chromium: the browser may stop an MV3
// worker at any moment, so the test does exactly that through DevTools (ServiceWorker.stopAllWorkers) while the
// background pages through a 40,000-asset fleet (four pages) served slowly, twice. After each stop IndexedDB holds
// whole pages only (assets come from the start in pages of MAX_PAGE_LIMIT, 10,000, so a partial page would leave a
// count that is not a multiple of it) and a cursor exactly when it holds data. Then the platform changes (edits,
// deletions, records deleted and re-created), "Sync now" wakes a fresh worker, which resumes from the committed cursor
// (its first assets request carries one), and the cache ends equal to the server, record for record.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_LIMIT, recordKey } from '../../core/api/contract';
import { COLLECTION_NAMES, type CollectionName } from '../../core/model/snapshot';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { grantHostAccess, launchWithExtension, type ExtensionBrowser } from '../e2e/support/browser';
import { ensureBuilt } from '../e2e/support/build';
import { extensionUrl, Recorder } from '../security/browser-support';

const ASSETS = 40_000;
let server: RunningDemoServer;
let ext: ExtensionBrowser;
let recorder: Recorder;
let page: Page;
let cdp: CDPSession;
const workerStates: string[] = [];

interface CacheView {
  counts: Record<string, number>;
  cursors: Record<string, string | null>;
  caughtUp: Record<string, boolean>;
}

/**
 * Reads the extension's IndexedDB from one of its own pages (same origin as the worker). Each collection's table
 * holds segments (core/cache/db.ts): they are replayed here, in key order, the way core/cache/segments.ts does.
 */
function readCache(p: Page, withRecords: boolean): Promise<CacheView & { records?: Record<string, unknown[]> }> {
  return p.evaluate(
    ({ names, withRecords: all }) =>
      new Promise((resolve, reject) => {
        // Before the worker has created its database, this read must neither create it (an open without a version
        // would make an empty one) nor hold a connection that blocks the worker's schema upgrade.
        const none = () => ({ counts: Object.fromEntries(names.map((n) => [n, 0])), cursors: {}, caughtUp: {} });
        let creating = false;
        const open = indexedDB.open('access-inspector');
        open.onupgradeneeded = () => {
          creating = true;
          open.transaction?.abort();
        };
        open.onerror = () => (creating ? resolve(none()) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (![...names, 'syncState'].every((n) => db.objectStoreNames.contains(n))) {
            db.close();
            resolve(none());
            return;
          }
          const tx = db.transaction([...names, 'syncState'], 'readonly');
          const out = {
            counts: {} as Record<string, number>,
            cursors: {} as Record<string, string | null>,
            caughtUp: {} as Record<string, boolean>,
            records: all ? ({} as Record<string, unknown[]>) : undefined,
          };
          // A segment's puts are JSON text (text stores faster than many small objects): one array, or by column
          // ({fields, columns}: core/cache/db.ts encodePuts); older rows held the array itself.
          type Segment = { puts: string | Array<Record<string, unknown>>; deletes: string[] };
          type Columns = { fields: string[]; columns: unknown[][] };
          const recordsOf = (puts: Segment['puts']): Array<Record<string, unknown>> => {
            const stored = typeof puts === 'string' ? (JSON.parse(puts) as Array<Record<string, unknown>> | Columns) : puts;
            if (Array.isArray(stored)) return stored;
            return stored.columns[0].map((_, i) => Object.fromEntries(stored.fields.map((f, c) => [f, stored.columns[c][i]])));
          };
          for (const n of names) {
            tx.objectStore(n).getAll().onsuccess = (e) => {
              const replayed = new Map<string, unknown>();
              for (const segment of (e.target as IDBRequest<Segment[]>).result) {
                for (const key of segment.deletes) replayed.delete(key);
                for (const r of recordsOf(segment.puts)) replayed.set(n === 'memberships' ? `${r.userId}|${r.projectId}` : String(r.id), r);
              }
              out.counts[n] = replayed.size;
              if (all) out.records![n] = [...replayed.values()];
            };
          }
          tx.objectStore('syncState').getAll().onsuccess = (e) => {
            for (const row of (e.target as IDBRequest<Array<{ collection: string; cursor: string | null; caughtUp: boolean }>>).result) {
              out.cursors[row.collection] = row.cursor;
              out.caughtUp[row.collection] = row.caughtUp;
            }
          };
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { names: COLLECTION_NAMES as string[], withRecords },
  );
}

async function stopWorkerNow(): Promise<void> {
  const before = workerStates.length;
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => workerStates.slice(before).includes('stopped'), { timeout: 15_000 }).toBe(true);
}

function expectWholePages(view: CacheView, when: string): void {
  const assets = view.counts.assets;
  // From the start there is nothing to delete: each committed assets page added exactly MAX_PAGE_LIMIT records.
  if (!view.caughtUp.assets) expect(assets % MAX_PAGE_LIMIT, `${when}: ${assets} assets is not a number of whole pages`).toBe(0);
  for (const c of COLLECTION_NAMES) {
    if (view.counts[c] > 0) expect(view.cursors[c], `${when}: ${c} holds records but no cursor`).toBeTruthy();
    else if (!view.caughtUp[c]) expect(view.cursors[c] ?? null, `${when}: ${c} has a cursor but no records`).toBeNull();
  }
}

describe('a service worker stopped mid-sync in the real browser', { timeout: 400_000 }, () => {
  beforeAll(async () => {
    await ensureBuilt({ extension: true, widget: false });
    server = await startDemoServer({ seed: 31, assets: ASSETS, faults: { seed: 31, latencyMs: [250, 400] } });
    ext = await launchWithExtension();
    recorder = new Recorder(ext.context);
    page = await ext.context.newPage();
    await page.goto(extensionUrl(ext, 'options.html'));
    cdp = await ext.context.newCDPSession(page);
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) if (v.scriptURL.startsWith('chrome-extension://')) workerStates.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
  }, 400_000);

  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('keeps whole pages only, resumes from the committed cursor, and ends equal to the server', async () => {
    await grantHostAccess(ext.context, ext.extensionId, `${server.url}/*`);
    await page.fill('#baseUrl', server.url);
    await page.fill('#apiKey', 'ai-demo-support');
    await page.click('#save');

    // Stop 1: once some asset pages are in, while the next is being fetched (every request takes 250–400 ms).
    await expect.poll(async () => (await readCache(page, false)).counts.assets, { timeout: 120_000, interval: 50 }).toBeGreaterThan(0);
    await stopWorkerNow();
    const afterFirst = await readCache(page, false);
    expectWholePages(afterFirst, 'after the first stop');
    expect(afterFirst.counts.assets).toBeLessThan(ASSETS);

    // The platform changes while no worker runs: random edits, deletions, records deleted and re-created.
    server.store.mutateRandom(60, 7);
    const assets = server.store.snapshot().assets;
    for (const a of assets.slice(0, 5)) server.store.remove('assets', a.id);
    for (const a of assets.slice(5, 10)) {
      server.store.remove('assets', a.id);
      server.store.put('assets', { ...a, name: `${a.name} (re-created)` });
    }

    // "Sync now" wakes a new worker; stop it again a moment into its run.
    const syncNow = async () => {
      const popup = await ext.context.newPage();
      await popup.goto(extensionUrl(ext, 'popup.html'));
      await popup.locator('#sync-now').click();
      return popup;
    };
    const requestsBefore = recorder.requests.length;
    let popup = await syncNow();
    await expect
      .poll(async () => (await readCache(page, false)).counts.assets, { timeout: 60_000, interval: 50 })
      .toBeGreaterThan(afterFirst.counts.assets);
    await stopWorkerNow();
    await popup.close();
    const afterSecond = await readCache(page, false);
    expectWholePages(afterSecond, 'after the second stop');
    // The new worker resumed: its first assets request carried the committed cursor.
    const firstAssets = recorder.requests.slice(requestsBefore).find((r) => r.url.includes('/sync/assets'));
    expect(firstAssets, 'the resumed sync asked for assets').toBeDefined();
    expect(new URL(firstAssets!.url).searchParams.get('cursor')).toBeTruthy();

    // Faults off, one more "Sync now": the cache must be the server's state.
    server.setFaults(null);
    const expected = server.store.snapshot();
    popup = await syncNow();
    // Done when every collection has caught up again and the assets are all there (the popup may say "idle" for a
    // moment before the woken worker starts).
    await expect
      .poll(
        async () => {
          const v = await readCache(page, false);
          return COLLECTION_NAMES.every((c) => v.caughtUp[c]) && v.counts.assets === expected.assets.length;
        },
        { timeout: 120_000, interval: 250 },
      )
      .toBe(true);
    await expect.poll(() => popup.textContent('#sync-state'), { timeout: 60_000 }).toBe('idle');
    await popup.close();
    const final = await readCache(page, true);
    for (const c of COLLECTION_NAMES) {
      const byKey = (rows: readonly unknown[]) =>
        [...rows]
          .map((r) => [recordKey(c as CollectionName, r as { id?: unknown }), JSON.stringify(r)] as const)
          .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const got = byKey(final.records![c]);
      const want = byKey(expected[c] ?? []);
      expect(got.length, `${c}: record count`).toBe(want.length);
      expect(
        got.map((g) => g[0]),
        `${c}: keys`,
      ).toEqual(want.map((w) => w[0]));
      for (let i = 0; i < want.length; i++) expect(JSON.parse(got[i][1]), `${c} ${want[i][0]}`).toEqual(JSON.parse(want[i][1]));
    }
    console.log(
      `worker stop (browser): ${ASSETS} assets; stopped after ${afterFirst.counts.assets} and ${afterSecond.counts.assets} assets were committed; ` +
        `worker states seen: ${[...new Set(workerStates)].join(', ')}; final cache equals the server in all ${COLLECTION_NAMES.length} collections`,
    );
  });
});
