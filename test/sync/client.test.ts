// The API client: how it authenticates, how every kind of failure becomes a typed error, and the retry timing.
import { describe, expect, it } from 'vitest';
import { createApiClient, parseRetryAfter } from '../../core/sync/client';
import { AuthError, BadPageError, GoneError, NetworkError, RateLimitError, RequestError, ServerError } from '../../core/sync/errors';
import { DEFAULT_RETRY_POLICY, abortableSleep, retryDelay, withRetry } from '../../core/sync/retry';
import { FakePlatform } from './fake-platform';
import { instantRetry } from './helpers';

const BASE = 'http://platform.test/';

function answering(status: number, body: string, headers: Record<string, string> = {}) {
  const seen: Array<{ url: string; init?: RequestInit }> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), init });
    return new Response(status === 304 ? null : body, { status, headers });
  };
  return { fetch, seen };
}

describe('API client', () => {
  it('sends the API key header and no cookies when it has a key', async () => {
    const p = new FakePlatform();
    await createApiClient({ baseUrl: BASE, apiKey: p.apiKey, fetch: p.fetch }).fetchPage('assets', { cursor: null, limit: 10 });
    expect(p.requests[0].headers['x-api-key']).toBe(p.apiKey);
    expect(p.requests[0].credentials).toBe('omit');
    expect(p.requests[0].path).toBe('/api/v1/sync/assets');
    expect(p.requests[0].limit).toBe(10);
  });

  it('relies on the session cookie (credentials: include) without a key', async () => {
    const p = new FakePlatform();
    const client = createApiClient({ baseUrl: BASE, fetch: p.fetch });
    await expect(client.fetchPage('assets', { cursor: null })).rejects.toBeInstanceOf(AuthError);
    expect(p.requests[0].credentials).toBe('include');
    expect(p.requests[0].headers['x-api-key']).toBeUndefined();
  });

  it.each([
    [401, AuthError],
    [403, AuthError],
    [410, GoneError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [400, RequestError],
    [404, RequestError],
  ])('maps HTTP %i to %o and keeps the server message', async (status, type) => {
    const { fetch } = answering(status, JSON.stringify({ error: { code: 'serverError', message: 'the reason' } }));
    const error = await createApiClient({ baseUrl: BASE, apiKey: 'k', fetch })
      .fetchPage('sites', { cursor: 'c' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(type);
    expect(error.status).toBe(status);
    expect(error.message).toContain('the reason');
  });

  it('reads Retry-After in seconds or as an HTTP date, and prefers an exact Retry-After-Ms', async () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000 + 5_000).toUTCString(), 10_000)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
    const { fetch } = answering(429, '{}', { 'Retry-After': '1', 'Retry-After-Ms': '250' });
    const error = await createApiClient({ baseUrl: BASE, apiKey: 'k', fetch })
      .fetchPage('sites', { cursor: null })
      .catch((e) => e);
    expect(error.retryAfterMs).toBe(250);
  });

  it('turns a body that is not JSON, or not a page, or a page of another collection into a BadPageError', async () => {
    const page = { collection: 'sites', changes: [], cursor: 'c1', hasMore: false, serverTime: new Date().toISOString() };
    for (const body of [
      '{"collection": "si',
      JSON.stringify({ ...page, hasMore: 'no' }),
      JSON.stringify({ ...page, collection: 'users' }),
    ]) {
      const { fetch } = answering(200, body);
      await expect(createApiClient({ baseUrl: BASE, apiKey: 'k', fetch }).fetchPage('sites', { cursor: null })).rejects.toBeInstanceOf(
        BadPageError,
      );
    }
  });

  it("turns a refused connection or a request that never answers into a NetworkError, but passes the caller's abort through", async () => {
    const refused = createApiClient({
      baseUrl: BASE,
      apiKey: 'k',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(refused.fetchPage('sites', { cursor: null })).rejects.toBeInstanceOf(NetworkError);

    const never = (_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const slow = createApiClient({ baseUrl: BASE, apiKey: 'k', fetch: never, requestTimeoutMs: 20 });
    await expect(slow.fetchPage('sites', { cursor: null })).rejects.toThrow(/no answer within 20 ms/);

    const controller = new AbortController();
    const pending = createApiClient({ baseUrl: BASE, apiKey: 'k', fetch: never }).fetchPage('sites', {
      cursor: null,
      signal: controller.signal,
    });
    controller.abort(new Error('user closed the panel'));
    await expect(pending).rejects.toThrow('user closed the panel');
  });

  it('tells the next cursor a Link header names before it reads the body, and nothing for a 304 or an answer without one', async () => {
    const body = JSON.stringify({ collection: 'assets', changes: [], cursor: 'c2', hasMore: true, serverTime: '2026-01-01T00:00:00.000Z' });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const fetch = async () =>
      new Response(
        new ReadableStream({
          async start(controller) {
            await released;
            controller.enqueue(new TextEncoder().encode(body));
            controller.close();
          },
        }),
        { status: 200, headers: { Link: '</api/v1/sync/assets?cursor=c2&limit=10>; rel="next"' } },
      );
    const named: string[] = [];
    const answer = createApiClient({ baseUrl: BASE, apiKey: 'k', fetch }).fetchPage('assets', {
      cursor: 'c1',
      onNextCursor: (cursor) => named.push(cursor),
    });
    await expect.poll(() => named).toEqual(['c2']);
    release();
    expect(await answer).toMatchObject({ kind: 'page', page: { cursor: 'c2' } });

    for (const [status, headers] of [
      [304, { Link: '</a?cursor=x>; rel="next"' }],
      [200, {}],
    ] as const) {
      const { fetch: plain } = answering(status, body, headers);
      await createApiClient({ baseUrl: BASE, apiKey: 'k', fetch: plain }).fetchPage('assets', {
        cursor: 'c1',
        etag: 'W/"e"',
        onNextCursor: (cursor) => named.push(cursor),
      });
    }
    expect(named).toEqual(['c2']);
  });

  it('sends If-None-Match with a known ETag and reports 304 as not modified, with the server date', async () => {
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    const { fetch, seen } = answering(304, '', { Date: date });
    const result = await createApiClient({ baseUrl: BASE, apiKey: 'k', fetch }).fetchPage('sites', { cursor: 'c', etag: 'W/"x"' });
    expect(new Headers(seen[0].init?.headers).get('If-None-Match')).toBe('W/"x"');
    expect(result).toEqual({ kind: 'notModified', serverTime: new Date(date).toISOString() });
  });
});

describe('retry timing', () => {
  it('uses full jitter under an exponential ceiling capped at the maximum', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 };
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelay(new ServerError('x', 500), n, policy))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(retryDelay(new ServerError('x', 500), 3, { ...policy, random: () => 0 })).toBe(0);
  });

  it('waits at least the Retry-After of a 429', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 };
    expect(retryDelay(new RateLimitError('x', 4000), 0, policy)).toBe(4000);
    expect(retryDelay(new RateLimitError('x', 10), 3, policy)).toBe(400);
  });

  it('retries only what may succeed later, and gives up after the budget', async () => {
    const { policy, waits } = instantRetry({ retries: 3, baseDelayMs: 10 });
    const full = { ...DEFAULT_RETRY_POLICY, ...policy };
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new AuthError('no', 401);
      }, full),
    ).rejects.toBeInstanceOf(AuthError);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new ServerError('down', 503);
      }, full),
    ).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(4);
    expect(waits).toEqual([5, 10, 20]);
  });

  it('does not wait for a Retry-After longer than the policy allows', async () => {
    const { policy, waits } = instantRetry();
    let calls = 0;
    const full = { ...DEFAULT_RETRY_POLICY, ...policy, maxRetryAfterMs: 1000 };
    await expect(
      withRetry(async () => {
        calls++;
        throw new RateLimitError('slow down', 60_000);
      }, full),
    ).rejects.toBeInstanceOf(RateLimitError);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.9, sleep: abortableSleep };
    const run = withRetry(
      async () => {
        throw new ServerError('down', 503);
      },
      policy,
      controller.signal,
    );
    setTimeout(() => controller.abort(new Error('stopped')), 10);
    const started = Date.now();
    await expect(run).rejects.toThrow('stopped');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
