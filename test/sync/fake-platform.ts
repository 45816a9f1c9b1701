// A tiny in-memory implementation of the platform API contract (core/api/contract.ts), exposed as a `fetch`
// function, so the sync engine can be tested without sockets: a change log per collection where a key's entry is
// live only while it is the key's latest change, opaque cursors carrying a dataset epoch (410 when it changes),
// API-key auth, ETag/304, the request id echoed in every page, lookups by key, and a script of faults to serve
// before normal answers.
import { API_KEY_HEADER, API_PREFIX, recordKey } from '../../core/api/contract';
import { COLLECTION_NAMES, type CollectionName, type Snapshot } from '../../core/model/snapshot';

interface LogEntry {
  seq: number;
  key: string;
}

interface Feed {
  log: LogEntry[];
  /** key -> latest seq and state (null = tombstone). */
  latest: Map<string, { seq: number; record: unknown | null }>;
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; retryAfterMs?: number }
  | { kind: 'drop' }
  | { kind: 'truncate' }
  /** Serve the previous page's body again (same cursor). */
  | { kind: 'duplicate' }
  /** Serve this body with 200 instead of the real page (a function gets the request's requestId to echo). */
  | { kind: 'body'; body: string | ((requestId: string | null) => string) };

export interface RequestLogEntry {
  path: string;
  collection: string | null;
  cursor: string | null;
  limit: number | null;
  status: number | 'dropped';
  changes: number;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
}

export class FakePlatform {
  readonly apiKey = 'test-key';
  epoch = 1;
  private seq = 0;
  private feeds = new Map<CollectionName, Feed>();
  /** Faults served, in order, before (instead of) the next normal answers. */
  readonly faults: Fault[] = [];
  /** Called per request to pick a fault at random (chaos tests); `faults` is consulted first. */
  chaos: ((request: number) => Fault | null) | null = null;
  readonly requests: RequestLogEntry[] = [];
  private lastTime = 0;
  /** The server's clock (serverTime, Date header); strictly increasing, like a real server's between two pages. */
  now: () => Date = () => new Date((this.lastTime = Math.max(Date.now(), this.lastTime + 1)));
  private lastPageBody: string | null = null;
  /**
   * How records are served (pages and lookups), e.g. to make some malformed for a while as a platform that adds an
   * enum value would; what is stored does not change, so "the platform behaves again" changes no sequence.
   */
  serve: ((collection: CollectionName, record: unknown) => unknown) | null = null;

  constructor(snapshot?: Snapshot) {
    this.load(snapshot);
  }

  private load(snapshot?: Snapshot): void {
    this.feeds = new Map(COLLECTION_NAMES.map((c) => [c, { log: [], latest: new Map() }]));
    if (!snapshot) return;
    for (const c of COLLECTION_NAMES) for (const r of snapshot[c] ?? []) this.put(c, r);
  }

  /** Writes a record (validity is not checked: tests send bad ones on purpose). */
  put(collection: CollectionName, record: unknown, key = recordKey(collection, record as { id?: unknown })): void {
    const feed = this.feeds.get(collection)!;
    const seq = ++this.seq;
    feed.latest.set(key, { seq, record });
    feed.log.push({ seq, key });
  }

  remove(collection: CollectionName, key: string): void {
    const feed = this.feeds.get(collection)!;
    const seq = ++this.seq;
    feed.latest.set(key, { seq, record: null });
    feed.log.push({ seq, key });
  }

  /** A new dataset epoch: old cursors get 410, the data becomes `snapshot`. */
  reset(snapshot?: Snapshot): void {
    this.epoch++;
    this.load(snapshot);
  }

  /** Live records of a collection. */
  records(collection: CollectionName): unknown[] {
    return [...this.feeds.get(collection)!.latest.values()].filter((e) => e.record !== null).map((e) => e.record);
  }

