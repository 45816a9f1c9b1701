// The platform API (SPEC §5, core/api/contract.ts, openapi.yaml): GET /me and GET /sync/{collection}, with faults
// injected in front of both when the demo is told to misbehave.
import { createHash } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import {
  API_PREFIX,
  CollectionNameSchema,
  compactChanges,
  DEFAULT_PAGE_LIMIT,
  LookupRequestSchema,
  MAX_PAGE_LIMIT,
  REQUEST_ID_MAX,
  type ApiError,
  type Change,
  type LookupResponse,
  type Me,
  type SyncPageWire,
} from '../core/api/contract';
import { nextPageLink } from '../core/api/next-link';
import type { CollectionName } from '../core/model/snapshot';
import { decodeCursor, encodeCursor } from './cursor';
import { earlierPage } from './faults';
import type { DemoState } from './state';

type Env = { Bindings: HttpBindings; Variables: { replayPage: boolean; reorderPage: number | null } };
type Status = 400 | 401 | 403 | 404 | 410 | 429 | 500 | 502 | 503;

export function apiError(c: Context, status: Status, code: ApiError['error']['code'], message: string): Response {
  return c.json({ error: { code, message } } satisfies ApiError, status);
}

/** The page size asked in ?limit= (a whole number ≥ 1, capped at max), fallback when absent, or a 400 naming the bad value. */
export function limitParam(c: Context, fallback: number, max: number): number | Response {
  const text = c.req.query('limit');
  if (text === undefined) return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1)
    return apiError(c, 400, 'badRequest', `limit must be a whole number from 1 to ${max}, got "${text}"`);
  return Math.min(Number(text), max);
}

