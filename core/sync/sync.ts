// The sync engine: brings each cached collection up to the server's state by paging its change feed from the
// last committed cursor. Guarantees, whatever the network does and wherever the run is stopped:
// - a page is validated (zod) before anything is written, and its changes and its cursor commit in ONE Dexie
//   transaction with no network inside it, so the cache is always "the server's state as of some cursor";
// - replaying a page is harmless (its segment replays over the same records: puts overwrite, deletes of missing
//   keys do nothing);
// - a record that fails its schema is quarantined and never replaces the last good version;
// - all progress is in IndexedDB, so a stopped service worker or an aborted run just resumes next time;
// - two runs at once are safe: a page commits only if the stored cursor is still the one it was fetched from.
import { MAX_PAGE_LIMIT, recordKey, type Change, type SyncPage } from '../api/contract';
import { COLLECTION_NAMES, type CollectionName } from '../model/snapshot';
import { parseRecord, type SnapshotProblem } from '../model/validate';
import { CacheDb, QUARANTINE_RAW_MAX, emptySyncState, type QuarantineRow, type StoredStats, type SyncErrorInfo, type SyncStateRow } from '../cache/db';
import { appendSegment, compactCollection, compactionDue } from '../cache/segments';
import type { ApiClient } from './client';
import { ApiRequestError, AuthError, BadPageError, errorKindOf, GoneError, NetworkError } from './errors';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry';

/**
 * Page size asked of the server: the contract's maximum. Fewer round trips and fewer (bulk) transactions won
 * clearly in bench/sync.ts (100k assets: about half the time of pages of 2000); an abort loses at most one page,
 * and one page's transaction (a few hundred KB) stays short enough not to hold up the panel's reads.
 */
export const DEFAULT_SYNC_PAGE_LIMIT = MAX_PAGE_LIMIT;

export type SyncPhase = 'start' | 'page' | 'retry' | 'restart' | 'done';

export interface SyncProgress {
  collection: CollectionName;
  phase: SyncPhase;
  /** Pages committed in this run for this collection. */
  pagesDone: number;
  /** Changes (puts, deletes and quarantined records) committed in this run for this collection. */
  recordsDone: number;
  /** Records in this collection's table after its last complete sync: a rough total for a progress bar. */
  estimatedTotal?: number;
  /** On 'retry': why, and how long the engine waits. */
  error?: SyncErrorInfo;
  delayMs?: number;
}

export interface SyncOptions {
  signal?: AbortSignal;
  onProgress?: (event: SyncProgress) => void;
  /** Page size asked of the server. */
  limit?: number;
  /** Which collections, in this order (default: all, in dependency order). */
  collections?: readonly CollectionName[];
  retry?: Partial<RetryPolicy>;
  /** Client clock, for lastSyncedAt and quarantine times. */
  now?: () => Date;
}

export interface CollectionReport {
  collection: CollectionName;
  pages: number;
  puts: number;
  deletes: number;
  quarantined: number;
  /** Times the server answered 410 and the collection was fetched again from scratch. */
  restarts: number;
  /** The server answered 304: nothing had changed. */
  notModified: boolean;
  /** Not set when the collection caught up. */
  error?: ApiRequestError | Error;
}

export interface SyncReport {
  /** Every collection asked for caught up. */
  ok: boolean;
  collections: CollectionReport[];
  /** The error that stopped the run early (auth, or no network), if any. */
  stoppedBy?: Error;
}

/** How many 410s in a row one collection may answer before the run gives up on it. */
const MAX_RESTARTS = 3;

/** "More" pages in a row that never move the cursor before the server is taken to be at fault. */
const MAX_SUSPECT_PAGES = 3;

/**
 * Stale pages in a row (replayed, or no newer than one applied) after which the collection's run ends in an error
 * rather than loop: the next run resumes from the committed cursor.
 */
const MAX_STALE_PAGES = 50;

const later = (a: string | null, b: string): string => (a !== null && Date.parse(a) >= Date.parse(b) ? a : b);

/** The stored cursor moved since the page was fetched: another run committed first. */
class SupersededError extends Error {}

function nowIso(opts: SyncOptions): string {
  return (opts.now?.() ?? new Date()).toISOString();
}

export function describeError(error: unknown, at: string): SyncErrorInfo {
  const e = error instanceof Error ? error : new Error(String(error));
  const info: SyncErrorInfo = { kind: errorKindOf(e), message: e.message, at };
  if (e instanceof ApiRequestError && e.status !== undefined) info.status = e.status;
  return info;
}