  pageRequests(collection?: CollectionName): RequestLogEntry[] {
    return this.requests.filter((r) => r.collection !== null && (collection === undefined || r.collection === collection));
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const entry: RequestLogEntry = {
      path: url.pathname,
      collection: null,
      cursor: url.searchParams.get('cursor'),
      limit: url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : null,
      status: 200,
      changes: 0,
      headers: Object.fromEntries(headers.entries()),
      credentials: init?.credentials,
    };
    this.requests.push(entry);
    init?.signal?.throwIfAborted();
    const match = url.pathname.match(new RegExp(`^${API_PREFIX}/sync/([^/]+)$`));
    if (match) entry.collection = decodeURIComponent(match[1]);

    const fault = this.faults.shift() ?? this.chaos?.(this.requests.length) ?? null;
    if (fault) {
      if (fault.kind === 'drop') {
        entry.status = 'dropped';
        throw new TypeError('fetch failed');
      }
      if (fault.kind === 'status') {
        entry.status = fault.status;
        const h: Record<string, string> = { 'Content-Type': 'application/json' };
        if (fault.retryAfter !== undefined) h['Retry-After'] = fault.retryAfter;
        if (fault.retryAfterMs !== undefined) h['Retry-After-Ms'] = String(fault.retryAfterMs);
        return json({ error: { code: codeFor(fault.status), message: `injected ${fault.status}` } }, fault.status, h);
      }
      if (fault.kind === 'body') {
        const body = typeof fault.body === 'function' ? fault.body(url.searchParams.get('requestId')) : fault.body;
        return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      if (fault.kind === 'duplicate' && this.lastPageBody !== null && match) {
        return new Response(this.lastPageBody, { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      if (fault.kind === 'truncate' && match) {
        const real = await this.answer(url, headers, entry, match[1]);
        const body = await real.text();
        return new Response(body.slice(0, Math.max(1, Math.floor(body.length / 2))), { status: 200 });
      }
    }
    const lookup = url.pathname.match(new RegExp(`^${API_PREFIX}/sync/([^/]+)/lookup$`));
    if (lookup && init?.method === 'POST') {
      entry.collection = decodeURIComponent(lookup[1]);
      return this.lookup(headers, entry, entry.collection as CollectionName, String(init.body));
    }
    return this.answer(url, headers, entry, match?.[1]);
  };

  /** Lookups served (POST …/lookup), with the keys each asked for. */
  readonly lookups: Array<{ collection: string; keys: string[] }> = [];

  private lookup(headers: Headers, entry: RequestLogEntry, collection: CollectionName, body: string): Response {
    if (headers.get(API_KEY_HEADER) !== this.apiKey) {
      entry.status = 401;
      return json({ error: { code: 'unauthorized', message: 'unknown API key' } }, 401);
    }
    const feed = this.feeds.get(collection);
    if (!feed) {
      entry.status = 404;
      return json({ error: { code: 'notFound', message: `no collection ${collection}` } }, 404);
    }
    const { keys } = JSON.parse(body) as { keys: string[] };
    this.lookups.push({ collection, keys });
    const changes = keys.map((key) => {
      const latest = feed.latest.get(key);
      return latest && latest.record !== null ? { op: 'put', key, record: this.served(collection, latest.record) } : { op: 'delete', key };
    });
    entry.changes = changes.length;
    return json({ collection, changes, serverTime: this.now().toISOString() }, 200);
  }

  private served(collection: CollectionName, record: unknown): unknown {
    return this.serve ? this.serve(collection, record) : record;
  }

  private async answer(url: URL, headers: Headers, entry: RequestLogEntry, collectionPart: string | undefined): Promise<Response> {
    const status = (s: number) => ((entry.status = s), s);
    if (headers.get(API_KEY_HEADER) !== this.apiKey) {
      return json({ error: { code: 'unauthorized', message: 'unknown API key' } }, status(401));
    }
    if (url.pathname === `${API_PREFIX}/me`) {
      return json({ error: { code: 'notFound', message: 'no /me in the fake' } }, status(404));
    }
    if (collectionPart === undefined || !COLLECTION_NAMES.includes(decodeURIComponent(collectionPart) as CollectionName)) {
      return json({ error: { code: 'notFound', message: `no route ${url.pathname}` } }, status(404));
    }
    const collection = decodeURIComponent(collectionPart) as CollectionName;
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 500), 5000);
    let after = 0;
    const cursor = url.searchParams.get('cursor');
    if (cursor !== null) {
      const m = cursor.match(/^e(\d+)s(\d+)$/);
      if (!m) return json({ error: { code: 'badRequest', message: 'bad cursor' } }, status(400));
      if (Number(m[1]) !== this.epoch) return json({ error: { code: 'gone', message: 'old epoch' } }, status(410));
      after = Number(m[2]);
    }
    const feed = this.feeds.get(collection)!;
    const lastSeq = feed.log.length > 0 ? feed.log[feed.log.length - 1].seq : 0;
    const etag = `"e${this.epoch}-${collection}-${after}-${lastSeq}-${limit}"`;
    if (headers.get('If-None-Match') === etag) {
      entry.status = 304;
      return new Response(null, { status: 304, headers: { ETag: etag, Date: this.now().toUTCString() } });
    }
    const changes: Array<{ op: 'put'; key: string; record: unknown } | { op: 'delete'; key: string }> = [];
    let examined = after;
    let i = feed.log.findIndex((e) => e.seq > after);
    if (i < 0) i = feed.log.length;
    for (; i < feed.log.length && changes.length < limit; i++) {
      const { seq, key } = feed.log[i];
      examined = seq;
      const latest = feed.latest.get(key)!;
      if (latest.seq !== seq) continue;
      changes.push(latest.record === null ? { op: 'delete', key } : { op: 'put', key, record: this.served(collection, latest.record) });
    }
    const hasMore = feed.log.slice(i).some((e) => feed.latest.get(e.key)!.seq === e.seq);
    entry.changes = changes.length;
    const requestId = url.searchParams.get('requestId');
    const body = JSON.stringify({
      collection,
      changes,
      cursor: `e${this.epoch}s${examined}`,
      hasMore,
      serverTime: this.now().toISOString(),
      ...(requestId !== null ? { requestId } : {}),
    });
    this.lastPageBody = body;
    return new Response(body, { status: status(200), headers: { 'Content-Type': 'application/json', ETag: etag } });
  }
}

function codeFor(status: number): string {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 410) return 'gone';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'serverError';
  return 'badRequest';
}

function json(body: unknown, status: number, headers: Record<string, string> = { 'Content-Type': 'application/json' }): Response {
  return new Response(JSON.stringify(body), { status, headers });
}