/** The 401/403 answer when the caller may not read the permission data (only an active internal user may), else null. */
export function readerRefusal(state: DemoState, c: Context): Response | null {
  const caller = state.identify(c);
  if ('problem' in caller) return apiError(c, 401, 'unauthorized', caller.problem);
  const role = state.store.systemRoles().find((r) => r.id === caller.user.systemRoleId);
  if (caller.user.status !== 'active') {
    return apiError(
      c,
      403,
      'forbidden',
      `user "${caller.user.id}" is ${caller.user.status}, not active: the permission data is not readable`,
    );
  }
  if (!role || !(role.permissions as string[]).includes('internalUser')) {
    return apiError(
      c,
      403,
      'forbidden',
      `reading the permission data needs the internalUser permission, which ${role ? `the system role "${role.name}"` : 'a user without a system role'} lacks`,
    );
  }
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Latency, 5xx, 429, drops, cuts and replays, per the fault schedule; a no-op when faults are off. */
function faultInjection(state: DemoState): MiddlewareHandler<Env> {
  return async (c, next) => {
    const schedule = state.faults;
    if (!schedule) return next();
    const f = schedule.next(`${c.req.method} ${c.req.path}`);
    if (f.latencyMs > 0) await sleep(f.latencyMs);
    if (f.kind === 'serverError') {
      schedule.record('serverError');
      return apiError(c, f.status, 'serverError', `injected fault: ${f.status}`);
    }
    if (f.kind === 'rateLimit') {
      schedule.record('rateLimit');
      c.header('Retry-After', String(Math.ceil(f.retryAfterMs / 1000)));
      c.header('Retry-After-Ms', String(f.retryAfterMs));
      return apiError(c, 429, 'rateLimited', 'injected fault: too many requests, retry after the Retry-After delay');
    }
    c.set('replayPage', f.kind === 'duplicatePage');
    c.set('reorderPage', f.kind === 'reorderPage' ? f.pick : null);
    await next();
    if (f.kind === 'duplicatePage' && c.res.headers.get('X-Demo-Replayed') === '1') schedule.record('duplicatePage');
    if (f.kind === 'reorderPage' && c.res.headers.get('X-Demo-Reordered') === '1') schedule.record('reorderPage');
    if ((f.kind !== 'drop' && f.kind !== 'truncate') || c.res.status !== 200) return;
    const body = await c.res.text();
    const cut = body.slice(0, Math.max(1, Math.floor(body.length * f.cutAt)));
    schedule.record(f.kind);
    if (f.kind === 'truncate') {
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      headers.delete('etag'); // a cut body must never be confirmed later by a 304
      c.res = undefined; // replace, don't merge, the finished response's headers
      c.res = new Response(cut, { status: 200, headers });
      return;
    }
    // drop: announce the whole body, send part of it, then kill the connection.
    const out = c.env.outgoing;
    out.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    out.write(cut, () => out.socket?.destroy());
    c.res = undefined;
    c.res = RESPONSE_ALREADY_SENT;
  };
}

/** A weak validator of what a page request would return: it changes iff the collection changed after the cursor. */
function pageEtag(parts: (string | number)[]): string {
  return `W/"${createHash('sha1').update(parts.join('|')).digest('base64url').slice(0, 22)}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

export function apiRoutes(state: DemoState): Hono<Env> {
  const api = new Hono<Env>();
  api.use('*', faultInjection(state));

  api.get('/me', (c) => {
    const caller = state.identify(c);
    if ('problem' in caller) return apiError(c, 401, 'unauthorized', caller.problem);
    const systemRole = state.store.systemRoles().find((r) => r.id === caller.user.systemRoleId) ?? null;
    c.header('Cache-Control', 'no-store');
    return c.json({ user: caller.user, systemRole, auth: caller.auth } satisfies Me);
  });

  /** The collection of a sync request, or the 401/403/404 answer (only an active internal user reads the data). */
  const readableCollection = (c: Context<Env>): CollectionName | Response => {
    const refused = readerRefusal(state, c);
    if (refused) return refused;
    const name = CollectionNameSchema.safeParse(c.req.param('collection'));
    if (!name.success) return apiError(c, 404, 'notFound', `unknown collection "${c.req.param('collection')}"`);
    return name.data;
  };
  /**
   * The server's clock (the store's, which stamps changes; off by the configured amount under faults) and a record
   * as served (maybe malformed).
   */
  const serverTime = () => (state.faults?.now(state.store.now()) ?? new Date(state.store.now())).toISOString();
  const served = (collection: CollectionName, key: string, record: unknown) => state.faults?.served(collection, key, record) ?? record;

  api.post('/sync/:collection/lookup', async (c) => {
    const collection = readableCollection(c);
    if (collection instanceof Response) return collection;
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return apiError(c, 400, 'badRequest', 'the body must be JSON: {"keys": [...]}');
    }
    const request = LookupRequestSchema.safeParse(body);
    if (!request.success) {
      const first = request.error.issues[0];
      return apiError(c, 400, 'badRequest', `invalid lookup: ${first.path.join('.') || '(body)'}: ${first.message}`);
    }
    const changes: Change[] = request.data.keys.map((key) => {
      const record = state.store.get(collection, key);
      return record === undefined ? { op: 'delete', key } : { op: 'put', key, record: served(collection, key, record) };
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ collection, changes, serverTime: serverTime() } satisfies LookupResponse);
  });

  api.get('/sync/:collection', (c) => {
    const { store } = state;
    const collection = readableCollection(c);
    if (collection instanceof Response) return collection;

    const limit = limitParam(c, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
    if (limit instanceof Response) return limit;

    const cursorText = c.req.query('cursor');
    let afterSeq = 0;
    if (cursorText !== undefined && cursorText !== '') {
      const read = decodeCursor(cursorText);
      if (!read.ok) return apiError(c, 400, 'badRequest', `malformed cursor: ${read.reason}`);
      const p = read.position;
      if (p.epoch !== store.epoch) {
        return apiError(c, 410, 'gone', 'the cursor belongs to an earlier dataset: drop this collection and sync it again from the start');
      }
      if (p.collection !== collection)
        return apiError(c, 400, 'badRequest', `the cursor belongs to collection "${p.collection}", not "${collection}"`);
      if (p.seq > store.headSeq)
        return apiError(c, 400, 'badRequest', 'the cursor is ahead of the server: it was not issued by this server');
      afterSeq = p.seq;
    }
    // From the start there is nothing to delete, so tombstones are left out.
    const fromStart = cursorText === undefined || cursorText === '';
    const feed = store.feed(collection);
    const etag = pageEtag([store.epoch, collection, fromStart ? 'start' : afterSeq, Math.max(afterSeq, feed.lastSeq), limit]);
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Cookie, X-Api-Key');
    if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);

    if (c.get('replayPage') && !fromStart) {
      const previous = state.servedPages.get(`${collection} ${cursorText}`);
      if (previous !== undefined) {
        c.header('X-Demo-Replayed', '1');
        return c.body(previous, 200, { 'Content-Type': 'application/json' });
      }
    }

    const reorderPick = c.get('reorderPage');
    if (reorderPick != null && !fromStart) {
      const seqOf = (cursor: string) => {
        const r = decodeCursor(cursor);
        return r.ok ? r.position : null;
      };
      const earlier = earlierPage(state.servedPages, collection, { epoch: store.epoch, seq: afterSeq }, reorderPick, seqOf);
      if (earlier !== undefined) {
        c.header('X-Demo-Reordered', '1');
        return c.body(earlier, 200, { 'Content-Type': 'application/json' });
      }
    }

    const page = store.page(collection, afterSeq, limit, !fromStart);
    // Each change says when (server time) and by whom it was made (issue 18); the page says once what its changes
    // share (compactChanges). A page's changes mostly share their time (a fill's records all do): each distinct one
    // is formatted once.
    let lastAt = Number.NaN;
    let lastIso = '';
    const iso = (at: number) => (at === lastAt ? lastIso : ((lastAt = at), (lastIso = new Date(at).toISOString())));
    const changes: Change[] = page.changes.map((ch) =>
      ch.record === null
        ? { op: 'delete', key: ch.key, at: iso(ch.at), author: ch.author }
        : { op: 'put', key: ch.key, record: served(collection, ch.key, ch.record), at: iso(ch.at), author: ch.author },
    );
    const cursorSeq = page.hasMore ? page.lastExamined : Math.max(afterSeq, feed.lastSeq);
    const cursor = encodeCursor({ epoch: store.epoch, collection, seq: cursorSeq });
    // The next page named before the body: a client can ask for it while this one arrives (core/api/next-link.ts).
    if (page.hasMore) c.header('Link', nextPageLink(new URL(c.req.url), cursor));
    // The request's id, echoed: a replayed body keeps the id of the request it first answered.
    const requestId = c.req.query('requestId');
    const { changes: sent, ...shared } = compactChanges(collection, changes);
    const body = JSON.stringify({
      collection,
      changes: sent,
      cursor,
      hasMore: page.hasMore,
      serverTime: serverTime(),
      ...(requestId ? { requestId: requestId.slice(0, REQUEST_ID_MAX) } : {}),
      ...shared,
    } satisfies SyncPageWire);
    state.rememberPage(`${collection} ${cursor}`, body);
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  api.all('*', (c) => apiError(c, 404, 'notFound', `no API endpoint ${c.req.method} ${API_PREFIX}${c.req.path.slice(API_PREFIX.length)}`));
  return api;
}
