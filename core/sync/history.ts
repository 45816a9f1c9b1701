// Turning the sync feed's changes into history entries (issue 18): `before` is what the cache held, `after` what
// the change makes it, `at` the change's server time — checked, never trusted to reorder anything. The feed is in
// the server's change order, so its times must not go back, and none can be later than the page's own serverTime:
// a change without a time, dated after its page, or dated before one already recorded keeps its place in the feed
// order (dated at the nearest time that keeps the order) and a gap marks where the history is not sure.
import type { CollectionName } from '../model/collections';
import type { HistoryGap } from '../model/history';
import type { HistoryRow } from '../cache/db';
import { canonicalTime, encodeHistoryRecord, encodedHistoryRow, laterOf, mergeGaps } from '../cache/history';

/** One valid change of a page, in feed order: `after` is the validated record, or null for a deletion. */
export interface TimedChange {
  key: string;
  after: unknown | null;
  at?: string;
  author?: string | null;
}

export interface HistoryPlan {
  rows: HistoryRow[];
  gaps: HistoryGap[];
  /** The newest time now recorded for the collection. */
  latest: string;
}

export const GAP_REASONS = {
  noTime: (c: CollectionName) => `the platform sent ${c} changes without readable times`,
  future: (c: CollectionName) => `the platform dated ${c} changes after its own clock`,
  outOfOrder: (c: CollectionName) => `the platform sent ${c} changes out of time order`,
  resync: (c: CollectionName) => `the platform's ${c} feed expired (410) and was fetched again in full: changes in between are unknown`,
  recovered: (c: CollectionName) => `${c} records refused earlier came back valid; when they changed is unknown`,
  badHistory: (c: CollectionName) => `the platform's history held an invalid ${c} record`,
} as const;

const ms = (time: string) => Date.parse(time);

/**
 * The entries and gaps one page (or lookup) of a collection records. `cached`: what the cache held for the
 * changed keys; `latest`: the newest time recorded for the collection so far; `serverTime`: the page's own time
 * (null for a lookup, which has none: its changes without a time are dated `latest` under `noTimeReason`).
 * A change that changes nothing (a replayed page, a record put again as it was) records nothing.
 */
export function planHistory(
  collection: CollectionName,
  changes: readonly TimedChange[],
  cached: ReadonlyMap<string, unknown>,
  latest: string,
  serverTime: string | null,
  noTimeReason: (c: CollectionName) => string = GAP_REASONS.noTime,
): HistoryPlan {
  const rows: HistoryRow[] = [];
  const gaps: HistoryGap[] = [];
  let high = canonicalTime(latest);
  const gap = (from: string, to: string, reason: string) =>
    gaps.push({ from: canonicalTime(from), to: canonicalTime(laterOf(from, to)), reason });
  for (const change of changes) {
    // Each record is encoded once: the texts both tell an unchanged record and are what the row stores.
    const before = encodeHistoryRecord(cached.get(change.key) ?? null);
    const after = encodeHistoryRecord(change.after);
    if (before === after) continue;
    let at: string;
    if (change.at === undefined) {
      at = serverTime ?? high;
      gap(high, at, noTimeReason(collection));
    } else if (serverTime !== null && ms(change.at) > ms(serverTime)) {
      at = serverTime;
      gap(high, serverTime, GAP_REASONS.future(collection));
    } else at = change.at;
    if (ms(at) < ms(high)) {
      gap(at, high, GAP_REASONS.outOfOrder(collection));
      at = high;
    }
    high = canonicalTime(at);
    rows.push(encodedHistoryRow({ collection, key: change.key, at: high, author: change.author ?? null, before, after }));
  }
  return { rows, gaps: mergeGaps(gaps), latest: high };
}
