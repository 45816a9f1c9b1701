import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, MeSchema, SyncPageSchema, recordKey } from '../../core/api/contract';
import { COLLECTION_NAMES, type Asset, type Ticket } from '../../core/model/snapshot';
import { generateFleet } from '../../core/generate/fleet';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { api, control, syncPage, syncToEnd } from './helpers';
import { smallFleet } from './fixtures';

const liveMap = (server: DemoServer, c: (typeof COLLECTION_NAMES)[number]) =>
  new Map(((server.store.snapshot()[c] ?? []) as { id?: string }[]).map((r) => [recordKey(c, r), r]));

describe('sync paging', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ snapshot: generateFleet({ seed: 7, assets: 400 }) });
  });
  afterAll(() => server.close());

  it('returns every record of every collection exactly once across small pages', async () => {
    for (const c of COLLECTION_NAMES) {
      const { replica, seenKeys } = await syncToEnd(server, c, { limit: 7 });
      expect(new Set(seenKeys).size, c).toBe(seenKeys.length);
      expect(replica, c).toEqual(liveMap(server, c));
    }
  });

  it('ends equal to the server when deletes, recreations and edits land between pages', async () => {
    let n = 0;
    const { replica } = await syncToEnd(server, 'assets', {
      limit: 25,
      between: () => {
        const assets = server.store.snapshot().assets;
        // One already-sent asset deleted, one not-yet-sent deleted, one renamed, one deleted and recreated.
        server.store.remove('assets', assets[0].id);
        server.store.remove('assets', assets[assets.length - 1].id);
        server.store.put('assets', { ...assets[5], name: `${assets[5].name} (edited ${n++})` });
        server.store.remove('assets', assets[10].id);
        server.store.put('assets', assets[10]);
        server.store.put('assets', {
          id: `new-${n}`,
          name: 'GA 11+ (new)',
          projectId: assets[1].projectId,
          siteId: assets[1].siteId,
          tags: [],
        } satisfies Asset);
      },
    });
    expect(replica).toEqual(liveMap(server, 'assets'));
  });

  it('resumes from a saved cursor with only what changed, deletes as tombstones', async () => {
    const first = await syncToEnd(server, 'tickets', { limit: 50 });
    const tickets = server.store.snapshot().tickets;
    server.store.remove('tickets', tickets[3].id);
    server.store.put('tickets', { ...tickets[4], title: 'Pressure switch replaced' } satisfies Ticket);
    const page = await syncPage(server, 'tickets', first.cursor);
    expect(page.changes).toEqual([
      { op: 'delete', key: tickets[3].id, at: expect.any(String), author: null },
      { op: 'put', key: tickets[4].id, record: { ...tickets[4], title: 'Pressure switch replaced' }, at: expect.any(String), author: null },
    ]);
    expect(page.hasMore).toBe(false);
    const resumed = await syncToEnd(server, 'tickets', { cursor: first.cursor, replica: first.replica });
    expect(resumed.replica).toEqual(liveMap(server, 'tickets'));
    // Caught up: the cursor no longer moves and the page is empty.
    const again = await syncPage(server, 'tickets', resumed.cursor);
    expect(again).toMatchObject({ changes: [], cursor: resumed.cursor, hasMore: false });
  });

  it('shows random mutations on the next page', async () => {
    const before = await Promise.all(COLLECTION_NAMES.map((c) => syncToEnd(server, c, { limit: 5000 })));
    const snapBefore = server.store.snapshot();
    server.store.mutateRandom(40, 99);
    expect(server.store.snapshot()).not.toEqual(snapBefore);
    let changes = 0;
    for (const [i, c] of COLLECTION_NAMES.entries()) {
      const after = await syncToEnd(server, c, { cursor: before[i].cursor, replica: before[i].replica });
      changes += after.seenKeys.length;
      expect(after.replica, c).toEqual(liveMap(server, c));
    }
    expect(changes).toBeGreaterThan(0);
  });

  it('changes data through the loopback control endpoint and reports the state', async () => {
    const state = async () => (await control(server, '/state')).json();
    const before = await state();
    const res = await control(server, '/mutate', { count: 10, seed: 4 });
    expect(res.status).toBe(200);
    const after = await state();
    expect(after.headSeq).toBeGreaterThanOrEqual(before.headSeq + 10);
    expect(after.epoch).toBe(before.epoch);
    expect(after.collections.assets.live).toBe(server.store.snapshot().assets.length);
    expect(after.demoUsers.find((d: { kind: string }) => d.kind === 'support')?.apiKey).toBe('ai-demo-support');
    expect((await control(server, '/mutate', '{"count":0}')).status).toBe(400);
  });

  it('starts from scratch without tombstones', async () => {
    const { seenKeys } = await syncToEnd(server, 'tickets', { limit: 5000 });
    expect(seenKeys.length).toBe(server.store.snapshot().tickets.length);
  });
});

