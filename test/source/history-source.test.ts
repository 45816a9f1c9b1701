// Issue 18 at the seam: the panel's data source answers about time — any request as of a past moment, and the
// history's own questions (status, timeline, since when, now against then, export).
import { describe, expect, it } from 'vitest';
import type { History } from '../../core/model/history';
import type { ProjectRole, Snapshot } from '../../core/model/snapshot';
import { createDirectSource } from '../../core/source/direct-source';
import { handleDataSourceRequest } from '../../core/source/request-handler';
import { createRemoteSource } from '../../core/source/remote-source';
import { DATA_SOURCE_ANSWERS } from '../../core/source/schema';
import { DataSourceRequestError } from '../../core/source/validated-source';
import { fixtureSnapshot } from '../components/fixture';

const SINCE = '2026-11-01T00:00:00.000Z';
const ROLE_CHANGE = '2026-11-10T09:30:00.000Z';
const BEFORE_CHANGE = '2026-11-05T12:00:00Z';

/**
 * The fixture now, where the technicians' role «Pump reader» reads valves too, and its history: on ROLE_CHANGE the
 * admin gave the role read on tag «valves» (before it, Tom's valve was hidden). Cora holds the same role in p1.
 */
function world(extra: Partial<History> = {}): { snapshot: Snapshot; history: History } {
  const snapshot = fixtureSnapshot();
  const i = snapshot.projectRoles.findIndex((r) => r.id === 'pr-pumps');
  const before: ProjectRole = structuredClone(snapshot.projectRoles[i]);
  const after: ProjectRole = { ...before, tags: [...before.tags, { tag: 'valves', read: true, write: false }] };
  snapshot.projectRoles[i] = after;
  const history: History = {
    since: SINCE,
    entries: [{ collection: 'projectRoles', key: 'pr-pumps', at: ROLE_CHANGE, author: 'u-admin', before, after }],
    gaps: [],
    ...extra,
  };
  return { snapshot, history };
}

function source(extra: Partial<History> = {}) {
  const { snapshot, history } = world(extra);
  return createDirectSource({ snapshot, history: { history, bytes: 4096, retention: { days: 30, megabytes: 64 } } });
}