/** Keeps the last change per key (a page should hold each key once; a repeated key must not undo itself). */
function lastChangePerKey(changes: readonly Change[]): Change[] {
  const byKey = new Map<string, Change>();
  for (const change of changes) {
    byKey.delete(change.key);
    byKey.set(change.key, change);
  }
  return [...byKey.values()];
}

function rawForQuarantine(record: unknown): { raw: string; rawTruncated: boolean } {
  let raw: string;
  try {
    raw = JSON.stringify(record) ?? String(record);
  } catch {
    raw = String(record);
  }
  return raw.length > QUARANTINE_RAW_MAX ? { raw: raw.slice(0, QUARANTINE_RAW_MAX), rawTruncated: true } : { raw, rawTruncated: false };
}

/**
 * The key a quarantine row is stored and shown under. A hostile change key may be megabytes long (it becomes a
 * list item in the panel and travels in every status message), so a long one is cut, with a hash of the whole
 * key so that two long keys stay apart and a later good version of the same key still finds its row.
 */
const QUARANTINE_KEY_MAX = 200;
export function quarantineKey(key: string): string {
  if (key.length <= QUARANTINE_KEY_MAX) return key;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `${key.slice(0, QUARANTINE_KEY_MAX)}…#${h.toString(16).padStart(8, '0')}`;
}

/** A record with a huge broken array must not make a huge quarantine row: keep the first problems, cut long text. */
const MAX_PROBLEMS_KEPT = 20;
const MAX_PROBLEM_TEXT = 300;
function boundProblems(problems: SnapshotProblem[]): SnapshotProblem[] {
  const cut = (t: string) => (t.length > MAX_PROBLEM_TEXT ? `${t.slice(0, MAX_PROBLEM_TEXT)}…` : t);
  const kept = problems.slice(0, MAX_PROBLEMS_KEPT).map((p) => ({
    ...p,
    recordId: p.recordId === null ? null : cut(p.recordId),
    path: cut(p.path),
    message: cut(p.message),
  }));
  if (problems.length > MAX_PROBLEMS_KEPT) {
    kept.push({ ...kept[0], path: '', message: `and ${problems.length - MAX_PROBLEMS_KEPT} more problems` });
  }
  return kept;
}

interface SortedChanges {
  putKeys: string[];
  putValues: unknown[];
  deleteKeys: string[];
  rejected: QuarantineRow[];
}

/** Validates every put of a page (outside any transaction): good ones to write, bad ones to quarantine. */
function sortChanges(collection: CollectionName, page: SyncPage, receivedAt: string): SortedChanges {
  const out: SortedChanges = { putKeys: [], putValues: [], deleteKeys: [], rejected: [] };
  for (const change of lastChangePerKey(page.changes)) {
    if (change.op === 'delete') {
      out.deleteKeys.push(change.key);
      continue;
    }
    const parsed = parseRecord(collection, change.record);
    let problems: SnapshotProblem[] | null = parsed.ok ? null : parsed.problems;
    if (parsed.ok) {
      const own = recordKey(collection, parsed.value);
      if (own !== change.key) {
        problems = [{ collection, index: null, recordId: own, path: '', message: `change key "${change.key}" is not the record's key "${own}"` }];
      }
    }
    if (problems === null && parsed.ok) {
      out.putKeys.push(change.key);
      out.putValues.push(parsed.value);
    } else {
      out.rejected.push({ collection, key: quarantineKey(change.key), ...rawForQuarantine(change.record), problems: boundProblems(problems ?? []), receivedAt });
    }
  }
  return out;
}

