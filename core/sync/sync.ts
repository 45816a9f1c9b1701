// The sync engine: brings each cached collection up to the server's state by paging its change feed from the
// last committed cursor. Guarantees, whatever the network does and wherever the run is stopped:
// - a page is validated (zod) before anything is written, and its changes and its cursor commit in ONE Dexie
//   transaction with no network inside it, so the cache is always "the server's state as of some cursor";
// - replaying a page is harmless (its segment replays over the same records: puts overwrite, deletes of missing
//   keys do nothing);
// - a record that fails its schema is quarantined and never replaces the last good version;
// - all progress is in IndexedDB, so a stopped service worker or an aborted run just resumes next time;
// - two runs at once are safe: a page commits only if the stored cursor is still the one it was fetched from;
// - nothing depends on the server's clock: an old answer served again is told apart by the request id it echoes,
//   and "data as of" is the client's time when the final request was sent (docs/DECISIONS.md, "Sync and clocks");
// - records in quarantine are asked for again (by key) at the start of every later sync of their collection.
import { MAX_LOOKUP_KEYS, MAX_PAGE_LIMIT, recordKey, type Change, type SyncPage } from '../api/contract';
import { COLLECTION_NAMES, type CollectionName } from '../model/snapshot';
import type { SnapshotProblem } from '../model/validate';
import { checkRecord } from './record-check';
import {
  CacheDb,
  QUARANTINE_RAW_MAX,
  emptySyncState,
  encodePuts,
  type HistoryCoverage,
  type QuarantineRow,
  type StoredStats,
  type SyncErrorInfo,
  type SyncStateRow,
} from '../cache/db';
import { clearQuarantine, isCutKey, quarantineCount, quarantineKey, quarantinedKeys, updateQuarantine } from '../cache/quarantine';
import { appendSegment, cachedRecords, compactCollection, compactionDue } from '../cache/segments';
import { forgetFleetImage } from '../cache/fleet-image-store';
import { addHistory, clearHistory, compactHistory, laterOf } from '../cache/history';
import { DEFAULT_HISTORY_RETENTION, type HistoryRetention } from '../cache/history-retention';
import type { HistoryGap } from '../model/history';
import type { FleetChange } from '../engine/fleet-patch';
import { GAP_REASONS, planHistory, type TimedChange } from './history';
import { fillHistory, type HistoryFillReport } from './history-fill';
import type { ApiClient, PageResult } from './client';
import { ApiRequestError, AuthError, BadPageError, errorKindOf, GoneError, NetworkError, RequestError } from './errors';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryEvent, type RetryPolicy } from './retry';
import { PAGES_AHEAD, PagesAhead } from './page-ahead';
import { RunCommits, type HeldRecords, type HeldSource } from './held-records';

/**
 * Page size asked of the server: the contract's maximum. Fewer round trips and fewer (bulk) transactions won
 * clearly in bench/sync.ts (100k assets: about half the time of pages of 2000); an abort loses at most one page,
 * and one page's transaction (a few hundred KB) stays short enough not to hold up the panel's reads.
 */
export const DEFAULT_SYNC_PAGE_LIMIT = MAX_PAGE_LIMIT;

export { quarantineKey };

/** 'recheck': a batch of quarantined records was asked for again and its answer committed. */
export type SyncPhase = 'start' | 'recheck' | 'page' | 'retry' | 'restart' | 'done';

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
  /** Client clock, for dataAsOf, lastSyncedAt and quarantine times. */
  now?: () => Date;
  /**
   * How much history to keep (issue 18; the user's setting, default 30 days and 64 MB), and whether a fresh cache
   * fills its past from the platform's history endpoint (default true).
   */
  history?: Partial<HistoryRetention> & { fill?: boolean };
  /**
   * Called after each transaction that wrote a collection's records has committed (never before: a page that rolled
   * back was never applied), with what it changed as one segment (`puts` replace their recordKeys, `deletes` go
   * first) and the collection's stored generation before and after it. A compaction calls it too, with no puts and
   * no deletes: same records, new generation. A caller that holds the compiled fleet patches it from these
   * (core/host/cached-source.ts) and chains the generations to know its fleet is what the cache holds.
   */
  onCommit?: (collection: CollectionName, change: FleetChange, generation: GenerationMove) => void;
  /**
   * The run did something a change list cannot express: it emptied `collection` to fetch it again from scratch
   * (410). Whoever patches a fleet from onCommit must read the cache whole instead.
   */
  onReset?: (collection: CollectionName) => void;
  /**
   * The records the caller holds under `keys` (absent keys left out) when it holds `collection` exactly as stored at
   * `generation` (StoredStats.generation), else null. The history's `before` is taken from it when it answers,
   * instead of decoding the cache's segments that hold those keys (core/host/cached-source.ts: its compiled fleet).
   */
  heldRecords?: (collection: CollectionName, generation: string, keys: readonly string[]) => Map<string, unknown> | null;
  /**
   * The same asked before a page's transaction (it may wait for the fleet's bytes): a page's commit then counts its
   * changes and takes the history's `before` from the fleet and this run's commits since (core/sync/held-records.ts),
   * not from the cache's key index, which a fresh connection rebuilds by replaying the collection.
   */
  held?: HeldSource;
}

