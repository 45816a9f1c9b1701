// Issue 18 on the demo platform: every change carries its server time and author in the feed, and the bounded
// change log is served by GET /api/v1/history (paging, since, 410 when older than kept), with a settable clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_KEY_HEADER, API_PREFIX, HistoryGoneSchema, HistoryPageSchema, type HistoryPage } from '../../core/api/contract';
import { roleVersion } from '../../core/engine/role-edit';
import type { Ticket } from '../../core/model/snapshot';
import { ChangeLog } from '../../demo/history-log';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { smallFleet } from './fixtures';
import { api, control, syncPage, syncToEnd } from './helpers';

const DAY = 86_400_000;

async function historyPage(server: RunningDemoServer, query: string): Promise<HistoryPage> {
  const res = await api(server, `/history${query}`);
  if (res.status !== 200) throw new Error(`history: HTTP ${res.status} ${await res.text()}`);
  return HistoryPageSchema.parse(await res.json());
}

describe('demo change history', () => {
  let server: RunningDemoServer;
  beforeEach(async () => {
    server = await startDemoServer({ snapshot: smallFleet() });
  });
  afterEach(() => server.close());

  it('stamps each feed change with the server time and the author of an API edit; random edits have none', async () => {
    const start = await syncToEnd(server, 'projectRoles');
    const role = server.state.store.snapshot().projectRoles[0];
    const editor = Object.entries(server.apiKeys).find(([, id]) => id === 'u-admin')![0];
    const res = await fetch(`${server.url}${API_PREFIX}/project-roles/${role.id}`, {
      method: 'PUT',
      headers: { [API_KEY_HEADER]: editor, 'Content-Type': 'application/json', 'If-Match': `"${roleVersion(role)}"` },
      body: JSON.stringify({ ...role, name: 'Renamed by Grace' }),
    });
    expect(res.status).toBe(200);
    const page = await syncPage(server, 'projectRoles', start.cursor);
    expect(page.changes).toEqual([expect.objectContaining({ op: 'put', key: role.id, author: 'u-admin' })]);
    const at = Date.parse(page.changes[0].at!);
    expect(Math.abs(at - Date.now())).toBeLessThan(5_000);

    server.state.store.mutateRandom(3, 1);
    const history = await historyPage(server, '');
    expect(history.entries[0]).toMatchObject({
      collection: 'projectRoles',
      key: role.id,
      author: 'u-admin',
      before: role,
      after: { ...role, name: 'Renamed by Grace' },
    });
    expect(history.entries.slice(1).every((e) => e.author === null)).toBe(true);
  });

  it('records creations and deletions with null before/after, and not a put of the same record', async () => {
    const ticket = server.state.store.snapshot().tickets[0] as Ticket;
    server.state.store.put('tickets', ticket); // no change
    server.state.store.remove('tickets', ticket.id, 'u-qm');
    server.state.store.put('tickets', ticket, 'u-qm');
    const { entries } = await historyPage(server, '');
    expect(entries.map((e) => [e.before === null, e.after === null, e.author])).toEqual([
      [false, true, 'u-qm'],
      [true, false, 'u-qm'],
    ]);
  });

  it('the clock control makes changes at chosen past times; pages by cursor, oldest first', async () => {
    const ticket = server.state.store.snapshot().tickets[0] as Ticket;
    const threeDaysAgo = new Date(Date.now() - 3 * DAY).toISOString();
    // Before the dataset's start is refused by the history (410), so start the dataset in the past first.
    server.state.store.clockOffsetMs = -5 * DAY;
    server.state.store.reset(smallFleet());
    const set = await (await control(server, '/clock', { at: threeDaysAgo })).json();
    expect(Date.parse(set.now)).toBeGreaterThanOrEqual(Date.parse(threeDaysAgo));
    server.state.store.put('tickets', { ...ticket, title: 'three days ago' });
    await control(server, '/clock', { offsetMs: -DAY });
    server.state.store.put('tickets', { ...ticket, title: 'yesterday' });
    server.state.store.put('tickets', { ...ticket, title: 'yesterday, again' });
    await control(server, '/clock', { offsetMs: 0 });

    const first = await historyPage(server, '?limit=2');
    expect(first.hasMore).toBe(true);
    expect(Date.parse(first.since)).toBeLessThan(Date.parse(threeDaysAgo));
    const second = await historyPage(server, `?cursor=${first.cursor}&limit=2`);
    expect(second.hasMore).toBe(false);
    const entries = [...first.entries, ...second.entries];
    expect(entries.map((e) => (e.after as Ticket).title)).toEqual(['three days ago', 'yesterday', 'yesterday, again']);
    expect(Date.parse(entries[0].at) - Date.parse(threeDaysAgo)).toBeLessThan(2_000);
    expect(Date.now() - Date.parse(entries[1].at)).toBeGreaterThan(DAY - 5_000);
    // `since` filters: only yesterday's changes.
    const recent = await historyPage(server, `?since=${encodeURIComponent(new Date(Date.now() - 2 * DAY).toISOString())}`);
    expect(recent.entries).toHaveLength(2);
  });

  it('answers 410 with the oldest time it keeps for a since before it, and a cursor whose entries were dropped', async () => {
    const tooOld = await api(server, `/history?since=${encodeURIComponent(new Date(Date.now() - 40 * DAY).toISOString())}`);
    expect(tooOld.status).toBe(410);
    const body = HistoryGoneSchema.parse(await tooOld.json());
    expect(body.since).toBe(new Date(server.state.store.history.since).toISOString());

    const ticket = server.state.store.snapshot().tickets[0] as Ticket;
    server.state.store.put('tickets', { ...ticket, title: 'one' });
    const page = await historyPage(server, '');
    // Clock 31 days ahead: the change falls out of the 30 days kept, and the cursor before it with it.
    server.state.store.clockOffsetMs = 31 * DAY;
    server.state.store.put('tickets', { ...ticket, title: 'two' });
    const fromStart = await historyPage(server, '');
    expect(fromStart.entries.map((e) => (e.after as Ticket).title)).toEqual(['two']);
    const oldCursor = await historyPage(server, `?cursor=${page.cursor}`); // the cursor after "one": nothing lost
    expect(oldCursor.entries).toHaveLength(1);
    const firstCursor = Buffer.from(JSON.stringify({ v: 1, e: server.state.store.epoch, s: 0, t: 0 })).toString('base64url');
    expect((await api(server, `/history?cursor=${firstCursor}`)).status).toBe(410);
    server.state.store.reset(smallFleet());
    expect((await api(server, `/history?cursor=${page.cursor}`)).status).toBe(410);
  });

  it('keeps at most its entry bound, oldest dropped first', () => {
    const log = new ChangeLog(0, { maxEntries: 3 });
    for (let seq = 1; seq <= 5; seq++)
      log.add({ seq, collection: 'tickets', key: `t${seq}`, at: seq * 1000, author: null, before: null, after: {} });
    expect(log.size).toBe(3);
    expect(log.page(0, 0, 10).changes.map((c) => c.seq)).toEqual([3, 4, 5]);
    expect(log.since).toBe(2000);
    expect(log.prunedThroughSeq).toBe(2);
  });

  it('refuses bad history requests and readers without internalUser like the sync endpoints', async () => {
    expect((await api(server, '/history?since=2026-13-01T00:00:00Z')).status).toBe(400);
    expect((await api(server, '/history?cursor=%%%')).status).toBe(400);
    expect((await api(server, '/history', { key: null })).status).toBe(401);
    expect((await api(server, '/history', { key: 'ai-demo-customer' })).status).toBe(403);
    expect((await control(server, '/clock', { offsetMs: 1, at: 'x' })).status).toBe(400);
  });
});