/** Commits one validated page and its cursor atomically. Throws SupersededError if another run got there first. */
async function commitPage(
  db: CacheDb,
  collection: CollectionName,
  fromCursor: string | null,
  page: SyncPage,
  etag: string | null,
  sorted: SortedChanges,
  at: string,
  suspect: boolean,
): Promise<{ caughtUp: boolean; stale: boolean; stored: StoredStats }> {
  const table = db.tableOf(collection);
  return db.transaction('rw', [table, db.syncState, db.quarantine], async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    if (state.cursor !== fromCursor) throw new SupersededError();
    // A replayed or stale page is harmless to apply: every change made after it was served has a sequence beyond
    // its cursor, so the feed brings it again. But its hasMore: false says nothing about the present. A page no
    // newer than one already committed may be exactly such a replay (same body, same serverTime), so it is not
    // trusted as the end either; a real one that merely shares the millisecond costs one more request.
    // A page no newer than one already applied was served before (replayed, or out of order): changes made since
    // it was served are missing from it, so it is never the end of the feed, however often it comes back. (A real
    // last page that merely shares the millisecond costs one more request; the next one is newer.)
    const stale = suspect || (state.lastPageServerTime !== null && Date.parse(page.serverTime) <= Date.parse(state.lastPageServerTime));
    const caughtUp = !page.hasMore && !stale;

    // The page's changes become one segment of the collection's table (core/cache/segments.ts).
    const stored = await appendSegment(db, collection, state, sorted.putValues, sorted.putKeys, sorted.deleteKeys);
    // A good version or a deletion ends a quarantine. Quarantine is normally tiny, so look it up rather than
    // deleting every key of a 2000-record page blindly.
    const quarantined = new Set((await db.quarantine.where('collection').equals(collection).primaryKeys()).map((k) => k[1]));
    if (quarantined.size > 0) {
      const cleared = [...sorted.putKeys, ...sorted.deleteKeys].map(quarantineKey).filter((k) => quarantined.has(k));
      if (cleared.length > 0) await db.quarantine.bulkDelete(cleared.map((k) => [collection, k] as [string, string]));
    }
    if (sorted.rejected.length > 0) await db.quarantine.bulkPut(sorted.rejected);

    const next: SyncStateRow = {
      ...state,
      cursor: page.cursor,
      caughtUp,
      lastPageServerTime: later(state.lastPageServerTime, page.serverTime),
      lastError: null,
      etag: null,
      stored,
    };
    if (caughtUp) {
      next.dataAsOf = later(state.dataAsOf, page.serverTime);
      next.lastSyncedAt = at;
      next.counts = { records: stored.records, quarantined: await db.quarantine.where('collection').equals(collection).count() };
      // Only an answer to the very request we will send next time is worth revalidating.
      if (etag && page.cursor === fromCursor && !stale) next.etag = { forCursor: fromCursor, value: etag };
    }
    await db.syncState.put(next);
    return { caughtUp, stale, stored };
  });
}

/** 304 on the caught-up cursor: the data is confirmed current as of the server's clock. */
async function commitNotModified(db: CacheDb, collection: CollectionName, fromCursor: string | null, serverTime: string, at: string) {
  await db.transaction('rw', db.syncState, async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    if (state.cursor !== fromCursor) throw new SupersededError();
    await db.syncState.put({ ...state, caughtUp: true, dataAsOf: later(state.dataAsOf, serverTime), lastSyncedAt: at, lastError: null });
  });
}

/** Empties one collection and forgets its cursor (after a 410, or to start over). */
export async function resetCollection(db: CacheDb, collection: CollectionName): Promise<void> {
  const table = db.tableOf(collection);
  await db.transaction('rw', [table, db.syncState, db.quarantine], async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    await table.clear();
    await db.quarantine.where('collection').equals(collection).delete();
    await db.syncState.put({ ...emptySyncState(collection), lastError: state.lastError });
  });
}

/** Empties the whole cache (e.g. after the API key or base URL changed: the data belongs to someone else). */
export async function resetCache(db: CacheDb): Promise<void> {
  for (const c of COLLECTION_NAMES) await resetCollection(db, c);
  await db.syncState.clear();
}

async function recordError(db: CacheDb, collection: CollectionName, error: unknown, at: string): Promise<void> {
  await db.transaction('rw', db.syncState, async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    await db.syncState.put({ ...state, lastError: describeError(error, at) });
  });
}

/**
 * Syncs one collection until it is caught up (hasMore: false or 304). Throws the request error that stopped it
 * (after retries), or the abort reason. Whatever committed before stays committed.
 */
export async function syncCollection(
  db: CacheDb,
  client: ApiClient,
  collection: CollectionName,
  opts: SyncOptions = {},
): Promise<CollectionReport> {
  return runCollection(db, client, collection, opts, emptyReport(collection));
}

function emptyReport(collection: CollectionName): CollectionReport {
  return { collection, pages: 0, puts: 0, deletes: 0, quarantined: 0, restarts: 0, notModified: false };
}