/** A collection's stored generation (StoredStats.generation) before and after one committed write. */
export interface GenerationMove {
  from: string;
  to: string;
}

export interface CollectionReport {
  collection: CollectionName;
  pages: number;
  puts: number;
  deletes: number;
  /** Records newly put in quarantine by this run (malformed in a page, or a fresh bad version of one already there). */
  quarantined: number;
  /** Quarantined records asked for again that came back valid (or deleted): out of quarantine. */
  recovered: number;
  /** Quarantined records asked for again that are still malformed: already counted when they went in, so not in `quarantined`. */
  stillQuarantined: number;
  /** Pages that answered an earlier request (replayed, or overtaken): not applied. */
  stale: number;
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
  /** The history's fill from the platform (when this run did one) and how many old changes compaction dropped. */
  history?: { fill?: HistoryFillReport; compacted: number; error?: Error };
  /** The error that stopped the run early (auth, or no network), if any. */
  stoppedBy?: Error;
}

/** How many 410s in a row one collection may answer before the run gives up on it. */
const MAX_RESTARTS = 3;

/** "More" pages in a row that never move the cursor before the server is taken to be at fault. */
const MAX_SUSPECT_PAGES = 3;

/**
 * Stale pages in a row (answers to earlier requests, or pages that do not move the cursor) after which the
 * collection's run ends in an error rather than loop: the next run resumes from the committed cursor.
 */
const MAX_STALE_PAGES = 50;

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
function lastChangePerKey(changes: readonly Change[]): readonly Change[] {
  // The usual page holds each key once: checked with a Set, far cheaper than rebuilding the list through a Map.
  const seen = new Set<string>();
  for (const change of changes) seen.add(change.key);
  if (seen.size === changes.length) return changes;
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
  /**
   * The valid puts and the deletes in feed order: what the history records (timedOf). Kept as the changes
   * themselves: a first fill records no history, and building a TimedChange per record of a million was garbage.
   */
  accepted: Change[];
  /** putValues as their segment stores them (encodePuts), made on arrival while earlier pages commit. */
  putsText?: string;
}

const NO_CHANGES: SortedChanges = { putKeys: [], putValues: [], deleteKeys: [], rejected: [], accepted: [] };

/** The accepted changes as the history plans them: a put leaves its checked record (putValues, in the same order). */
function timedOf(sorted: SortedChanges): TimedChange[] {
  let put = 0;
  return sorted.accepted.map((change) => ({
    key: change.key,
    after: change.op === 'put' ? sorted.putValues[put++] : null,
    ...(change.at !== undefined ? { at: change.at } : {}),
    ...(change.author !== undefined ? { author: change.author } : {}),
  }));
}

/** Validates every put of a page (outside any transaction): good ones to write, bad ones to quarantine. */
function sortChanges(collection: CollectionName, changes: readonly Change[], receivedAt: string): SortedChanges {
  const out: SortedChanges = { putKeys: [], putValues: [], deleteKeys: [], rejected: [], accepted: [] };
  for (const change of lastChangePerKey(changes)) {
    if (change.op === 'delete') {
      out.deleteKeys.push(change.key);
      out.accepted.push(change);
      continue;
    }
    const parsed = checkRecord(collection, change.record);
    let problems: SnapshotProblem[] | null = parsed.ok ? null : parsed.problems;
    if (parsed.ok) {
      const own = recordKey(collection, parsed.value);
      if (own !== change.key) {
        problems = [
          { collection, index: null, recordId: own, path: '', message: `change key "${change.key}" is not the record's key "${own}"` },
        ];
      }
    }
    if (problems === null && parsed.ok) {
      out.putKeys.push(change.key);
      out.putValues.push(parsed.value);
      out.accepted.push(change);
    } else {
      out.rejected.push({
        collection,
        key: quarantineKey(change.key),
        ...rawForQuarantine(change.record),
        problems: boundProblems(problems ?? []),
        receivedAt,
      });
    }
  }
  return out;
}

/**
 * Pages sent ahead are validated as soon as they arrive, while the engine still waits for the commit before them
 * (IndexedDB writes off the worker's thread): the validation is the same, only earlier.
 */
const sortedOnArrival = new WeakMap<SyncPage, SortedChanges>();

