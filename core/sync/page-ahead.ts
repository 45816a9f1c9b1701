// Page requests sent before their turn (issue 13): a sync's wall time was mostly waiting, one request and one
// transaction after another. The next page of a collection is asked for while the page before it is validated and
// committed, and every collection's first page while the first collection syncs. Only the requests overlap: pages
// still commit one at a time, in order, each with its cursor (core/sync/sync.ts), and an answer is used only for
// the very request the engine would send next (same collection, cursor and ETag); anything else is dropped.
import type { CollectionName } from '../model/collections';
import type { ApiClient, PageResult } from './client';
import { withRetry, type RetryEvent, type RetryPolicy } from './retry';

/** One request sent ahead: what it asked, when it left (the answer reflects the server from then on), and its answer. */
export interface PageAhead {
  cursor: string | null;
  etag: string | null;
  askedAt: string;
  /** Settles like the engine's own request would (retried the same way); its rejection is handled until taken. */
  result: Promise<PageResult>;
}

export interface PagesAheadOptions {
  limit: number;
  policy: RetryPolicy;
  signal?: AbortSignal;
  now: () => string;
}

/** The requests one run sent ahead, at most one per collection. close() aborts those never taken. */
export class PagesAhead {
  private readonly sent = new Map<CollectionName, PageAhead>();
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: PagesAheadOptions,
  ) {
    this.signal = opts.signal ? AbortSignal.any([opts.signal, this.controller.signal]) : this.controller.signal;
  }

  /** Sends the request for `collection` from `cursor` now (replacing one sent before and not taken). */
  send(
    collection: CollectionName,
    cursor: string | null,
    etag: string | null,
    onRetry: (event: RetryEvent) => void,
    /** Work on the answer as soon as it arrives (while the engine still waits for the commit before it). */
    onArrival?: (result: PageResult) => void,
  ): void {
    if (this.signal.aborted) return;
    const { client, signal, opts } = this;
    const askedAt = opts.now();
    const result = withRetry(() => client.fetchPage(collection, { cursor, limit: opts.limit, etag, signal }), opts.policy, signal, onRetry);
    // Its error is the taker's to handle; one never taken must not be an unhandled rejection.
    result.then(onArrival, () => undefined).catch(() => undefined);
    this.sent.set(collection, { cursor, etag, askedAt, result });
  }

  /** Whether a request for `collection` is waiting to be taken. */
  has(collection: CollectionName): boolean {
    return this.sent.has(collection);
  }

  /** The request sent for exactly this (collection, cursor, etag), if any; any other one for it is dropped. */
  take(collection: CollectionName, cursor: string | null, etag: string | null): PageAhead | null {
    const ahead = this.sent.get(collection);
    this.sent.delete(collection);
    return ahead && ahead.cursor === cursor && ahead.etag === etag ? ahead : null;
  }

  /** Drops what was sent for `collection` (its answer could be older than what the engine is about to commit). */
  drop(collection: CollectionName): void {
    this.sent.delete(collection);
  }

  /** The run is over: requests still in flight are aborted. */
  close(): void {
    this.sent.clear();
    this.controller.abort();
  }
}
