// The demo platform's change history (issue 18): every change of every record with its server time, its author and
// the record before and after, for the last N days (default 30) and at most M entries, so a fresh install can fill
// its history (GET /api/v1/history). What a real platform could keep from its own audit log.
import type { CollectionName } from '../core/model/snapshot';

export const DEFAULT_HISTORY_DAYS = 30;
/** 100,000 assets at 1% daily churn for 30 days is 30,000 entries; this leaves room for busier demos. */
export const DEFAULT_HISTORY_MAX_ENTRIES = 200_000;
const DAY_MS = 86_400_000;

export interface LoggedChange {
  /** The store's change sequence number of this change (increasing in log order). */
  seq: number;
  collection: CollectionName;
  key: string;
  /** Server time, ms since the epoch. */
  at: number;
  author: string | null;
  before: unknown | null;
  after: unknown | null;
}

export interface ChangeLogOptions {
  days?: number;
  maxEntries?: number;
}

export class ChangeLog {
  private entries: LoggedChange[] = [];
  /** Index of the first kept entry in `entries` (pruned ones are cut off in batches). */
  private first = 0;
  /** The log is complete from this time (ms): the start of the dataset, or the newest pruned change. */
  since: number;
  /** Sequence of the newest pruned change: a cursor before it has lost entries (410). */
  prunedThroughSeq = 0;
  readonly days: number;
  readonly maxEntries: number;

  constructor(since: number, opts: ChangeLogOptions = {}) {
    this.since = since;
    this.days = opts.days ?? DEFAULT_HISTORY_DAYS;
    this.maxEntries = opts.maxEntries ?? DEFAULT_HISTORY_MAX_ENTRIES;
  }

  get size(): number {
    return this.entries.length - this.first;
  }

  /** Appends a change (seq larger than every earlier one) and drops what falls out of the retention. */
  add(change: LoggedChange): void {
    this.entries.push(change);
    this.prune(change.at);
  }

  /** Drops entries older than `days` before `now`, and the oldest beyond `maxEntries`. */
  prune(now: number): void {
    const cutoff = now - this.days * DAY_MS;
    while (this.first < this.entries.length && (this.entries[this.first].at < cutoff || this.size > this.maxEntries)) {
      const dropped = this.entries[this.first++];
      this.prunedThroughSeq = dropped.seq;
      this.since = Math.max(this.since, dropped.at);
    }
    if (this.first > 1024 && this.first > this.entries.length / 2) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }

  /** Up to `limit` changes after sequence `afterSeq` whose time is `sinceMs` or later, in log order. */
  page(afterSeq: number, sinceMs: number, limit: number): { changes: LoggedChange[]; lastSeq: number; hasMore: boolean } {
    let lo = this.first;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    const changes: LoggedChange[] = [];
    let lastSeq = afterSeq;
    let i = lo;
    for (; i < this.entries.length && changes.length < limit; i++) {
      const e = this.entries[i];
      lastSeq = e.seq;
      if (e.at >= sinceMs) changes.push(e);
    }
    let hasMore = false;
    for (; i < this.entries.length; i++) {
      if (this.entries[i].at >= sinceMs) {
        hasMore = true;
        break;
      }
    }
    return { changes, lastSeq, hasMore };
  }

  /** Sequence of the newest change, or `fallback` when the log is empty. */
  lastSeq(fallback: number): number {
    return this.size > 0 ? this.entries[this.entries.length - 1].seq : fallback;
  }
}