/**
 * What was held under a page's changed keys, read on arrival while earlier pages commit: from the caller's fleet
 * (opts.held), else, for the history's `before`, from the cache in a transaction of its own. Used by the page's
 * commit for the generation it is of, or through this run's commits since (RunCommits); else the commit reads
 * the cache itself.
 */
const beforeOnArrival = new WeakMap<SyncPage, Promise<HeldRecords | null>>();

/**
 * Whether a collection with this coverage records its pages in the history (not while a fill or a refill runs): the
 * test recordHistory makes inline, where it also narrows the coverage.
 */
function recordsHistory(coverage: HistoryCoverage | null | undefined): boolean {
  return !!coverage && !coverage.resyncFrom;
}

/**
 * `recording`: whether the collection recorded history when the page was asked for. A fill's pages skip the read
 * of their before-records from the cache (a transaction each, for nothing); were it wrong, the commit reads them
 * itself. The caller's fleet is asked whenever it may serve the commit (it counts the page).
 */
function sortOnArrival(
  db: CacheDb,
  collection: CollectionName,
  opts: SyncOptions,
  recording: boolean,
  commits: RunCommits,
): (result: PageResult) => void {
  return (result) => {
    if (result.kind !== 'page') return;
    const sorted = sortChanges(collection, result.page.changes, nowIso(opts));
    // Encoded now: the worker would otherwise do it inside the page's commit, after the commits before it.
    if (sorted.putValues.length > 0) sorted.putsText = encodePuts(sorted.putValues);
    sortedOnArrival.set(result.page, sorted);
    if (sorted.accepted.length === 0) return;
    const held = heldBefore(collection, sorted.accepted, opts, commits, null);
    if (!held && !recording) return;
    const keys = sorted.accepted.map((c) => c.key);
    beforeOnArrival.set(
      result.page,
      (async () => (await held) ?? (recording ? await readBefore(db, collection, keys, opts) : null))().catch(() => null),
    );
  };
}

/**
 * What the caller's fleet holds under a page's keys (opts.held), when its generation can serve this run's commit of
 * the page: the stored one (`stored`, when known), or where the run's own commits started. Null when not asked.
 */
function heldBefore(
  collection: CollectionName,
  accepted: readonly Change[],
  opts: SyncOptions,
  commits: RunCommits,
  stored: string | null,
): Promise<HeldRecords | null> | null {
  const generation = opts.held?.generation(collection) ?? null;
  if (generation === null || accepted.length === 0 || !(generation === stored || commits.speaksFor(generation))) return null;
  const keys = accepted.map((c) => c.key);
  return opts.held!.records(collection, keys).catch(() => null);
}

/** The cached records under `keys` and the generation they are of; null when the collection records no history now. */
function readBefore(db: CacheDb, collection: CollectionName, keys: readonly string[], opts: SyncOptions): Promise<HeldRecords | null> {
  const table = db.tableOf(collection);
  return db.transaction('r', [table, db.syncState], async () => {
    const state = await db.syncState.get(collection);
    if (!state?.stored || !state.history || state.history.resyncFrom) return null;
    return { generation: state.stored.generation, records: await recordsBefore(db, collection, state, keys, opts) };
  });
}

/**
 * What the collection holds under `keys` as of `state` (read in the caller's transaction): from opts.heldRecords
 * when the caller holds exactly that generation, else decoded from the segments holding them.
 */
