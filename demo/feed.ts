// One collection's change feed: the latest state of every key (a record, or a tombstone) plus an append-only log of
// (sequence, key). A key's log entry is live only while it is the key's latest change, so a page is a binary
// search to the cursor and a forward scan: O(log n + limit + stale entries skipped). The log is compacted when
// stale entries outnumber live ones, which keeps that last term small.

interface Entry {
  readonly key: string;
  seq: number;
  /** null = tombstone. */
  record: unknown | null;
  /** Index in `liveKeys` while the record exists; -1 for a tombstone. */
  slot: number;
  /** Server time (ms) and author of this latest change (issue 18: the feed says when and by whom). */
  at: number;
  author: string | null;
}

/** When and by whom a change was made. */
export interface ChangeStamp {
  at: number;
  author: string | null;
}

export interface FeedChange {
  seq: number;
  key: string;
  record: unknown | null;
  at: number;
  author: string | null;
}

export interface FeedPage {
  changes: FeedChange[];
  /** Sequence of the last log entry examined (included or skipped), or `afterSeq` when none was. */
  lastExamined: number;
  hasMore: boolean;
}

export class CollectionFeed {
  private readonly entries = new Map<string, Entry>();
  private logSeqs: number[] = [];
  /** The log's entries by reference, not by key: a page of a 1M collection then does no Map lookups (~0.6 s a fill). */
  private logEntries: Entry[] = [];
  private stale = 0;
  /** Live keys, unordered, for O(1) random picks (mutations). */
  private readonly liveKeys: string[] = [];
  /** Sequence of this collection's latest change (0 when it never changed). */
  lastSeq = 0;

  get size(): number {
    return this.liveKeys.length;
  }

  get tombstones(): number {
    return this.entries.size - this.liveKeys.length;
  }

  get(key: string): unknown | undefined {
    const e = this.entries.get(key);
    return e && e.record !== null ? e.record : undefined;
  }

  /** Writes the key's new state (record or tombstone) at `seq`, which must exceed every earlier one. */
  write(key: string, record: unknown | null, seq: number, stamp: ChangeStamp = { at: 0, author: null }): void {
    let e = this.entries.get(key);
    if (e) {
      this.stale++;
      if (e.record !== null && record === null) this.removeLive(e);
      else if (e.record === null && record !== null) e.slot = this.liveKeys.push(key) - 1;
      e.seq = seq;
      e.record = record;
      e.at = stamp.at;
      e.author = stamp.author;
    } else {
      // A tombstone for a key we never had is still a change worth announcing (the client might hold it).
      const slot = record === null ? -1 : this.liveKeys.push(key) - 1;
      e = { key, seq, record, slot, at: stamp.at, author: stamp.author };
      this.entries.set(key, e);
    }
    this.logSeqs.push(seq);
    this.logEntries.push(e);
    this.lastSeq = seq;
    if (this.stale > 1024 && this.stale > this.logSeqs.length / 2) this.compact();
  }

  private removeLive(e: Entry): void {
    const last = this.liveKeys.pop()!;
    if (e.slot < this.liveKeys.length) {
      this.liveKeys[e.slot] = last;
      this.entries.get(last)!.slot = e.slot;
    }
    e.slot = -1;
  }

  private compact(): void {
    const seqs: number[] = [];
    const entries: Entry[] = [];
    for (let i = 0; i < this.logSeqs.length; i++) {
      if (this.logEntries[i].seq === this.logSeqs[i]) {
        seqs.push(this.logSeqs[i]);
        entries.push(this.logEntries[i]);
      }
    }
    this.logSeqs = seqs;
    this.logEntries = entries;
    this.stale = 0;
  }

  /** First log index whose sequence is greater than `seq`. */
  private firstAfter(seq: number): number {
    let lo = 0;
    let hi = this.logSeqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.logSeqs[mid] <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Up to `limit` latest-state changes after `afterSeq`, in sequence order. Tombstones are skipped when
   * `includeTombstones` is false (a client starting from nothing has nothing to delete).
   */
  page(afterSeq: number, limit: number, includeTombstones: boolean): FeedPage {
    const changes: FeedChange[] = [];
    let lastExamined = afterSeq;
    let i = this.firstAfter(afterSeq);
    for (; i < this.logSeqs.length && changes.length < limit; i++) {
      const seq = this.logSeqs[i];
      const e = this.logEntries[i];
      lastExamined = seq;
      if (e.seq !== seq) continue;
      if (e.record === null && !includeTombstones) continue;
      changes.push({ seq, key: e.key, record: e.record, at: e.at, author: e.author });
    }
    // More only if a change that this reader would receive remains.
    let hasMore = false;
    for (; i < this.logSeqs.length; i++) {
      const e = this.logEntries[i];
      if (e.seq !== this.logSeqs[i]) continue;
      if (e.record === null && !includeTombstones) continue;
      hasMore = true;
      break;
    }
    return { changes, lastExamined, hasMore };
  }

  /** Live records in first-insertion order. */
  *records(): IterableIterator<unknown> {
    for (const e of this.entries.values()) if (e.record !== null) yield e.record;
  }

  randomKey(pick: (n: number) => number): string | undefined {
    return this.liveKeys.length === 0 ? undefined : this.liveKeys[pick(this.liveKeys.length)];
  }
}