describe('random mutations', () => {
  it('are replayable from the seed and keep every record valid', async () => {
    const a = await startDemoServer({ snapshot: generateFleet({ seed: 3, assets: 300 }) });
    const b = await startDemoServer({ snapshot: generateFleet({ seed: 3, assets: 300 }) });
    try {
      a.store.mutateRandom(200, 5);
      b.store.mutateRandom(200, 5);
      // A new server validates the whole snapshot (it throws on any bad record).
      expect(a.store.snapshot()).toEqual(b.store.snapshot());
      const c = await startDemoServer({ snapshot: a.store.snapshot() });
      await c.close();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('rejects an invalid put, naming the field, and changes nothing', async () => {
    const server = await startDemoServer({ snapshot: smallFleet() });
    try {
      const before = server.store.snapshot();
      expect(() => server.store.put('projectRoles', { ...before.projectRoles[0], tags: [{ tag: 'x', read: false, write: true }] })).toThrow(
        /tags\[0\]\.write: write without read/,
      );
      expect(server.store.snapshot()).toBe(before);
    } finally {
      await server.close();
    }
  });
});

describe('conditional requests', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ snapshot: smallFleet() });
  });
  afterAll(() => server.close());

  it('answers 304 to a matching If-None-Match until the collection changes after the cursor', async () => {
    const page = await syncPage(server, 'assets', null);
    const path = `/sync/assets?cursor=${page.cursor}`;
    const first = await api(server, path);
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toBeTruthy();
    expect((await api(server, path, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // A change elsewhere leaves this collection's page as it was.
    server.store.put('projects', { id: 'p-new', name: 'Nitrogen' });
    expect((await api(server, path, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    server.store.put('assets', { ...server.store.snapshot().assets[0], name: 'GA 37 VSD+ (moved)' });
    const changed = await api(server, path, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

describe('API errors', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ snapshot: smallFleet() });
  });
  afterAll(() => server.close());

  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = ApiErrorSchema.parse(await res.json());
    expect(body.error.code).toBe(code);
    return body.error.message;
  };

  it('401 without a session or key, and with an unknown key', async () => {
    await expectError(await api(server, '/me', { key: null }), 401, 'unauthorized');
    await expectError(await api(server, '/sync/assets', { key: null }), 401, 'unauthorized');
    expect(await expectError(await api(server, '/me', { key: 'nope' }), 401, 'unauthorized')).toMatch(/unknown API key/);
  });

  it('lets an external user read /me but answers 403 on /sync', async () => {
    const key = Object.keys(server.apiKeys).find((k) => server.apiKeys[k] === 'u-cust')!;
    const me = MeSchema.parse(await (await api(server, '/me', { key })).json());
    expect(me).toMatchObject({ user: { id: 'u-cust' }, systemRole: { id: 'customer' }, auth: 'apiKey' });
    expect(await expectError(await api(server, '/sync/assets', { key }), 403, 'forbidden')).toMatch(/internalUser/);
  });

  it('answers 403 on /sync to a disabled user even with an internal role', async () => {
    const key = Object.keys(server.apiKeys).find((k) => server.apiKeys[k] === 'u-off')!;
    await expectError(await api(server, '/sync/users', { key }), 403, 'forbidden');
  });

  it('404 for an unknown collection or endpoint', async () => {
    await expectError(await api(server, '/sync/widgets'), 404, 'notFound');
    await expectError(await api(server, '/nothing/here'), 404, 'notFound');
  });

  it('400 for a malformed cursor, a cursor of another collection, or a bad limit', async () => {
    await expectError(await api(server, '/sync/assets?cursor=not*base64'), 400, 'badRequest');
    await expectError(await api(server, `/sync/assets?cursor=${Buffer.from('{"v":1}').toString('base64url')}`), 400, 'badRequest');
    const sites = await syncPage(server, 'sites', null);
    await expectError(await api(server, `/sync/assets?cursor=${sites.cursor}`), 400, 'badRequest');
    await expectError(await api(server, '/sync/assets?limit=0'), 400, 'badRequest');
    await expectError(await api(server, '/sync/assets?limit=ten'), 400, 'badRequest');
  });

  it('caps limit at the contract maximum instead of failing', async () => {
    expect((await api(server, '/sync/assets?limit=999999')).status).toBe(200);
  });

  it('410 for a cursor of an earlier dataset after a reset', async () => {
    const page = await syncPage(server, 'assets', null);
    server.store.reset(smallFleet());
    await expectError(await api(server, `/sync/assets?cursor=${page.cursor}`), 410, 'gone');
    // Starting again works, and the API keys still point at the (new) demo users.
    expect((await syncPage(server, 'assets', null)).changes).toHaveLength(smallFleet().assets.length);
  });
});

describe('sync page bodies', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ snapshot: generateFleet({ seed: 3, assets: 60 }) });
  });
  afterAll(() => server.close());

  it("are exactly what JSON.stringify writes for the page, in the contract's field order, puts, deletes and authors alike", async () => {
    const first = await syncPage(server, 'assets', null);
    const assets = server.store.snapshot().assets;
    // Text that JSON must escape, a delete, and a change with an author.
    server.store.put('assets', { ...assets[0], name: 'Quote " back\\slash </script> \u2028 · ünïcode 🙂' }, 'u-gina-admin');
    server.store.remove('assets', assets[1].id);
    server.store.put('assets', { ...assets[2], tags: ['a', 'b'] });
    const res = await api(server, `/sync/assets?cursor=${first.cursor}&requestId=r-1`);
    const text = await res.text();
    const page = JSON.parse(text) as { author: string | null; changes: Array<{ op: string; key?: string; author?: string | null }> };
    expect(page.changes.map((c) => c.op)).toEqual(['put', 'delete', 'put']);
    expect(text).toBe(JSON.stringify(page));
    expect(Object.keys(page)).toEqual(['collection', 'changes', 'cursor', 'hasMore', 'serverTime', 'requestId', 'at', 'author']);
    // The page's author is its first change's; the others say theirs where it differs. Puts leave out the key their
    // record carries; a delete has no record to carry it.
    expect(page.author).toBe('u-gina-admin');
    expect(page.changes.map((c) => c.author)).toEqual([undefined, null, null]);
    expect(page.changes.map((c) => c.key)).toEqual([undefined, assets[1].id, undefined]);
    const read = SyncPageSchema.parse(page);
    expect(read.changes.map((c) => [c.key, c.author])).toEqual([
      [assets[0].id, 'u-gina-admin'],
      [assets[1].id, null],
      [assets[2].id, null],
    ]);
  });

  it('serve a record the faults alter as altered, not as stored, leaving out only a key the served record carries', async () => {
    server.setFaults({ seed: 1, malformedRate: 1 });
    try {
      const text = await (await api(server, '/sync/assets?limit=20')).text();
      expect(text).toBe(JSON.stringify(JSON.parse(text)));
      const wire = JSON.parse(text) as { changes: Array<{ key?: string; record: unknown }> };
      const page = SyncPageSchema.parse(JSON.parse(text));
      const altered = page.changes.filter(
        (c) => c.op === 'put' && JSON.stringify(c.record) !== JSON.stringify(server.store.get('assets', c.key)),
      );
      expect(altered.length).toBeGreaterThan(0);
      page.changes.forEach((c, i) => {
        if (c.op !== 'put') return;
        const carried = (c.record as { id?: unknown } | null)?.id === c.key;
        expect(wire.changes[i].key, JSON.stringify(wire.changes[i])).toBe(carried ? undefined : c.key);
      });
    } finally {
      server.setFaults(null);
    }
  });
});