function recordsBefore(
  db: CacheDb,
  collection: CollectionName,
  state: SyncStateRow,
  keys: readonly string[],
  opts: SyncOptions,
): Promise<Map<string, unknown>> {
  const held = state.stored ? (opts.heldRecords?.(collection, state.stored.generation, keys) ?? null) : null;
  return held ? Promise.resolve(held) : cachedRecords(db, collection, state, keys);
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
  askedAt: string,
  suspect: boolean,
  before: HeldRecords | null,
  opts: SyncOptions,
  commits: RunCommits,
): Promise<{ caughtUp: boolean; stale: boolean; stored: StoredStats; generation: GenerationMove }> {
  const table = db.tableOf(collection);
  return db.transaction('rw', [table, db.syncState, db.quarantineBatches, db.history, db.historyInfo], async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    if (state.cursor !== fromCursor) throw new SupersededError();
    // Only fresh answers get here (an answer to an earlier request is dropped before). A suspect one, whose cursor
    // does not move past its changes, is applied (harmless: puts overwrite, deletes of missing keys do nothing) but
    // never taken as the end of the feed.
    const stale = suspect;
    const caughtUp = !page.hasMore && !stale;

    // What the collection holds under the page's keys until its segment lands, when known without the cache.
    const from = generationOf(state);
    // (a first fill's pages have none: no list of their keys is made in the transaction)
    const held =
      before &&
      commits.recordsAt(
        from,
        before,
        sorted.accepted.map((c) => c.key),
      );
    // The history first: `before` is what the collection holds until this page's segment lands.
    const known = held ? { generation: from, records: held } : before;
    const history = await recordHistory(db, collection, state, sorted, page.serverTime, caughtUp, undefined, known, opts);
    // The page's changes become one segment of the collection's table (core/cache/segments.ts).
    const stored = await appendSegment(db, collection, state, sorted.putValues, sorted.putKeys, sorted.deleteKeys, sorted.putsText, held);
    // A good version or a deletion ends a quarantine; looked up by the page's own keys only (core/cache/quarantine.ts).
    const q = await updateQuarantine(db, collection, state, [...sorted.putKeys, ...sorted.deleteKeys], sorted.rejected);
    const quarantined = q.quarantined;

    const next: SyncStateRow = {
      ...state,
      ...q,
      cursor: page.cursor,
      caughtUp,
      lastPageServerTime: page.serverTime,
      lastError: null,
      etag: null,
      stored,
      history,
    };
    if (caughtUp) {
      // The server's state as of the moment this request left is in the cache: on the client's own clock.
      next.dataAsOf = askedAt;
      next.lastSyncedAt = at;
      next.counts = { records: stored.records, quarantined };
      // Only an answer to the very request we will send next time is worth revalidating.
      if (etag && page.cursor === fromCursor && !stale) next.etag = { forCursor: fromCursor, value: etag };
    }
    await db.syncState.put(next);
    return { caughtUp, stale, stored, generation: { from, to: stored.generation } };
  });
}

/** The collection's stored generation in `state` ('' when empty, or for a row written before it was kept). */
function generationOf(state: SyncStateRow): string {
  return state.stored?.generation ?? '';
}

/** Tells opts.onCommit what a committed transaction changed, when it changed the collection's table at all. */
function reportCommit(opts: SyncOptions, collection: CollectionName, sorted: SortedChanges, generation: GenerationMove): void {
  if (!opts.onCommit || generation.from === generation.to) return;
  opts.onCommit(collection, { collection, puts: sorted.putValues, deletes: sorted.deleteKeys }, generation);
}

/**
 * Records a page's changes in the history, in the caller's transaction (before its segment is appended), and
 * returns the collection's new coverage. A collection records from the moment its first fill caught up (the
 * fill's records are the starting state, not changes); after a 410 its refill is not recorded either, and when it
 * catches up a gap covers the time in between.
 */
async function recordHistory(
  db: CacheDb,
  collection: CollectionName,
  state: SyncStateRow,
  sorted: SortedChanges,
  serverTime: string | null,
  caughtUp: boolean,
  noTimeReason?: (c: CollectionName) => string,
  before: HeldRecords | null = null,
  opts: SyncOptions = {},
): Promise<SyncStateRow['history']> {
  const coverage = state.history ?? null;
  if (coverage && !coverage.resyncFrom) {
    if (sorted.accepted.length === 0) return coverage;
    // Read on arrival only counts while nothing was written since; else as the collection is now, in this transaction.
    const cached =
      before && before.generation === generationOf(state)
        ? before.records
        : await recordsBefore(
            db,
            collection,
            state,
            sorted.accepted.map((c) => c.key),
            opts,
          );
    const plan = planHistory(collection, timedOf(sorted), cached, coverage.latest, serverTime, noTimeReason);
    await addHistory(db, plan.rows, plan.gaps);
    return { since: coverage.since, latest: plan.latest };
  }
  if (!caughtUp || serverTime === null) return coverage;
  if (!coverage) return { since: serverTime, latest: serverTime };
  const gap: HistoryGap = {
    from: coverage.resyncFrom!,
    to: laterOf(coverage.resyncFrom!, serverTime),
    reason: GAP_REASONS.resync(collection),
  };
  await addHistory(db, [], [gap]);
  return { since: coverage.since, latest: gap.to };
}

/** 304 on the caught-up cursor: the data is confirmed current as of when the request left (client clock). */
async function commitNotModified(
  db: CacheDb,
  collection: CollectionName,
  fromCursor: string | null,
  askedAt: string,
  at: string,
  serverTime: string,
) {
  await db.transaction('rw', db.syncState, async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    if (state.cursor !== fromCursor) throw new SupersededError();
    // A cache from before the history (v3) whose collection never changes again starts its history here.
    const history = state.history ?? { since: serverTime, latest: serverTime };
    await db.syncState.put({ ...state, caughtUp: true, dataAsOf: askedAt, lastSyncedAt: at, lastError: null, history });
  });
}

/**
 * Commits the answer to a lookup of quarantined keys: valid records and deletions are written like a page's (one
 * segment) and leave quarantine, records still invalid stay there with their new problems. The cursor does not
 * move; the commit is refused (SupersededError) if it moved since the lookup was sent, as another run may have
 * applied newer versions of these keys meanwhile.
 */