describe('answers as of a past moment', () => {
  it('explains an asset as of before a role change with the old effect, and now with the new one', async () => {
    const s = source();
    const then = await s.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: BEFORE_CHANGE });
    const now = await s.explainAsset({ userId: 'u-tech', assetId: 'a-valve' });
    expect(then.explanation!.effect).toBe('hidden');
    expect(now.explanation!.effect).toBe('read');
    // The answer as of then says so (the panel marks it); the one about now carries no such mark.
    expect(then.asOf).toMatchObject({ at: BEFORE_CHANGE, historySince: SINCE, gaps: [] });
    expect(then.asOf!.text).toContain(BEFORE_CHANGE);
    expect(now.asOf).toBeUndefined();
    expect(DATA_SOURCE_ANSWERS.explainAsset.safeParse(then).success).toBe(true);
    // A moment after the change answers like now; lists follow the moment too.
    expect((await s.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: '2026-11-10T09:30:00Z' })).explanation!.effect).toBe('read');
    expect((await s.assetPage({ userId: 'u-tech', effect: 'hidden', asOf: BEFORE_CHANGE })).rows.map((r) => r.assetId)).toEqual([
      'a-valve',
      'a-depot',
    ]);
    expect((await s.assetPage({ userId: 'u-tech', effect: 'hidden' })).rows.map((r) => r.assetId)).toEqual(['a-depot']);
  });

  it('refuses a moment before the history starts, naming the moment and the oldest time it can answer for', async () => {
    const s = source();
    const refused = s.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: '2026-10-20T08:00:00Z' });
    await expect(refused).rejects.toThrow('2026-10-20T08:00:00Z');
    await expect(refused).rejects.toThrow(`the history starts at ${SINCE}`);
  });

  it('refuses an as-of question while the data holds no history, and answers the present as before', async () => {
    const s = createDirectSource({ snapshot: fixtureSnapshot() });
    await expect(s.who({ userId: 'u-tech', asOf: BEFORE_CHANGE })).rejects.toThrow(
      /no answer as of 2026-11-05T12:00:00Z: the data holds no history/,
    );
    expect((await s.who({ userId: 'u-tech', asOf: null })).facts!.user.id).toBe('u-tech');
    expect((await s.historyStatus()).history).toBeNull();
    await expect(s.timeline({ userId: 'u-tech' })).rejects.toThrow(/timeline: the data holds no history/);
  });

  it('rejects a bad asOf at the seam, naming the field, before anything answers', async () => {
    const s = source();
    for (const bad of ['last tuesday', '2026-11-05', '2026-11-05 12:00', 42])
      await expect(s.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: bad as never })).rejects.toThrow(DataSourceRequestError);
    await expect(s.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: 'last tuesday' })).rejects.toThrow(/asOf: .*"last tuesday"/);
    // The extension's path (content script → message → background handler) refuses it the same way.
    await expect(handleDataSourceRequest(s, 'who', { userId: 'u-tech', asOf: 'yesterday' })).rejects.toThrow(/bad who request — asOf/);
  });

  it('gives the same as-of answer over the extension’s message path as directly', async () => {
    const s = source();
    const remote = createRemoteSource({
      call: (method, request) => handleDataSourceRequest(s, method, JSON.parse(JSON.stringify(request)) as unknown),
      subscribe: () => () => undefined,
    });
    const viaMessages = await remote.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: BEFORE_CHANGE });
    expect(viaMessages).toEqual(await s.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: BEFORE_CHANGE }));
    expect((await remote.timeline({ userId: 'u-tech' })).timeline!.events).toHaveLength(1);
  });

  it('the sync’s and the history’s own methods answer about now whatever asOf says', async () => {
    const s = source();
    const early = '2026-10-01T00:00:00Z'; // before the history: any other method would refuse it
    expect((await s.syncStatus({ asOf: early })).asOf).toBeUndefined();
    expect((await s.historyStatus({ asOf: early })).history!.count).toBe(1);
    expect((await s.timeline({ userId: 'u-tech', asOf: early })).timeline!.events).toHaveLength(1);
    await expect(s.listProjects({ asOf: early })).rejects.toThrow(/no answer as of 2026-10-01T00:00:00Z/);
  });

  it('keeps no as-of answer across a new snapshot: the moment is answered from the new data', async () => {
    const s = source();
    expect((await s.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: BEFORE_CHANGE })).explanation!.effect).toBe('hidden');
    // New data: the history was compacted up to after the change (a history-only change is a data change too).
    const { snapshot, history } = world();
    const version = (await s.syncStatus()).dataVersion;
    s.setSnapshot(snapshot, { history: { ...history, since: '2026-11-11T00:00:00.000Z', entries: [] } });
    expect((await s.syncStatus()).dataVersion).toBe(version + 1);
    await expect(s.explainAsset({ userId: 'u-tech', assetId: 'a-valve', asOf: BEFORE_CHANGE })).rejects.toThrow(
      /history starts at 2026-11-11/,
    );
  });
});

