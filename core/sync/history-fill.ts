// A fresh cache knows the present only: its history starts when its first fill caught up. This step (run once,
// after every collection caught up) asks the platform's history endpoint for the changes of the last N days (the
// retention) before that, so "what changed since last week" has an answer on day one. The platform's entries are
// checked like the feed's (each record against its schema, times in order and not after the page's own time);
// what fails is left out and marked as a gap. Everything is written in one transaction, or nothing.
import { MAX_HISTORY_LIMIT, recordKey, type HistoryPage } from '../api/contract';
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import type { HistoryGap } from '../model/history';
import { emptySyncState, type CacheDb, type HistoryCoverage, type HistoryRow } from '../cache/db';
import { addHistory, canonicalTime, laterOf, mergeGaps, readHistoryInfo, toHistoryRow } from '../cache/history';
import { DAY_MS, retentionBytes, type HistoryRetention } from '../cache/history-retention';
import type { ApiClient } from './client';
import { BadPageError, GoneError, RequestError } from './errors';
import { checkRecord } from './record-check';
import { GAP_REASONS } from './history';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry';

/**
 * Entries asked per history page: the contract's most. The fill keeps every page in memory until its one
 * transaction anyway, so bigger pages cost no more memory, only fewer round trips (a 1M fleet's month of history
 * in a fifth of the requests).
 */
export const HISTORY_FILL_PAGE_LIMIT = MAX_HISTORY_LIMIT;
/** Pages one fill reads at most (5 million changes): a server that never says "no more" must not keep us forever. */
const MAX_FILL_PAGES = 5_000_000 / HISTORY_FILL_PAGE_LIMIT;

export type HistoryFillReport =
  | { kind: 'filled'; since: string; entries: number; gaps: number }
  /** The platform has no history endpoint (404/405): the history starts at the first sync. */
  | { kind: 'unavailable' };

export interface HistoryFillOptions {
  retention: HistoryRetention;
  now: Date;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
}

const ms = (time: string) => Date.parse(time);

/** Every collection's coverage when each has one and none is being fetched again (a 410), else null. */
function coverages(rows: ReadonlyArray<{ history?: HistoryCoverage | null } | undefined>): Map<CollectionName, HistoryCoverage> | null {
  const out = new Map<CollectionName, HistoryCoverage>();
  for (const [i, c] of COLLECTION_NAMES.entries()) {
    const coverage = (rows[i] ?? emptySyncState(c)).history;
    if (!coverage || coverage.resyncFrom) return null;
    out.set(c, coverage);
  }
  return out;
}

/** A history record is usable when it is a valid record of its collection under the entry's key. */
function validRecord(collection: CollectionName, key: string, record: unknown): boolean {
  if (record === null) return true;
  const parsed = checkRecord(collection, record);
  return parsed.ok && recordKey(collection, parsed.value) === key;
}

/**
 * Fills the history's past from the platform, once per cache. Returns null when there is nothing to do (done
 * already, a collection has not caught up yet, or the client has no history endpoint); throws the request error
 * that stopped it (the next sync tries again).
 */
export async function fillHistory(db: CacheDb, client: ApiClient, opts: HistoryFillOptions): Promise<HistoryFillReport | null> {
  const fetchHistory = client.history?.bind(client);
  if (!fetchHistory) return null;
  const [info, states] = await db.transaction(
    'r',
    [db.syncState, db.historyInfo],
    async () => [await readHistoryInfo(db), await db.syncState.bulkGet(COLLECTION_NAMES)] as const,
  );
  if (info.fill !== null) return null;
  const covered = coverages(states);
  if (!covered) return null;

  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const { signal } = opts;
  let start = canonicalTime(opts.now.getTime() - opts.retention.days * DAY_MS);
  const request = (since: string, cursor: string | null) =>
    withRetry(() => fetchHistory({ since, cursor, limit: HISTORY_FILL_PAGE_LIMIT, signal }), policy, signal);

  let page: HistoryPage;
  try {
    page = await request(start, null);
  } catch (error) {
    if (error instanceof GoneError && error.keptSince) {
      // The platform keeps less than we asked for: take what it has.
      start = laterOf(start, canonicalTime(error.keptSince));
      page = await request(start, null);
    } else if (error instanceof RequestError && (error.status === 404 || error.status === 405)) {
      await db.transaction('rw', db.historyInfo, () => addHistory(db, [], [], { fill: 'unavailable' }));
      return { kind: 'unavailable' };
    } else throw error;
  }
  start = laterOf(start, canonicalTime(page.since));

  const rows: HistoryRow[] = [];
  const gaps: HistoryGap[] = [];
  let high = start;
  for (let pages = 1; ; pages++) {
    for (const entry of page.entries) {
      const boundary = covered.get(entry.collection)!.since;
      let at = canonicalTime(entry.at);
      // Before what we asked for, or after the cache's own record of this collection begins: not ours to add.
      if (ms(at) < ms(start) || ms(at) > ms(boundary)) continue;
      if (ms(at) > ms(page.serverTime)) {
        gaps.push({ from: high, to: laterOf(high, page.serverTime), reason: GAP_REASONS.future(entry.collection) });
        at = canonicalTime(page.serverTime);
      }
      if (ms(at) < ms(high)) {
        gaps.push({ from: at, to: high, reason: GAP_REASONS.outOfOrder(entry.collection) });
        at = high;
      }
      high = at;
      if (!validRecord(entry.collection, entry.key, entry.before) || !validRecord(entry.collection, entry.key, entry.after)) {
        gaps.push({ from: at, to: at, reason: GAP_REASONS.badHistory(entry.collection) });
        continue;
      }
      rows.push(toHistoryRow({ ...entry, at }));
    }
    if (!page.hasMore) break;
    if (pages >= MAX_FILL_PAGES) throw new BadPageError(`the platform's history did not end after ${MAX_FILL_PAGES} pages`);
    const cursor = page.cursor;
    page = await request(start, cursor);
    if (page.cursor === cursor && page.hasMore)
      throw new BadPageError('the platform keeps answering history pages that do not move the cursor');
  }

  // Within the retention's megabytes too: the oldest changes go first, and the history starts after them.
  let bytes = rows.reduce((sum, r) => sum + r.bytes, 0);
  let drop = 0;
  while (bytes > retentionBytes(opts.retention) && drop < rows.length) bytes -= rows[drop++].bytes;
  if (drop > 0) {
    start = laterOf(start, rows[drop - 1].at);
    rows.splice(0, drop);
  }
  const merged = mergeGaps(gaps.filter((g) => ms(g.to) > ms(start)));
  const written = await db.transaction('rw', [db.syncState, db.history, db.historyInfo], async () => {
    // Another run filled meanwhile, or a collection was fetched again: leave it to the next run.
    if ((await readHistoryInfo(db)).fill !== null) return false;
    const states = await db.syncState.bulkGet(COLLECTION_NAMES);
    const now = coverages(states);
    if (!now || COLLECTION_NAMES.some((c) => now.get(c)!.since !== covered.get(c)!.since)) return false;
    await addHistory(db, rows, merged, { fill: 'done' });
    for (const [i, c] of COLLECTION_NAMES.entries()) {
      const coverage = now.get(c)!;
      if (ms(start) >= ms(coverage.since)) continue;
      // The row just read in this same transaction: nothing else can have written it since.
      const state = states[i] ?? emptySyncState(c);
      await db.syncState.put({ ...state, history: { ...coverage, since: start } });
    }
    return true;
  });
  return written ? { kind: 'filled', since: start, entries: rows.length, gaps: merged.length } : null;
}