async function commitRecheck(
  db: CacheDb,
  collection: CollectionName,
  fromCursor: string | null,
  sorted: SortedChanges,
  opts: SyncOptions,
): Promise<GenerationMove> {
  const table = db.tableOf(collection);
  return db.transaction('rw', [table, db.syncState, db.quarantineBatches, db.history, db.historyInfo], async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    if (state.cursor !== fromCursor) throw new SupersededError();
    // A lookup has no serverTime: its changes without a time of their own are dated at the newest recorded one.
    const history = await recordHistory(db, collection, state, sorted, null, false, GAP_REASONS.recovered, null, opts);
    const stored = await appendSegment(db, collection, state, sorted.putValues, sorted.putKeys, sorted.deleteKeys);
    const q = await updateQuarantine(db, collection, state, [...sorted.putKeys, ...sorted.deleteKeys], sorted.rejected);
    const next: SyncStateRow = { ...state, ...q, stored, history };
    if (state.caughtUp) next.counts = { records: stored.records, quarantined: q.quarantined };
    await db.syncState.put(next);
    return { from: generationOf(state), to: stored.generation };
  });
}

/**
 * Empties one collection and forgets its cursor (after a 410, or to start over). Its history stays: the refill
 * is not recorded, and a gap will say so (recordHistory).
 */
export async function resetCollection(db: CacheDb, collection: CollectionName): Promise<void> {
  const table = db.tableOf(collection);
  await db.transaction('rw', [table, db.syncState, db.quarantineBatches, db.fleetImage], async () => {
    const state = (await db.syncState.get(collection)) ?? emptySyncState(collection);
    await table.clear();
    // The stored fleet held the records cleared here: it must never answer again (core/cache/fleet-image-store.ts).
    await forgetFleetImage(db);
    await clearQuarantine(db, collection);
    const coverage = state.history ?? null;
    const history = coverage ? { ...coverage, resyncFrom: coverage.resyncFrom ?? coverage.latest } : null;
    await db.syncState.put({ ...emptySyncState(collection), lastError: state.lastError, history });
  });
}

/** Empties the whole cache, history included (e.g. after the API key or base URL changed: the data belongs to someone else). */
export async function resetCache(db: CacheDb): Promise<void> {
  for (const c of COLLECTION_NAMES) await resetCollection(db, c);
  await db.syncState.clear();
  await clearHistory(db);
  await forgetFleetImage(db);
}

/** Stores `error` as the collection's lastError (where syncStatus and the panel read it). */
export async function recordSyncError(db: CacheDb, collection: CollectionName, error: unknown, at: string): Promise<void> {
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
  const pages = pagesAhead(client, opts);
  try {
    return await runCollection(db, client, collection, opts, emptyReport(collection), { pages });
  } finally {
    pages.close();
  }
}

/** What a run shares between its collections: the requests sent ahead, and what it read before they started. */
interface RunContext {
  pages: PagesAhead;
  /** The collection's syncState row as read when the run began (saves a read; a stale one only costs a retry). */
  initial?: SyncStateRow;
  /** Called when the collection's first answer arrived (whatever it said). */
  onAnswer?: () => void;
  /** Called when an answer the engine takes names no page after it (see PagesAheadOptions.onLast). */
  onLast?: (collection: CollectionName) => void;
  /** The collection's commits in this run (its first page may have been asked for, and sorted, before it began). */
  commits?: RunCommits;
}

function pagesAhead(client: ApiClient, opts: SyncOptions, onLast?: (collection: CollectionName) => void): PagesAhead {
  return new PagesAhead(client, {
    onLast,
    limit: opts.limit ?? DEFAULT_SYNC_PAGE_LIMIT,
    policy: { ...DEFAULT_RETRY_POLICY, ...opts.retry },
    signal: opts.signal,
    now: () => nowIso(opts),
  });
}

/** The ETag to send from `state`'s cursor: only an answer to that very request is worth revalidating. */
function etagOf(state: SyncStateRow): string | null {
  return state.caughtUp && state.etag && state.etag.forCursor === state.cursor ? state.etag.value : null;
}

function emptyReport(collection: CollectionName): CollectionReport {
  return {
    collection,
    pages: 0,
    puts: 0,
    deletes: 0,
    quarantined: 0,
    recovered: 0,
    stillQuarantined: 0,
    stale: 0,
    restarts: 0,
    notModified: false,
  };
}

