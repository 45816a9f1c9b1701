// Page requests sent before their turn (issue 13): a sync's wall time was mostly waiting, one request and one
// transaction after another. The next page of a collection is asked for while the page before it is validated and
// committed; the first page of a collection that is caught up while the first collection syncs, and of one that
// fills when the one before it has asked for its last page (syncAll). Only the requests overlap: pages
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
  /**
   * Told when an answer names no page after it (the collection's last page, a 304, an answer served again): every
   * request ahead the collection will make has gone out.
   */
  onLast?: (collection: CollectionName) => void;
}

/**
 * How many of a collection's pages may be asked for and not yet committed. One hides the commit behind the next
 * request; more let the platform work on the next pages meanwhile (at 1M assets the answer, not the commit, was
 * what the engine waited for). Each is one page held in memory (MAX_PAGE_LIMIT records, ~6 MB of a 1M fill's worker
 * heap). Six, not three: a chain of requests that stops while the worker is busy (a long commit, a collection) loses
 * that time for good, and the worker idled on the network for ~2.6 s of a 1M fill with three.
 */
export const PAGES_AHEAD = 6;

interface Sent extends PageAhead {
  /** The answer, once it arrived (what the next request ahead follows). */
  answer?: PageResult;
  /** The cursor its answer's headers named next, before the answer arrived whole. */
  named?: string;
  onRetry: (event: RetryEvent) => void;
  onArrival?: (result: PageResult) => void;
}

/** The requests one run sent ahead, per collection in the order the engine will take them. close() aborts the rest. */
export class PagesAhead {
  private readonly sent = new Map<CollectionName, Sent[]>();
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: PagesAheadOptions,
  ) {
    this.signal = opts.signal ? AbortSignal.any([opts.signal, this.controller.signal]) : this.controller.signal;
  }

  /**
   * Sends the request for `collection` from `cursor` now, unless it is already waiting; as answers with more to
   * come arrive, the pages after them are asked for too, up to `depth` waiting for the collection.
   */
  send(
    collection: CollectionName,
    cursor: string | null,
    etag: string | null,
    onRetry: (event: RetryEvent) => void,
    /** Work on the answer as soon as it arrives (while the engine still waits for the commit before it). */
    onArrival?: (result: PageResult) => void,
    depth = 1,
  ): void {
    if (this.signal.aborted) return;
    const queue = this.sent.get(collection) ?? [];
    if (queue.some((s) => s.cursor === cursor && s.etag === etag)) return;
    const { client, signal, opts } = this;
    // Waiting before the request leaves: its headers may name the next page at once (a client that knows it).
    const sent = { cursor, etag, askedAt: opts.now(), onRetry, ...(onArrival ? { onArrival } : {}) } as Sent;
    queue.push(sent);
    this.sent.set(collection, queue);
    // The page after this one is asked for as soon as the answer's headers name it (its body still arriving).
    const onNextCursor = (next: string) => this.followCursor(collection, sent, next, depth);
    const result = withRetry(
      () => client.fetchPage(collection, { cursor, limit: opts.limit, etag, signal, onNextCursor }),
      opts.policy,
      signal,
      onRetry,
    );
    sent.result = result;
    // Its error is the taker's to handle; one never taken must not be an unhandled rejection.
    result
      .then(
        (answer) => {
          sent.answer = answer;
          // One dropped meanwhile is nobody's work any more.
          if (!this.sent.get(collection)?.includes(sent)) return;
          // The next request first: the platform builds it while this answer is checked.
          this.follow(collection, depth);
          if (answer.kind !== 'page' || !answer.fresh || !answer.page.hasMore) opts.onLast?.(collection);
          onArrival?.(answer);
        },
        () => undefined,
      )
      .catch(() => undefined);
  }

  /**
   * Asks for the page after the last one waiting, when there is room and that one's answer says there is more: its
   * page, or before that its headers (`named`).
   */
  private follow(collection: CollectionName, depth: number): void {
    const queue = this.sent.get(collection);
    const last = queue?.at(-1);
    if (!queue || !last || queue.length >= depth) return;
    const answer = last.answer;
    // Only a fresh answer that moves the cursor is followed: anything else the engine looks at itself.
    const next = !answer ? last.named : answer.kind === 'page' && answer.fresh && answer.page.hasMore ? answer.page.cursor : undefined;
    if (next === undefined || next === last.cursor) return;
    this.send(collection, next, null, last.onRetry, last.onArrival, depth);
  }

  /** The headers of `sent`'s answer name the page from `cursor` next: asked for now if there is room (see follow). */
  private followCursor(collection: CollectionName, sent: Sent, cursor: string, depth: number): void {
    sent.named = cursor;
    if (this.sent.get(collection)?.at(-1) === sent) this.follow(collection, depth);
  }

  /**
   * The request sent for exactly this (collection, cursor, etag), if it is the next one waiting; anything else
   * waiting for the collection is dropped then (the engine went another way: another run committed first).
   */
  take(collection: CollectionName, cursor: string | null, etag: string | null, depth = 1): PageAhead | null {
    const queue = this.sent.get(collection);
    const next = queue?.[0];
    if (!queue || !next || next.cursor !== cursor || next.etag !== etag) {
      this.sent.delete(collection);
      return null;
    }
    queue.shift();
    if (queue.length === 0) this.sent.delete(collection);
    else this.follow(collection, depth);
    return next;
  }

  /** Drops what was sent for `collection` (its answers could be older than what the engine is about to commit). */
  drop(collection: CollectionName): void {
    this.sent.delete(collection);
  }

  /** The run is over: requests still in flight are aborted. */
  close(): void {
    this.sent.clear();
    this.controller.abort();
  }
}
