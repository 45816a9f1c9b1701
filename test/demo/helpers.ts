// Talking to a running demo server the way a sync client would.
import { API_KEY_HEADER, API_PREFIX, SyncPageSchema, type SyncPage } from '../../core/api/contract';
import type { CollectionName } from '../../core/model/snapshot';
import type { DemoServer } from '../../demo/server';

export const SUPPORT_KEY = 'ai-demo-support';

export async function api(server: DemoServer, path: string, init: { key?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers[API_KEY_HEADER] = init.key ?? SUPPORT_KEY;
  return fetch(`${server.url}${API_PREFIX}${path}`, { headers });
}

export async function syncPage(server: DemoServer, collection: CollectionName, cursor: string | null, limit?: number): Promise<SyncPage> {
  const q = new URLSearchParams();
  if (cursor !== null) q.set('cursor', cursor);
  if (limit !== undefined) q.set('limit', String(limit));
  const res = await api(server, `/sync/${collection}?${q}`);
  if (res.status !== 200) throw new Error(`sync ${collection}: HTTP ${res.status} ${await res.text()}`);
  return SyncPageSchema.parse(await res.json());
}

/** A client replica of one collection: applies pages until caught up; returns the key → record map and the cursor. */
export async function syncToEnd(
  server: DemoServer,
  collection: CollectionName,
  opts: { limit?: number; cursor?: string | null; replica?: Map<string, unknown>; between?: (pageNo: number) => void } = {},
) {
  const replica = opts.replica ?? new Map<string, unknown>();
  let cursor = opts.cursor ?? null;
  const seenKeys: string[] = [];
  for (let pageNo = 0; ; pageNo++) {
    const page = await syncPage(server, collection, cursor, opts.limit);
    for (const ch of page.changes) {
      seenKeys.push(ch.key);
      if (ch.op === 'put') replica.set(ch.key, ch.record);
      else replica.delete(ch.key);
    }
    cursor = page.cursor;
    if (!page.hasMore) return { replica, cursor, seenKeys, pages: pageNo + 1 };
    opts.between?.(pageNo);
  }
}

/** Calls a /__demo control endpoint the way a test or `npm start`'s user does: with the secret header and JSON. */
export function control(server: DemoServer, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'X-Demo-Control': server.controlToken };
  if (body === undefined) return fetch(`${server.url}/__demo${path}`, { headers });
  headers['Content-Type'] = 'application/json';
  return fetch(`${server.url}/__demo${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
