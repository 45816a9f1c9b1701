// Requests sent ahead of their turn (core/sync/page-ahead.ts): an answer is handed over only for the exact request
// the engine sends next, one never taken is aborted when the run closes, and its failure is nobody's unhandled error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient, PageRequest, PageResult } from '../../core/sync/client';
import { NetworkError } from '../../core/sync/errors';
import { PagesAhead } from '../../core/sync/page-ahead';
import { DEFAULT_RETRY_POLICY } from '../../core/sync/retry';
import { instantRetry } from './helpers';

const page = (cursor: string): PageResult => ({
  kind: 'page',
  page: { collection: 'assets', changes: [], cursor, hasMore: false, serverTime: '2026-01-01T00:00:00.000Z' },
  etag: null,
  fresh: true,
});

function clientOf(fetchPage: (request: PageRequest) => Promise<PageResult>): ApiClient {
  return { fetchPage: (_c, request) => fetchPage(request), me: () => Promise.reject(new Error('not asked')) };
}

const opts = () => ({ limit: 10, policy: { ...DEFAULT_RETRY_POLICY, ...instantRetry().policy }, now: () => '2026-01-01T00:00:00.000Z' });

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterEach(() => {
  unhandled.length = 0;
});

describe('requests sent ahead', () => {
  it('hands over an answer only for the same collection, cursor and ETag, and only once', async () => {
    const ahead = new PagesAhead(
      clientOf(async (r) => page(`after-${r.cursor}`)),
      opts(),
    );
    ahead.send('assets', 'c1', null, () => undefined);
    expect(ahead.take('assets', 'c1', 'W/"x"')).toBeNull(); // another ETag: dropped
    expect(ahead.take('assets', 'c1', null)).toBeNull(); // already dropped
    ahead.send('assets', 'c1', null, () => undefined);
    expect(ahead.take('assets', 'c2', null)).toBeNull(); // another cursor: dropped
    ahead.send('assets', 'c1', null, () => undefined);
    const taken = ahead.take('assets', 'c1', null);
    expect(taken).not.toBeNull();
    expect(await taken!.result).toEqual(page('after-c1'));
    expect(ahead.take('assets', 'c1', null)).toBeNull();
    ahead.close();
  });

  it('follows answers with more to come up to `depth` pages waiting, and one more each time one is taken', async () => {
    const asked: Array<string | null> = [];
    const more = (cursor: string): PageResult => {
      const p = page(cursor);
      return p.kind === 'page' ? { ...p, page: { ...p.page, hasMore: true } } : p;
    };
    const ahead = new PagesAhead(
      clientOf(async (r) => {
        asked.push(r.cursor);
        return more(`${r.cursor ?? ''}+`);
      }),
      opts(),
    );
    ahead.send('assets', null, null, () => undefined, undefined, 3);
    await expect.poll(() => asked.length).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toEqual([null, '+', '++']);
    expect(await ahead.take('assets', null, null, 3)!.result).toEqual(more('+'));
    await expect.poll(() => asked.length).toBe(4);
    expect(asked.at(-1)).toBe('+++');
    // The engine went another way: everything waiting is dropped and nothing more is followed.
    expect(ahead.take('assets', 'elsewhere', null, 3)).toBeNull();
    expect(ahead.take('assets', '+', null, 3)).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toHaveLength(4);
    ahead.close();
  });

  it('says when a collection’s answers name no page after them: all it will ask for ahead has gone out', async () => {
    const last: string[] = [];
    const asked: string[] = [];
    // Three pages: two with more to come, then the last.
    const ahead = new PagesAhead(
      clientOf(async (r) => {
        asked.push(`${r.cursor} (told ${last.length})`);
        const p = page(`${r.cursor ?? ''}+`);
        return p.kind === 'page' && p.page.cursor.length < 3 ? { ...p, page: { ...p.page, hasMore: true } } : p;
      }),
      { ...opts(), onLast: (collection) => last.push(collection) },
    );
    ahead.send('assets', null, null, () => undefined, undefined, 6);
    await expect.poll(() => last).toEqual(['assets']);
    // Told once, when the last page's answer was in: never while asking for the pages before it.
    expect(asked).toEqual(['null (told 0)', '+ (told 0)', '++ (told 0)']);
    // A 304 names nothing after it either.
    const quiet = new PagesAhead(
      clientOf(async () => ({ kind: 'notModified', serverTime: '2026-01-01T00:00:00.000Z' })),
      { ...opts(), onLast: (collection) => last.push(collection) },
    );
    quiet.send('tickets', 'c', 'W/"e"', () => undefined);
    await expect.poll(() => last).toEqual(['assets', 'tickets']);
    ahead.close();
    quiet.close();
  });

  it('asks for the next page before checking the answer that names it (the platform builds one while the other is checked)', async () => {
    const asked: Array<string | null> = [];
    const askedBeforeCheck: number[] = [];
    const ahead = new PagesAhead(
      clientOf(async (r) => {
        asked.push(r.cursor);
        const p = page(`${r.cursor ?? ''}+`);
        return p.kind === 'page' ? { ...p, page: { ...p.page, hasMore: true } } : p;
      }),
      opts(),
    );
    ahead.send(
      'assets',
      null,
      null,
      () => undefined,
      () => askedBeforeCheck.push(asked.length),
      2,
    );
    await expect.poll(() => askedBeforeCheck.length).toBe(2);
    // The first answer's check found the second request sent; the second's found no room for a third (depth 2).
    expect(askedBeforeCheck).toEqual([2, 2]);
    ahead.close();
  });

  it('asks for the next page as soon as an answer’s headers name it, before its body arrives; a body naming another cursor wins', async () => {
    const asked: Array<string | null> = [];
    const bodies = new Map<string | null, (result: PageResult) => void>();
    const ahead = new PagesAhead(
      clientOf((r) => {
        asked.push(r.cursor);
        // The headers name `<cursor>+` next at once; the body comes when the test releases it.
        r.onNextCursor?.(`${r.cursor ?? ''}+`);
        return new Promise((resolve) => bodies.set(r.cursor, resolve));
      }),
      opts(),
    );
    ahead.send('assets', null, null, () => undefined, undefined, 3);
    // No body has arrived, and three pages are asked for: the depth, and no more.
    await expect.poll(() => asked.length).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toEqual([null, '+', '++']);

    // Taking the first makes room: the last one's headers already named the next.
    const first = page('+');
    bodies.get(null)!(first.kind === 'page' ? { ...first, page: { ...first.page, hasMore: true } } : first);
    await ahead.take('assets', null, null, 3)!.result;
    await expect.poll(() => asked.length).toBe(4);
    expect(asked.at(-1)).toBe('+++');

    // The second page's body ends at another cursor than its headers said: the engine asks for that one, and what
    // was sent on the headers' word is dropped unused.
    bodies.get('+')!(page('elsewhere'));
    expect((await ahead.take('assets', '+', null, 3)!.result).kind).toBe('page');
    expect(ahead.take('assets', 'elsewhere', null, 3)).toBeNull();
    expect(ahead.take('assets', '++', null, 3)).toBeNull();
    ahead.close();
  });

  it('validates on arrival, and a failed request is the taker’s error — never an unhandled rejection when nobody takes it', async () => {
    const arrived = vi.fn();
    const ahead = new PagesAhead(
      clientOf(async (r) => {
        if (r.cursor === 'bad') throw new TypeError('not retried');
        return page('next');
      }),
      opts(),
    );
    ahead.send('assets', 'good', null, () => undefined, arrived);
    ahead.send('sites', 'bad', null, () => undefined);
    ahead.send('tickets', 'bad', null, () => undefined);
    await expect.poll(() => arrived.mock.calls.length).toBe(1);
    expect(arrived.mock.calls[0][0]).toEqual(page('next'));
    await expect(ahead.take('sites', 'bad', null)!.result).rejects.toThrow('not retried');
    ahead.close(); // tickets' failure was never taken
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);
  });

  it('aborts what is still in flight when the run closes, and sends nothing after', async () => {
    const signals: AbortSignal[] = [];
    const sent = vi.fn();
    const ahead = new PagesAhead(
      clientOf((r) => {
        sent();
        signals.push(r.signal!);
        return new Promise((_, reject) => r.signal!.addEventListener('abort', () => reject(new NetworkError('aborted'))));
      }),
      opts(),
    );
    ahead.send('assets', 'c1', null, () => undefined);
    ahead.close();
    expect(signals[0].aborted).toBe(true);
    ahead.send('assets', 'c2', null, () => undefined);
    expect(sent).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);
  });
});
