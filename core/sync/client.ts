// The platform API client (SPEC §5, core/api/contract.ts) over plain fetch, so it runs in an MV3 service worker,
// a page (the widget) and Node alike. It turns every failure into a typed error (./errors) and validates every
// body before anyone sees it.
import { z } from 'zod';
import {
  API_KEY_HEADER,
  API_PREFIX,
  ApiErrorSchema,
  HistoryGoneSchema,
  HistoryPageSchema,
  LookupResponseSchema,
  MeSchema,
  SyncPageSchema,
  type Change,
  type HistoryPage,
  type Me,
  type SyncPage,
} from '../api/contract';
import { nextCursorOf } from '../api/next-link';
import type { CollectionName } from '../model/snapshot';
import { AuthError, BadPageError, GoneError, NetworkError, RateLimitError, RequestError, ServerError } from './errors';
import { fastSyncPage } from './page-check';

export interface ApiClientOptions {
  /** Origin (and optional path) the API lives under, e.g. "https://fleet.example.com"; "" for same-origin. */
  baseUrl: string;
  /** The extension's API key (options page). Without it the request carries the page's session cookie. */
  apiKey?: string | null;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** A request with no complete answer after this long is a NetworkError (and so retried). */
  requestTimeoutMs?: number;
}

export interface PageRequest {
  cursor: string | null;
  limit?: number;
  /** ETag of an earlier answer to the same request: a 304 then means nothing changed. */
  etag?: string | null;
  signal?: AbortSignal;
  /**
   * Told the next page's cursor as soon as the answer's headers name it (Link rel="next"), before its body is
   * read. Only a head start: the page's own `cursor` is what counts, and may differ.
   */
  onNextCursor?: (cursor: string) => void;
}

export type PageResult =
  /**
   * `fresh`: the page answers this very request (it echoes the request's id, or the server echoes none). A page
   * that is not fresh is an old answer served again: what it says about "the end" is out of date.
   */
  | { kind: 'page'; page: SyncPage; etag: string | null; fresh: boolean }
  /** 304: nothing after the cursor. `serverTime` from the Date header (client clock when unreadable). */
  | { kind: 'notModified'; serverTime: string };

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface ApiClient {
  fetchPage(collection: CollectionName, request: PageRequest): Promise<PageResult>;
  /** The current state of each key (a put, or a delete when the server has no such record); cursor untouched. */
  lookup?(collection: CollectionName, keys: readonly string[], signal?: AbortSignal): Promise<Change[]>;
  me(signal?: AbortSignal): Promise<Me>;
  /**
   * One page of the platform's change history (GET /history, issue 18): from `since` on the first request, then
   * from `cursor`. A 410 is a GoneError whose `keptSince` says from when the platform keeps its history.
   */
  history?(request: HistoryRequest): Promise<HistoryPage>;
}

export interface HistoryRequest {
  since?: string | null;
  cursor?: string | null;
  limit?: number;
  signal?: AbortSignal;
}

/**
 * A fresh id for one request (not crypto.randomUUID: the widget may run in a page that is not a secure context;
 * getRandomValues is available everywhere).
 */