/** syncCollection, counting into `report` so a caller still has the partial figures when it throws. */
async function runCollection(
  db: CacheDb,
  client: ApiClient,
  collection: CollectionName,
  opts: SyncOptions,
  report: CollectionReport,
  run: RunContext,
): Promise<CollectionReport> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const limit = opts.limit ?? DEFAULT_SYNC_PAGE_LIMIT;
  const { signal } = opts;
  const { pages } = run;
  const commits = run.commits ?? new RunCommits();
  const initial = run.initial ?? (await db.syncState.get(collection));
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

  const onRetry = ({ error, delayMs }: RetryEvent) => progress('retry', { error: describeError(error, nowIso(opts)), delayMs });

  progress('start');
  // A page sent ahead left before the lookup of quarantined records: it could put back versions older than what
  // the lookup commits, so it is not used.
  const rechecked = await recheckQuarantine(db, client, collection, opts, report, policy, progress, initial, commits);
  if (rechecked) pages.drop(collection);
  // The row read when the run began is what is stored unless a lookup committed (or another context wrote: its
  // cursor then no longer matches and the commit is refused, which reads it again).
  let known = rechecked ? undefined : initial;
  // Counted apart, so that replays never make one later suspect page look like a server that cannot move on.
  let suspectPages = 0;
  let replayedAnswers = 0;
  /**
   * This run committed a page of the collection's first fill (from no cursor, or before it ever caught up: an
   * initial sync resumed after a stop, or the refetch after a 410).
   */
  let filling = false;
  for (;;) {
    signal?.throwIfAborted();
    const state = known ?? (await db.syncState.get(collection)) ?? emptySyncState(collection);
    known = undefined;
    const fromCursor = state.cursor;
    const etag = etagOf(state);
    const ahead = pages.take(collection, fromCursor, etag, PAGES_AHEAD);
    // Before the first attempt: the answer that comes back reflects the server's state at this moment or later.
    const askedAt = ahead?.askedAt ?? nowIso(opts);

    let result;
    try {
      result =
        (await ahead?.result) ??
        (await withRetry(() => client.fetchPage(collection, { cursor: fromCursor, limit, etag, signal }), policy, signal, onRetry));
    } catch (error) {
      if (error instanceof GoneError && report.restarts < MAX_RESTARTS) {
        report.restarts++;
        await resetCollection(db, collection);
        opts.onReset?.(collection);
        progress('restart');
        continue;
      }
      throw error;
    }

    try {
      run.onAnswer?.();
      // Told by the requests ahead too, as the answer arrived, unless the engine had taken the request by then.
      if (result.kind !== 'page' || !result.fresh || !result.page.hasMore) run.onLast?.(collection);
      if (result.kind === 'notModified') {
        await commitNotModified(db, collection, fromCursor, askedAt, nowIso(opts), result.serverTime);
        report.notModified = true;
        break;
      }
      const { page } = result;
      if (!result.fresh) {
        // An answer to an earlier request served again (a replay, or one overtaken by a later answer): what it says
        // was true once and may no longer be. Dropped unapplied; the same request goes out again.
        report.stale++;
        if (++replayedAnswers >= MAX_STALE_PAGES) {
          throw new BadPageError(`the server keeps answering requests for ${collection} with pages it served before`);
        }
        continue;
      }
      replayedAnswers = 0;
      // Changes, or more to come, without moving the cursor: the next request would get the same again. A real
      // answer never does that (its cursor is past its changes); a replayed earlier page does.
      const suspect = page.cursor === fromCursor && (page.changes.length > 0 || page.hasMore);
      if (suspect && page.hasMore && suspectPages >= MAX_SUSPECT_PAGES) {
        throw new BadPageError(`the server keeps answering pages of ${collection} that do not move the cursor`);
      }
      // The next pages are asked for now (PAGES_AHEAD), while this one is committed; used only if this one commits.
      if (page.hasMore && !suspect)
        pages.send(
          collection,
          page.cursor,
          null,
          onRetry,
          sortOnArrival(db, collection, opts, recordsHistory(state.history), commits),
          PAGES_AHEAD,
        );
      const at = nowIso(opts);
      const sorted = sortedOnArrival.get(page) ?? sortChanges(collection, page.changes, at);
      // Awaited out here: a Dexie transaction must not wait on anything but its own requests.
      const arrived = beforeOnArrival.get(page);
      const before = (await (arrived ?? heldBefore(collection, sorted.accepted, opts, commits, state.stored?.generation ?? null))) ?? null;
      const { caughtUp, stale, stored, generation } = await commitPage(
        db,
        collection,
        fromCursor,
        page,
        result.etag,
        sorted,
        at,
        askedAt,
        suspect,
        before,
        opts,
        commits,
      );
      reportCommit(opts, collection, sorted, generation);
      commits.committed(generation, sorted.putKeys, sorted.putValues, sorted.deleteKeys, before?.generation ?? null);
      if (fromCursor === null || state.dataAsOf === null) filling = true;
      report.pages++;
      report.puts += sorted.putKeys.length;
      report.deletes += sorted.deleteKeys.length;
      report.quarantined += sorted.rejected.length;
      progress('page');
      // Its own transaction, after the page's: the page is committed whatever becomes of the compaction.
      if (!signal?.aborted && compactionDue(stored, caughtUp && filling)) {
        const compacted = await compactCollection(db, collection);
        const move = { from: compacted.previousGeneration, to: compacted.generation };
        reportCommit(opts, collection, NO_CHANGES, move);
        commits.committed(move, [], [], [], null);
      }
      if (caughtUp) break;
      suspectPages = stale ? suspectPages + 1 : 0;
      if (suspectPages >= MAX_STALE_PAGES) {
        throw new BadPageError(`the server keeps answering pages of ${collection} that do not move the cursor past their changes`);
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
 * Asks the server again for every record of the collection in quarantine, in batches of keys (a lookup, which
 * leaves the cursor alone), before the feed goes on: a record that was refused when it arrived (say the platform
 * briefly sent a value our schema lacked) is fixed by the next sync, without waiting for it to change again.
 * A server without the lookup endpoint (404/405) just keeps them in quarantine.
 */
async function recheckQuarantine(
  db: CacheDb,
  client: ApiClient,
  collection: CollectionName,
  opts: SyncOptions,
  report: CollectionReport,
  policy: RetryPolicy,
  progress: (phase: SyncPhase, extra?: Partial<SyncProgress>) => void,
  state: SyncStateRow | undefined,
  commits: RunCommits,
): Promise<boolean> {
  const lookup = client.lookup?.bind(client);
  if (!lookup) return false;
  const { signal } = opts;
  const batch = Math.min(opts.limit ?? DEFAULT_SYNC_PAGE_LIMIT, MAX_LOOKUP_KEYS);
  // The count is kept in the row (quarantineCount reads the batches only for a row written before it was).
  const first = state ? await db.transaction('r', [db.syncState, db.quarantineBatches], () => quarantineCount(db, collection, state)) : 0;
  if (first === 0) return false;
  // A key cut to fit (hostile length) no longer names the server's record: it stays until that record changes.
  const all = (await quarantinedKeys(db, collection)).filter((k) => !isCutKey(k));
  let committed = false;
  for (let i = 0; i < all.length; i += batch) {
    signal?.throwIfAborted();
    const asked = all.slice(i, i + batch);
    const fromCursor = ((await db.syncState.get(collection)) ?? emptySyncState(collection)).cursor;
    let changes: Change[];
    try {
      changes = await withRetry(
        () => lookup(collection, asked, signal),
        policy,
        signal,
        ({ error, delayMs }) => progress('retry', { error: describeError(error, nowIso(opts)), delayMs }),
      );
    } catch (error) {
      if (error instanceof RequestError && (error.status === 404 || error.status === 405)) return committed;
      throw error;
    }
    const wanted = new Set(asked);
    const sorted = sortChanges(
      collection,
      changes.filter((c) => wanted.has(c.key)),
      nowIso(opts),
    );
    try {
      const move = await commitRecheck(db, collection, fromCursor, sorted, opts);
      reportCommit(opts, collection, sorted, move);
      // a chain the fleet's later answers can follow: it holds the collection as stored before this commit
      commits.committed(move, sorted.putKeys, sorted.putValues, sorted.deleteKeys, opts.held?.generation(collection) ?? null);
      committed = true;
    } catch (error) {
      // Another run moved the cursor meanwhile: leave the rest to the next sync rather than race it.
      if (error instanceof SupersededError) return committed;
      throw error;
    }
    report.puts += sorted.putKeys.length;
    report.deletes += sorted.deleteKeys.length;
    // Asked for because they were in quarantine: one that fails again stays there, it is not newly quarantined.
    report.stillQuarantined += sorted.rejected.length;
    report.recovered += sorted.putKeys.length + sorted.deleteKeys.length;
    progress('recheck');
  }
  return committed;
}

/**
 * Syncs every collection (or `opts.collections`) in dependency order. Never throws for request errors: each
 * one is stored as that collection's lastError and reported. An AuthError or a NetworkError (after retries) stops
 * the run, since the next collections would fail the same way; other errors only skip their collection.
 * Rejects with the abort reason when `opts.signal` aborts (everything committed so far stays).
 */
export async function syncAll(db: CacheDb, client: ApiClient, opts: SyncOptions = {}): Promise<SyncReport> {
  const report: SyncReport = { ok: true, collections: [] };
  const collections = opts.collections ?? COLLECTION_NAMES;
  const states = await db.syncState.bulkGet([...collections]);
  const commits = collections.map(() => new RunCommits());
  // Which collections' first pages have been asked for ahead (the first collection's is the engine's own).
  const asked = new Set<CollectionName>(collections.slice(0, 1));
  /** Asks for the collection's first page ahead, unless it asks for its quarantined records first. */
  const askFirst = (i: number, depth: number): boolean => {
    const collection = collections[i];
    const state = states[i];
    if (state && state.quarantined !== 0 && client.lookup) return false;
    asked.add(collection);
    const row = state ?? emptySyncState(collection);
    const onRetry = ({ error, delayMs }: RetryEvent) =>
      opts.onProgress?.({ collection, phase: 'retry', pagesDone: 0, recordsDone: 0, error: describeError(error, nowIso(opts)), delayMs });
    pages.send(
      collection,
      row.cursor,
      etagOf(row),
      onRetry,
      sortOnArrival(db, collection, opts, recordsHistory(row.history), commits[i]),
      depth,
    );
    return true;
  };
  // A collection that is not caught up (filling from nothing, or a fill stopped half-way) may have many pages to
  // come: those are asked for one collection after another, so that the platform works on the pages the engine
  // takes next. Asked for all at once, a 1M first sync's big first pages (assets, tickets, users) held the second
  // page of the organizations back by ~1.3 s, with the worker idle meanwhile (issue 13).
  const filling = (i: number) => !states[i]?.caughtUp;
  // The others' first pages are asked for once the first collection has an answer (a refused key or no network
  // then costs one request, not one per collection), all at once: each is mostly the one page of an incremental
  // sync, or a 304.
  let answered = false;
  const askCaughtUp = () => {
    if (answered) return;
    answered = true;
    collections.forEach((collection, i) => {
      if (!filling(i) && !asked.has(collection)) askFirst(i, 1);
    });
  };
  // A collection whose requests have all gone out hands over (once) to the next filling one, whose pages are then
  // followed as its answers name them (PAGES_AHEAD), while the engine still commits the pages before.
  const handedOver = new Set<CollectionName>();
  const handOver = (collection: CollectionName) => {
    if (!answered || handedOver.has(collection)) return;
    handedOver.add(collection);
    for (let i = collections.indexOf(collection) + 1; i < collections.length; i++) {
      if (!filling(i)) continue;
      // Asked already: the hand-over went that far before.
      if (asked.has(collections[i]) || askFirst(i, PAGES_AHEAD)) return;
    }
  };
  const pages = pagesAhead(client, opts, handOver);
  try {
    await syncEach(db, client, opts, report, collections, states, commits, { pages, onAnswer: askCaughtUp, onLast: handOver });
  } finally {
    pages.close();
  }
  if (!report.stoppedBy) report.history = await keepHistory(db, client, opts);
  return report;
}

async function syncEach(
  db: CacheDb,
  client: ApiClient,
  opts: SyncOptions,
  report: SyncReport,
  collections: readonly CollectionName[],
  states: ReadonlyArray<SyncStateRow | undefined>,
  commits: readonly RunCommits[],
  run: RunContext & { onAnswer: () => void },
): Promise<void> {
  for (const [i, collection] of collections.entries()) {
    const entry = emptyReport(collection);
    report.collections.push(entry);
    // Past the first collection, whatever its answer was.
    if (i > 0) run.onAnswer();
    try {
      await runCollection(db, client, collection, opts, entry, {
        pages: run.pages,
        initial: states[i],
        commits: commits[i],
        ...(run.onLast ? { onLast: run.onLast } : {}),
        ...(i === 0 ? { onAnswer: run.onAnswer } : {}),
      });
    } catch (error) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const e = error instanceof Error ? error : new Error(String(error));
      await recordSyncError(db, collection, e, nowIso(opts));
      report.ok = false;
      entry.error = e;
      if (e instanceof AuthError || e instanceof NetworkError) {
        report.stoppedBy = e;
        break;
      }
    }
  }
}

/**
 * After the collections: a fresh cache fills its past from the platform's history endpoint (once), then the
 * history is compacted to the retention. Neither touches the current state; a failure is reported, not thrown
 * (the data itself is synced), and the fill is tried again next run.
 */
async function keepHistory(db: CacheDb, client: ApiClient, opts: SyncOptions): Promise<NonNullable<SyncReport['history']>> {
  const retention: HistoryRetention = { ...DEFAULT_HISTORY_RETENTION, ...opts.history };
  const now = opts.now?.() ?? new Date();
  const out: NonNullable<SyncReport['history']> = { compacted: 0 };
  try {
    if (opts.history?.fill !== false) {
      const fill = await fillHistory(db, client, { retention, now, signal: opts.signal, retry: opts.retry });
      if (fill) out.fill = fill;
    }
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    out.error = error instanceof Error ? error : new Error(String(error));
  }
  out.compacted = (await compactHistory(db, retention, now)).deleted;
  return out;
}