describe('the history’s own answers', () => {
  it('historyStatus counts the changes and reports size, retention, oldest and newest change and gaps', async () => {
    const gap = { from: '2026-11-03T00:00:00.000Z', to: '2026-11-03T06:00:00.000Z', reason: 'cursor expired (410), full resync' };
    const { history } = await source({ gaps: [gap] }).historyStatus();
    expect(history).toMatchObject({
      since: SINCE,
      count: 1,
      bytes: 4096,
      retention: { days: 30, megabytes: 64 },
      oldest: ROLE_CHANGE,
      newest: ROLE_CHANGE,
    });
    expect(history!.gaps).toEqual([{ ...gap, text: expect.stringContaining('cursor expired') }]);
  });

  it('the timeline names the role change as the cause, with its time, author and the other user it moved', async () => {
    const { timeline } = await source().timeline({ userId: 'u-tech' });
    expect(timeline!.events).toHaveLength(1);
    const [ev] = timeline!.events;
    expect(ev.at).toBe(ROLE_CHANGE);
    expect(ev.causes).toHaveLength(1);
    expect(ev.causes[0]).toMatchObject({
      collection: 'projectRoles',
      key: 'pr-pumps',
      kind: 'changed',
      author: 'u-admin',
      authorName: 'Ada Admin',
      otherUsers: 1,
    });
    expect(ev.causes[0].text).toBe('role «Pump reader» got read on tag «valves»');
    expect(ev.gained).toEqual({ count: 1, assetIds: ['a-valve'] });
    expect(ev.lost).toEqual({ count: 0, assetIds: [] });
    expect(ev.together).toBe(false);
    expect(ev.groups[0]).toMatchObject({ from: 'hidden', to: 'read', attribution: 'CAUSE', count: 1 });
    expect(DATA_SOURCE_ANSWERS.timeline.safeParse({ timeline }).success).toBe(true);
    // A period that ends before the change has nothing in it; one that starts before the history is refused.
    expect((await source().timeline({ userId: 'u-tech', to: BEFORE_CHANGE })).timeline!.events).toEqual([]);
    await expect(source().timeline({ userId: 'u-tech', from: '2026-10-01T00:00:00Z' })).rejects.toThrow(/history starts at/);
    expect((await source().timeline({ userId: 'nobody' })).timeline).toBeNull();
    await expect(source().timeline({ userId: 'u-tech', from: ROLE_CHANGE, to: BEFORE_CHANGE })).rejects.toThrow(
      /bad timeline request — to: the period ends before it starts/,
    );
  });

  it('sinceWhen says since when the current effect holds and which change made it so', async () => {
    const s = source();
    const { since } = await s.sinceWhen({ userId: 'u-tech', assetId: 'a-valve' });
    expect(since).toMatchObject({ code: 'CHANGED', effect: 'read', previous: 'hidden', since: ROLE_CHANGE, attribution: 'CAUSE' });
    expect(since!.causes.map((c) => c.key)).toEqual(['pr-pumps']);
    const pump = (await s.sinceWhen({ userId: 'u-tech', assetId: 'a-pump' })).since!;
    expect(pump).toMatchObject({ code: 'BEFORE_HISTORY', since: SINCE, causes: [] });
    expect(pump.text).toContain('since before the history starts');
  });

  it('compareThen groups what a user and a role’s holders gained since then by the causing change', async () => {
    const s = source();
    const user = (await s.compareThen({ userId: 'u-tech', thenAt: BEFORE_CHANGE })).comparison!;
    expect(user.subject).toEqual({ kind: 'user', id: 'u-tech', name: 'Tom Tech' });
    expect(user.holders[0]).toMatchObject({ gainedCount: 1, lostCount: 0 });
    expect(user.holders[0].gained[0]).toMatchObject({ from: 'hidden', to: 'read', at: ROLE_CHANGE, assetIds: ['a-valve'] });
    const role = (await s.compareThen({ roleId: 'pr-pumps', thenAt: BEFORE_CHANGE })).comparison!;
    expect(role.holders.map((h) => h.userId).sort()).toEqual(['u-cust', 'u-tech']);
    await expect(s.compareThen({ thenAt: BEFORE_CHANGE })).rejects.toThrow(/exactly one of userId and roleId/);
    await expect(s.compareThen({ userId: 'u-tech', thenAt: 'then' })).rejects.toThrow(/bad compareThen request — thenAt/);
  });

  it('timelineExport gives the timeline as CSV and as Markdown', async () => {
    const s = source();
    const csv = (await s.timelineExport({ userId: 'u-tech', format: 'csv' })).export!;
    expect(csv).toMatchObject({ format: 'csv', filename: 'access-timeline-u-tech.csv' });
    expect(csv.text.split('\n')[1]).toContain(ROLE_CHANGE);
    expect(csv.text).toContain('role «Pump reader» got read on tag «valves»');
    const md = (await s.timelineExport({ userId: 'u-tech', format: 'markdown' })).export!;
    expect(md.text).toContain('### Access timeline of Tom Tech');
    expect(md.filename).toBe('access-timeline-u-tech.md');
  });
});
