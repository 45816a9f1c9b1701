// Entry points for whoever drives the sync: the background service worker's alarm, the widget's timer, a
// "refresh" button. runSync may be called at any time, again and again, after a crash or an abort: it resumes
// from what IndexedDB holds. syncStatus reads the same place, so any context can show how fresh the data is.
import { COLLECTION_NAMES, type CollectionName } from '../model/snapshot';
import { emptySyncState, type CacheDb, type SyncErrorInfo, type SyncStateRow } from '../cache/db';
import type { ApiClient } from './client';
import type { ApiErrorKind } from './errors';
import { syncAll, type SyncOptions, type SyncReport } from './sync';

/** Runs in flight in this JS context, by database name: a second caller joins the first run. */
const inFlight = new Map<string, Promise<SyncReport>>();

interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

function lockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks;
}

/**
 * Syncs every collection. Safe to call while another run is going: in the same context the caller joins that
 * run; across contexts of one origin (service worker, popup, options page) the Web Locks API lets only one run
 * and the other returns a report with `skipped: true`. Even without locks, concurrent runs stay correct (a page
 * commits only onto the cursor it was fetched from); they would only waste requests.
 */
export function runSync(db: CacheDb, client: ApiClient, opts: SyncOptions = {}): Promise<SyncReport & { skipped?: boolean }> {
  const running = inFlight.get(db.name);
  if (running) return running;
  const locks = lockManager();
  const run = (
    locks
      ? locks.request(`access-inspector-sync:${db.name}`, { ifAvailable: true }, async (lock) =>
          lock === null ? { ok: false, collections: [], skipped: true } : syncAll(db, client, opts),
        )
      : syncAll(db, client, opts)
  ).finally(() => inFlight.delete(db.name));
  inFlight.set(db.name, run);
  return run;
}

export interface SyncStatus {
  collections: SyncStateRow[];
  /** Every collection has caught up at least once and none is half-way through a sync. */
  complete: boolean;
  /** The oldest collection's "data as of" (what the panel can promise for all of it); null until all synced once. */
  dataAsOf: string | null;
  /** When the least recently synced collection last caught up. */
  lastSyncedAt: string | null;
  errors: Array<SyncErrorInfo & { collection: CollectionName }>;
  /** The platform refused our credentials: the panel should ask to sign in / fix the API key. */
  needsAuth: boolean;
}

function oldest(values: Array<string | null>): string | null {
  if (values.some((v) => v === null)) return null;
  return (values as string[]).reduce<string | null>((min, v) => (min === null || Date.parse(v) < Date.parse(min) ? v : min), null);
}

export async function syncStatus(db: CacheDb): Promise<SyncStatus> {
  const rows = await db.syncState.bulkGet(COLLECTION_NAMES);
  const collections = COLLECTION_NAMES.map((c, i) => rows[i] ?? emptySyncState(c));
  const errors = collections.flatMap((r) => (r.lastError ? [{ collection: r.collection, ...r.lastError }] : []));
  return {
    collections,
    complete: collections.every((r) => r.caughtUp && r.dataAsOf !== null),
    dataAsOf: oldest(collections.map((r) => r.dataAsOf)),
    lastSyncedAt: oldest(collections.map((r) => r.lastSyncedAt)),
    errors,
    needsAuth: errors.some((e) => e.kind === ('AuthError' satisfies ApiErrorKind)),
  };
}