function newRequestId(): string {
  const words = globalThis.crypto.getRandomValues(new Uint32Array(2));
  return [...words].map((w) => w.toString(16).padStart(8, '0')).join('');
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const base = options.baseUrl.replace(/\/+$/, '') + API_PREFIX;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  /** GET (or POST with a JSON body) with auth, timeout and error mapping; resolves with the status and the body as text. */
  async function get(
    path: string,
    signal: AbortSignal | undefined,
    {
      headers: extraHeaders = {},
      body,
      onHeaders,
    }: {
      headers?: Record<string, string>;
      body?: unknown;
      /** Told the answer's status and headers (and the URL asked) before its body is read. */
      onHeaders?: (response: Response, url: string) => void;
    } = {},
  ) {
    const method = body === undefined ? 'GET' : 'POST';
    const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.apiKey) headers[API_KEY_HEADER] = options.apiKey;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const url = base + path;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        // The API key travels in a header; without one the widget relies on the platform's session cookie.
        credentials: options.apiKey ? 'omit' : 'include',
        // Our own ETag handling decides freshness; a browser HTTP cache in between would only hide changes.
        cache: 'no-store',
        signal: combined,
      });
      onHeaders?.(response, url);
      // Read the whole body inside the try: a connection dropped half-way surfaces here, not in fetch().
      text = response.status === 304 ? '' : await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) throw new NetworkError(`${method} ${url}: no answer within ${timeoutMs} ms`, undefined, { cause: error });
      throw new NetworkError(`${method} ${url}: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
    }
    if (response.status >= 200 && response.status < 300) return { response, text };
    if (response.status === 304) return { response, text };
    throw errorFor(`${method} ${url}`, response, text);
  }

  return {
    async fetchPage(collection, request) {
      const params = new URLSearchParams();
      if (request.cursor !== null) params.set('cursor', request.cursor);
      if (request.limit !== undefined) params.set('limit', String(request.limit));
      const requestId = newRequestId();
      params.set('requestId', requestId);
      const query = params.size > 0 ? `?${params}` : '';
      const { response, text } = await get(`/sync/${encodeURIComponent(collection)}${query}`, request.signal, {
        headers: request.etag ? { 'If-None-Match': request.etag } : {},
        onHeaders:
          request.onNextCursor &&
          ((response, url) => {
            const next = response.status === 200 ? nextCursorOf(response.headers.get('Link'), url) : null;
            if (next !== null) request.onNextCursor!(next);
          }),
      });
      if (response.status === 304) {
        const date = Date.parse(response.headers.get('Date') ?? '');
        return { kind: 'notModified', serverTime: new Date(Number.isNaN(date) ? Date.now() : date).toISOString() };
      }
      const page = parseBody(SyncPageSchema, text, `sync page of ${collection}`, fastSyncPage);
      if (page.collection !== collection) {
        throw new BadPageError(`asked for a page of ${collection}, got one of ${page.collection}`, response.status);
      }
      return {
        kind: 'page',
        page,
        etag: response.headers.get('ETag'),
        fresh: page.requestId === undefined || page.requestId === requestId,
      };
    },

    async lookup(collection, keys, signal) {
      const { text } = await get(`/sync/${encodeURIComponent(collection)}/lookup`, signal, { body: { keys } });
      const answer = parseBody(LookupResponseSchema, text, `lookup of ${collection}`);
      if (answer.collection !== collection) throw new BadPageError(`asked for records of ${collection}, got ones of ${answer.collection}`);
      return answer.changes;
    },

    async history(request) {
      const params = new URLSearchParams();
      if (request.cursor) params.set('cursor', request.cursor);
      else if (request.since) params.set('since', request.since);
      if (request.limit !== undefined) params.set('limit', String(request.limit));
      const query = params.size > 0 ? `?${params}` : '';
      const { text } = await get(`/history${query}`, request.signal);
      return parseBody(HistoryPageSchema, text, 'history page');
    },

    async me(signal) {
      const { text } = await get('/me', signal);
      return parseBody(MeSchema, text, '/me answer');
    },
  };
}

/** `fast`: what the schema would return, found sooner, or null to ask the schema (core/sync/page-check.ts). */
function parseBody<T>(schema: z.ZodType<T>, text: string, what: string, fast?: (json: unknown) => T | null): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadPageError(`${what} is not JSON (${text.length} characters, possibly cut off)`);
  }
  const quick = fast?.(json);
  if (quick) return quick;
  const result = schema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first.path.length > 0 ? first.path.join('.') : '(body)';
    throw new BadPageError(`${what} does not match the contract: ${where}: ${first.message}`);
  }
  return result.data;
}

function errorFor(request: string, response: Response, text: string): Error {
  const status = response.status;
  let detail = '';
  try {
    const body = ApiErrorSchema.safeParse(JSON.parse(text));
    if (body.success) detail = `: ${body.data.error.code}: ${body.data.error.message}`;
  } catch {
    // A non-JSON error body says nothing more than its status.
  }
  const message = `${request} answered ${status}${detail}`;
  if (status === 401 || status === 403) return new AuthError(message, status);
  if (status === 410) {
    const gone = new GoneError(message, status);
    try {
      const body = HistoryGoneSchema.safeParse(JSON.parse(text));
      if (body.success) gone.keptSince = body.data.since;
    } catch {
      // Not the history endpoint's answer: nothing more to say.
    }
    return gone;
  }
  if (status === 429) {
    // Retry-After has whole seconds only; a server may add the exact wait in milliseconds (the demo does).
    const exactMs = Number(response.headers.get('Retry-After-Ms') ?? '');
    const retryAfterMs =
      response.headers.has('Retry-After-Ms') && Number.isFinite(exactMs) && exactMs >= 0
        ? exactMs
        : parseRetryAfter(response.headers.get('Retry-After'));
    return new RateLimitError(message, retryAfterMs);
  }
  if (status >= 500) return new ServerError(message, status);
  return new RequestError(message, status);
}
