// GET /api/v1/history (issue 18, core/api/contract.ts HistoryPageSchema): every change the demo still keeps, oldest
// first, with its record before and after, so a fresh install can fill the last N days. Auth like the sync
// endpoints. The cursor is opaque: base64url of {v, e: dataset epoch, s: change sequence, t: since (ms)}.
//   400 bad since/cursor/limit · 401/403 like sync · 410 since or cursor older than what is kept (the answer says
//   the oldest time it can serve: HistoryGoneSchema)
import { Hono, type Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT, type HistoryGone, type HistoryPage } from '../core/api/contract';
import { isRfc3339DateTime } from '../core/model/snapshot';
import type { HistoryEntry } from '../core/model/history';
import { apiError, limitParam, readerRefusal } from './api';
import type { DemoState } from './state';

type Env = { Bindings: HttpBindings };

interface HistoryCursor {
  epoch: string;
  seq: number;
  sinceMs: number;
}

function encodeHistoryCursor(p: HistoryCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, e: p.epoch, s: p.seq, t: p.sinceMs }), 'utf8').toString('base64url');
}

function decodeHistoryCursor(text: string): HistoryCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown> | null;
    if (!v || v.v !== 1 || typeof v.e !== 'string' || !Number.isSafeInteger(v.s) || (v.s as number) < 0 || !Number.isFinite(v.t))
      return null;
    return { epoch: v.e, seq: v.s as number, sinceMs: v.t as number };
  } catch {
    return null;
  }
}

export function historyApiRoutes(state: DemoState): Hono<Env> {
  const api = new Hono<Env>();

  const gone = (c: Context, message: string) =>
    c.json({ error: { code: 'gone', message }, since: new Date(state.store.history.since).toISOString() } satisfies HistoryGone, 410);

  api.get('/history', (c) => {
    const refused = readerRefusal(state, c);
    if (refused) return refused;
    const { store } = state;
    const log = store.history;
    log.prune(store.now());

    const limit = limitParam(c, DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT);
    if (limit instanceof Response) return limit;

    let afterSeq = 0;
    let sinceMs = log.since;
    const cursorText = c.req.query('cursor');
    const sinceText = c.req.query('since');
    if (cursorText !== undefined && cursorText !== '') {
      const cursor = decodeHistoryCursor(cursorText);
      if (!cursor) return apiError(c, 400, 'badRequest', 'malformed cursor: it does not decode to a history cursor of this server');
      if (cursor.epoch !== store.epoch) return gone(c, 'the cursor belongs to an earlier dataset: start again from since');
      if (cursor.seq > store.headSeq)
        return apiError(c, 400, 'badRequest', 'the cursor is ahead of the server: it was not issued by this server');
      if (cursor.seq < log.prunedThroughSeq) return gone(c, 'changes after this cursor are no longer kept: start again from since');
      afterSeq = cursor.seq;
      sinceMs = cursor.sinceMs;
    } else if (sinceText !== undefined) {
      if (!isRfc3339DateTime(sinceText)) {
        return apiError(
          c,
          400,
          'badRequest',
          `since must be an RFC 3339 date-time with a time zone, e.g. 2026-11-01T00:00:00Z; got "${sinceText.slice(0, 80)}"`,
        );
      }
      sinceMs = Date.parse(sinceText.toUpperCase());
      if (sinceMs < log.since) {
        return gone(c, `the history is kept from ${new Date(log.since).toISOString()} only (${log.days} days at most): ask from then`);
      }
    }

    const page = log.page(afterSeq, sinceMs, limit);
    const entries: HistoryEntry[] = page.changes.map((e) => ({
      collection: e.collection,
      key: e.key,
      at: new Date(e.at).toISOString(),
      author: e.author,
      before: e.before,
      after: e.after,
    }));
    const cursorSeq = page.hasMore ? page.lastSeq : Math.max(afterSeq, log.lastSeq(afterSeq));
    c.header('Cache-Control', 'no-store');
    return c.json({
      entries,
      cursor: encodeHistoryCursor({ epoch: store.epoch, seq: cursorSeq, sinceMs }),
      hasMore: page.hasMore,
      since: new Date(log.since).toISOString(),
      serverTime: new Date(store.now()).toISOString(),
    } satisfies HistoryPage);
  });

  return api;
}
