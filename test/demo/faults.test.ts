import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, SyncPageSchema } from '../../core/api/contract';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { api, control, syncPage } from './helpers';
import { smallFleet } from './fixtures';

/** What a client observes for one request: a status, or that the connection broke, or an unreadable body. */
async function outcome(server: DemoServer, path: string): Promise<string> {
  let res: Response;
  try {
    res = await api(server, path);
  } catch {
    return 'connection-error';
  }
  let text: string;
  try {
    text = await res.text();
  } catch {
    return 'connection-error';
  }
  if (res.status !== 200) return String(res.status);
  try {
    JSON.parse(text);
    return '200';
  } catch {
    return '200-cut';
  }
}

describe('fault injection', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ snapshot: smallFleet() });
  });
  afterAll(() => server.close());

  it('answers 500, 502 or 503 with an error body', async () => {
    server.setFaults({ seed: 1, serverErrorRate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const res = await api(server, '/sync/assets');
      statuses.add(res.status);
      expect(ApiErrorSchema.parse(await res.json()).error.code).toBe('serverError');
    }
    expect([...statuses].every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
  });

  it('answers 429 with a valid Retry-After and a Retry-After-Ms', async () => {
    server.setFaults({ seed: 2, rateLimitRate: 1 });
    const res = await api(server, '/me');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^[01]$/);
    const ms = Number(res.headers.get('retry-after-ms'));
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThanOrEqual(1000);
    expect(Math.ceil(ms / 1000)).toBe(Number(res.headers.get('retry-after')));
  });

  it('drops the connection mid-response', async () => {
    server.setFaults({ seed: 3, dropRate: 1 });
    expect(await outcome(server, '/sync/assets')).toBe('connection-error');
  });

  it('sends a cut JSON body with 200 and no ETag', async () => {
    server.setFaults({ seed: 4, truncateRate: 1 });
    const res = await api(server, '/sync/assets');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('serves the previous page again for its cursor, which a client can apply without harm', async () => {
    server.setFaults(null);
    const first = await syncPage(server, 'assets', null, 2);
    server.setFaults({ seed: 5, duplicatePageRate: 1 });
    const replay = await syncPage(server, 'assets', first.cursor, 2);
    expect(replay.changes).toEqual(first.changes);
    expect(replay.cursor).toBe(first.cursor);
    server.setFaults(null);
    const next = await syncPage(server, 'assets', first.cursor, 2);
    expect(next.changes.map((c) => c.key)).not.toEqual(first.changes.map((c) => c.key));
  });

  it('adds latency within the configured range', async () => {
    server.setFaults({ seed: 6, latencyMs: [60, 80] });
    const t = performance.now();
    expect((await api(server, '/me')).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
    server.setFaults(null);
  });

  it('replays the same schedule for the same seed, mixing every kind', async () => {
    const config = { seed: 42, serverErrorRate: 0.15, rateLimitRate: 0.15, dropRate: 0.15, truncateRate: 0.15, duplicatePageRate: 0.15 };
    const run = async () => {
      const s = await startDemoServer({ snapshot: smallFleet(), faults: config });
      try {
        const seen: string[] = [];
        let cursor = '';
        for (let i = 0; i < 40; i++) {
          const path = `/sync/assets?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
          let res: Response | null = null;
          let out: string;
          try {
            res = await api(s, path);
            const text = await res.text();
            out = String(res.status);
            if (res.status === 200) {
              try {
                const page = SyncPageSchema.parse(JSON.parse(text));
                out = page.cursor === cursor ? '200-replay' : '200';
                if (page.hasMore) cursor = page.cursor;
                else cursor = '';
              } catch {
                out = '200-cut';
              }
            }
          } catch {
            out = 'connection-error';
          }
          seen.push(out);
        }
        return seen;
      } finally {
        await s.close();
      }
    };
    const a = await run();
    expect(await run()).toEqual(a);
    for (const kind of ['200', '200-replay', '200-cut', 'connection-error', '429']) expect(a, kind).toContain(kind);
    expect(a.some((o) => ['500', '502', '503'].includes(o))).toBe(true);
  });

  it('is off again after setFaults(null), and configurable over /__demo/faults', async () => {
    server.setFaults(null);
    expect((await api(server, '/me')).status).toBe(200);
    const set = await control(server, '/faults', { seed: 1, serverErrorRate: 1 });
    expect(set.status).toBe(200);
    expect((await api(server, '/me')).status).toBeGreaterThanOrEqual(500);
    await control(server, '/faults', 'null');
    expect((await api(server, '/me')).status).toBe(200);
    const bad = await control(server, '/faults', { seed: 1, dropRate: 2 });
    expect(bad.status).toBe(400);
  });
});