/** syncCollection, counting into `report` so a caller still has the partial figures when it throws. */
async function runCollection(
  db: CacheDb,
  client: ApiClient,
  collection: CollectionName,
  opts: SyncOptions,
  report: CollectionReport,
): Promise<CollectionReport> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const limit = opts.limit ?? DEFAULT_SYNC_PAGE_LIMIT;
  const { signal } = opts;
  const initial = await db.syncState.get(collection);
  const estimatedTotal = initial?.counts.records || undefined;
  const progress = (phase: SyncPhase, extra: Partial<SyncProgress> = {}) =>
    opts.onProgress?.({
      collection,
      phase,
      pagesDone: report.pages,
      recordsDone: report.puts + report.deletes + report.quarantined,
      ...(estimatedTotal !== undefined ? { estimatedTotal } : {}),
      ...extra,
    });

  progress('start');
  let suspectPages = 0;
  /**
   * This run committed a page of the collection's first fill (from no cursor, or before it ever caught up: an
   * initial sync resumed after a stop, or the refetch after a 410).
   */
  let filling = false;
  for (;;) {
    signal?.throwIfAborted();
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    const fromCursor = state.cursor;
    const etag = state.caughtUp && state.etag && state.etag.forCursor === fromCursor ? state.etag.value : null;

    let result;
    try {
      result = await withRetry(
        () => client.fetchPage(collection, { cursor: fromCursor, limit, etag, signal }),
        policy,
        signal,
        ({ error, delayMs }) => progress('retry', { error: describeError(error, nowIso(opts)), delayMs }),
      );
    } catch (error) {
      if (error instanceof GoneError && report.restarts < MAX_RESTARTS) {
        report.restarts++;
        await resetCollection(db, collection);
        progress('restart');
        continue;
      }
      throw error;
    }

    try {
      if (result.kind === 'notModified') {
        await commitNotModified(db, collection, fromCursor, result.serverTime, nowIso(opts));
        report.notModified = true;
        break;
      }
      const { page } = result;
      // Changes, or more to come, without moving the cursor: the next request would get the same again. A real
      // answer never does that (its cursor is past its changes); a replayed earlier page does.
      const suspect = page.cursor === fromCursor && (page.changes.length > 0 || page.hasMore);
      if (suspect && page.hasMore && suspectPages >= MAX_SUSPECT_PAGES) {
        throw new BadPageError(`the server keeps answering pages of ${collection} that do not move the cursor`);
      }
      const at = nowIso(opts);
      const sorted = sortChanges(collection, page, at);
      const { caughtUp, stale, stored } = await commitPage(
        db, collection, fromCursor, page, result.etag, sorted, at, suspect,
      );
      if (fromCursor === null || state.dataAsOf === null) filling = true;
      report.pages++;
      report.puts += sorted.putKeys.length;
      report.deletes += sorted.deleteKeys.length;
      report.quarantined += sorted.rejected.length;
      progress('page');
      // Its own transaction, after the page's: the page is committed whatever becomes of the compaction.
      if (!signal?.aborted && compactionDue(stored, caughtUp && filling)) await compactCollection(db, collection);
      if (caughtUp) break;
      suspectPages = stale ? suspectPages + 1 : 0;
      if (suspectPages >= MAX_STALE_PAGES) {
        throw new BadPageError(`the server keeps answering pages of ${collection} no newer than ones already applied`);
      }
    } catch (error) {
      // Another run committed this page (or a later one) first: continue from what is stored now.
      if (error instanceof SupersededError) continue;
      throw error;
    }
  }
  progress('done');
  return report;
}

/**
 * Syncs every collection (or `opts.collections`) in dependency order. Never throws for request errors: each
 * one is stored as that collection's lastError and reported. An AuthError or a NetworkError (after retries) stops
 * the run, since the next collections would fail the same way; other errors only skip their collection.
 * Rejects with the abort reason when `opts.signal` aborts (everything committed so far stays).
 */
export async function syncAll(db: CacheDb, client: ApiClient, opts: SyncOptions = {}): Promise<SyncReport> {
  const report: SyncReport = { ok: true, collections: [] };
  for (const collection of opts.collections ?? COLLECTION_NAMES) {
    const entry = emptyReport(collection);
    report.collections.push(entry);
    try {
      await runCollection(db, client, collection, opts, entry);
    } catch (error) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const e = error instanceof Error ? error : new Error(String(error));
      await recordError(db, collection, e, nowIso(opts));
      report.ok = false;
      entry.error = e;
      if (e instanceof AuthError || e instanceof NetworkError) {
        report.stoppedBy = e;
        break;
      }
    }
  }
  return report;
}
