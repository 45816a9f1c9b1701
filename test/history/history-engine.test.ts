// Issue 18, the history engine: state as of a moment, a user's timeline with causes, since when, now against then.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EFFECTS } from '../../core/engine/codes';
import { generateFleet } from '../../core/generate/fleet';
import { generateHistory } from '../../core/generate/history';
import { HistoryRangeError, stateAsOf } from '../../core/history/state-as-of';
import { compareRoleWithThen, compareWithThen, sinceWhen, userTimeline } from '../../core/history/timeline';
import type { History, HistoryEntry } from '../../core/model/history';
import type { ProjectRole, Snapshot } from '../../core/model/snapshot';
import { effectsOf, replay, stateMap } from './support';

const T0 = '2026-11-01T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const ms = (iso: string) => Date.parse(iso);
const before = (iso: string) => new Date(ms(iso) - 1).toISOString();

/** A small generated fleet and a random history over it (the fleet is the state at the history's start). */
function world(seed: number, assets = 150, extra: Parameters<typeof generateHistory>[1] = {}) {
  const start = generateFleet({ seed, assets });
  const { snapshot, history } = generateHistory(start, { seed, days: 10, dailyChurn: 0.03, minChanges: 60, sameMoment: 0.15, ...extra });
  return { start, snapshot, history };
}

/** The user's role that can lose read on a tag some of their visible assets carry, and that tag. */
function tagLoss(s: Snapshot, userId: string): { role: ProjectRole; tag: string } {
  const mine = new Set(s.memberships.filter((m) => m.userId === userId).map((m) => m.projectRoleId));
  for (const role of s.projectRoles) {
    if (!mine.has(role.id)) continue;
    const t = role.tags.find((g) => g.read);
    if (t) return { role, tag: t.tag };
  }
  throw new Error(`no tagged role for ${userId}`);
}

describe('state as of a moment', () => {
  it('equals the state at the start replayed forward up to that moment, for random change sequences', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, where) => {
        const { start, snapshot, history } = world(seed, 80);
        const moment = history.entries.length
          ? history.entries[Math.min(history.entries.length - 1, Math.floor(where * history.entries.length))].at
          : history.since;
        const upTo = history.entries.filter((e) => ms(e.at) <= ms(moment));
        expect(stateMap(stateAsOf(snapshot, history, moment).snapshot)).toEqual(stateMap(replay(start, upTo)));
        expect(stateMap(stateAsOf(snapshot, history, history.since).snapshot)).toEqual(stateMap(start));
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a moment before the history starts, and a time without a zone, with a clear error', () => {
    const { snapshot, history } = world(3, 60);
    expect(() => stateAsOf(snapshot, history, '2026-10-31T23:59:59Z')).toThrow(HistoryRangeError);
    expect(() => stateAsOf(snapshot, history, '2026-10-31T23:59:59Z')).toThrow(/history starts at 2026-11-01T00:00:00.000Z/);
    expect(() => stateAsOf(snapshot, history, '2026-11-02 10:00')).toThrow(/not a time with a zone/);
  });

  it('reports the gaps after the moment alongside the state', () => {
    const gap = { from: at(60 * 24), to: at(60 * 25), reason: 'cursor expired (410), full resync' };
    const { snapshot, history } = world(4, 60, { gaps: [gap] });
    expect(stateAsOf(snapshot, history, at(10)).gaps).toEqual([gap]);
    expect(stateAsOf(snapshot, history, at(60 * 26)).gaps).toEqual([]);
  });
});

describe("a user's timeline", () => {
  it("a role losing read on a tag hides the user's assets with that tag at that moment, caused by that role change, and counts the other users it moved", () => {
    const start = generateFleet({ seed: 7, assets: 400 });
    const userId = 'u-tara-tech';
    const { role, tag } = tagLoss(start, userId);
    const after: ProjectRole = { ...role, tags: role.tags.map((t) => (t.tag === tag ? { ...t, read: false, write: false } : t)) };
    const entry: HistoryEntry = { collection: 'projectRoles', key: role.id, at: at(90), author: 'u-gina-admin', before: role, after };
    const now = replay(start, [entry]);
    const history: History = { since: T0, entries: [entry], gaps: [] };

    const then = effectsOf(start, userId);
    const later = effectsOf(now, userId);
    const lost = [...then].filter(([id, e]) => e > (later.get(id) ?? 0)).map(([id]) => id);
    expect(lost.length).toBeGreaterThan(0);

    const t = userTimeline(now, history, userId);
    expect(t.events).toHaveLength(1);
    expect(t.events[0].at).toBe(at(90));
    const hiddenNow = t.events[0].groups.flatMap((g) => g.assetIds);
    expect(hiddenNow.sort()).toEqual(lost.sort());
    for (const g of t.events[0].groups) expect(g).toMatchObject({ attribution: 'CAUSE', causes: [0] });
    // Other users: every other user whose effects moved, counted by the engine on both whole states.
    let others = 0;
    for (const u of start.users) {
      if (u.id === userId) continue;
      const a = effectsOf(start, u.id);
      const b = effectsOf(now, u.id);
      if ([...a].some(([id, e]) => b.get(id) !== e)) others++;
    }
    expect(t.events[0].causes).toEqual([
      expect.objectContaining({ entry: 0, collection: 'projectRoles', kind: 'changed', author: 'u-gina-admin', otherUsers: others }),
    ]);
  });

  it('moves effects exactly as the engine does on the states before and after each moment, and undoing an attributed cause restores the earlier effect', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const { start, snapshot, history } = world(seed, 120);
        // Members (roles, tags) and a Global Admin (every asset, created and removed ones too).
        const users = [
          ...start.users.filter((u) => start.memberships.some((m) => m.userId === u.id)).slice(0, 3),
          ...start.users.filter((u) => u.systemRoleId === 'globalAdmin').slice(0, 1),
        ];
        for (const user of users) {
          const t = userTimeline(snapshot, history, user.id);
          for (const ev of t.events) {
            const was = effectsOf(stateAsOf(snapshot, history, before(ev.at)).snapshot, user.id);
            const stateAt = stateAsOf(snapshot, history, ev.at).snapshot;
            const is = effectsOf(stateAt, user.id);
            for (const g of ev.groups) {
              for (const id of g.assetIds) {
                expect(EFFECTS[was.get(id) ?? 0]).toBe(g.from);
                expect(EFFECTS[is.get(id) ?? 0]).toBe(g.to);
              }
              if (g.attribution === 'CAUSE' || g.attribution === 'ALL_NEEDED') {
                for (const cause of g.causes) {
                  const e = history.entries[cause];
                  const undone = replay(stateAt, [{ ...e, after: e.before }]);
                  const restored = effectsOf(undone, user.id);
                  for (const id of g.assetIds) expect(EFFECTS[restored.get(id) ?? 0]).toBe(g.from);
                }
              }
            }
          }
          // And no moment is missing: every asset whose effect differs between start and now moved at some event.
          const moved = new Set(t.events.flatMap((ev) => ev.groups.flatMap((g) => g.assetIds)));
          const a = effectsOf(start, user.id);
          const b = effectsOf(snapshot, user.id);
          for (const id of new Set([...a.keys(), ...b.keys()])) if ((a.get(id) ?? 0) !== (b.get(id) ?? 0)) expect(moved.has(id)).toBe(true);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('claims no cause for a moment inside a gap', () => {
    const start = generateFleet({ seed: 7, assets: 400 });
    const userId = 'u-tara-tech';
    const { role, tag } = tagLoss(start, userId);
    const after: ProjectRole = { ...role, tags: role.tags.map((t) => (t.tag === tag ? { ...t, read: false, write: false } : t)) };
    const entry: HistoryEntry = { collection: 'projectRoles', key: role.id, at: at(90), author: null, before: role, after };
    const gap = { from: at(60), to: at(120), reason: 'cursor expired (410), full resync' };
    const history: History = { since: T0, entries: [entry], gaps: [gap] };
    const t = userTimeline(replay(start, [entry]), history, userId);
    expect(t.gaps).toEqual([gap]);
    expect(t.events[0].gap).toEqual(gap);
    for (const g of t.events[0].groups) expect(g).toMatchObject({ attribution: 'GAP', causes: [] });
  });

  it('says when several changes at one moment together caused a change and none alone did', () => {
    const start = generateFleet({ seed: 7, assets: 400 });
    const userId = 'u-tara-tech';
    const user = start.users.find((u) => u.id === userId)!;
    const memberships = start.memberships.filter((m) => m.userId === userId);
    // Two changes at one moment, each enough to hide everything: the user is disabled and loses every membership.
    const entries: HistoryEntry[] = [
      { collection: 'users', key: userId, at: at(30), author: null, before: user, after: { ...user, status: 'disabled' } },
      ...memberships.map((m) => ({
        collection: 'memberships' as const,
        key: `${m.userId}|${m.projectId}`,
        at: at(30),
        author: null,
        before: m,
        after: null,
      })),
    ];
    const history: History = { since: T0, entries, gaps: [] };
    const t = userTimeline(replay(start, entries), history, userId);
    expect(t.events).toHaveLength(1);
    const groups = t.events[0].groups;
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(g.to).toBe('hidden');
      expect(g.attribution).toBe('TOGETHER');
      expect(g.causes).toContain(0);
    }
  });

  it('undoes each of two changes to one asset at one moment to its own before: the move that hid it is the cause, the rename after it is not', () => {
    const start = generateFleet({ seed: 7, assets: 400 });
    const userId = 'u-tara-tech';
    const seen = effectsOf(start, userId);
    const asset = start.assets.find((a) => (seen.get(a.id) ?? 0) > 0)!;
    const mine = new Set(start.memberships.filter((m) => m.userId === userId).map((m) => m.projectId));
    const elsewhere = start.projects.find((p) => !mine.has(p.id))!;
    const moved = { ...asset, projectId: elsewhere.id };
    const renamed = { ...moved, name: `${asset.name} (renamed)` };
    const entries: HistoryEntry[] = [
      { collection: 'assets', key: asset.id, at: at(45), author: null, before: asset, after: moved },
      { collection: 'assets', key: asset.id, at: at(45), author: null, before: moved, after: renamed },
    ];
    const history: History = { since: T0, entries, gaps: [] };
    const now = replay(start, entries);
    expect(effectsOf(now, userId).get(asset.id) ?? 0).toBe(0);
    const t = userTimeline(now, history, userId);
    expect(t.events).toHaveLength(1);
    expect(t.events[0].groups).toEqual([
      { from: EFFECTS[seen.get(asset.id)!], to: 'hidden', attribution: 'CAUSE', causes: [0], assetIds: [asset.id] },
    ]);
  });
});

describe('since when, and now against then', () => {
  it('names the moment and the change that gave an asset its current effect, or says it held before the history', () => {
    const start = generateFleet({ seed: 7, assets: 400 });
    const userId = 'u-tara-tech';
    const { role, tag } = tagLoss(start, userId);
    const after: ProjectRole = { ...role, tags: role.tags.map((t) => (t.tag === tag ? { ...t, read: false, write: false } : t)) };
    const entry: HistoryEntry = { collection: 'projectRoles', key: role.id, at: at(90), author: null, before: role, after };
    const now = replay(start, [entry]);
    const history: History = { since: T0, entries: [entry], gaps: [] };
    const then = effectsOf(start, userId);
    const later = effectsOf(now, userId);
    const lostId = [...then].find(([id, e]) => e > (later.get(id) ?? 0))![0];
    const keptId = [...then].find(([id, e]) => e === later.get(id))![0];
    expect(sinceWhen(now, history, userId, lostId)).toMatchObject({
      code: 'CHANGED',
      effect: 'hidden',
      since: at(90),
      attribution: 'CAUSE',
      causes: [expect.objectContaining({ entry: 0 })],
    });
    expect(sinceWhen(now, history, userId, keptId)).toMatchObject({ code: 'BEFORE_HISTORY', since: T0, causes: [] });

    const c = compareWithThen(now, history, userId, at(10));
    expect(c.gained).toEqual([]);
    expect(c.lost.flatMap((g) => g.assetIds)).toContain(lostId);
    expect(c.lost[0]).toMatchObject({ at: at(90), attribution: 'CAUSE', causes: [expect.objectContaining({ entry: 0 })] });
    const r = compareRoleWithThen(now, history, role.id, at(10));
    expect(r.holders.map((h) => h.userId)).toContain(userId);
  });

  it('never claims a cause across a gap: after a gap that follows the change, only "at least since the gap" is said', () => {
    const start = generateFleet({ seed: 7, assets: 400 });
    const userId = 'u-tara-tech';
    const { role, tag } = tagLoss(start, userId);
    const after: ProjectRole = { ...role, tags: role.tags.map((t) => (t.tag === tag ? { ...t, read: false, write: false } : t)) };
    const entry: HistoryEntry = { collection: 'projectRoles', key: role.id, at: at(90), author: null, before: role, after };
    const gap = { from: at(200), to: at(300), reason: 'cursor expired (410), full resync' };
    const now = replay(start, [entry]);
    const history: History = { since: T0, entries: [entry], gaps: [gap] };
    const then = effectsOf(start, userId);
    const later = effectsOf(now, userId);
    const lostId = [...then].find(([id, e]) => e > (later.get(id) ?? 0))![0];
    expect(sinceWhen(now, history, userId, lostId)).toMatchObject({ code: 'AFTER_GAP', since: at(300), causes: [], gap });
    const c = compareWithThen(now, history, userId, at(10));
    expect(c.lost.length).toBeGreaterThan(0);
    for (const g of c.lost) expect(g).toMatchObject({ attribution: 'GAP', causes: [] });
    // Without the gap the same questions name the change.
    expect(sinceWhen(now, { ...history, gaps: [] }, userId, lostId)).toMatchObject({
      code: 'CHANGED',
      causes: [expect.objectContaining({ entry: 0 })],
    });
  });

  it('compares now with then as the engine does on both states', () => {
    const { snapshot, history } = world(11, 200);
    const then = history.entries[Math.floor(history.entries.length / 3)].at;
    for (const userId of ['u-tara-tech', 'u-cora-customer']) {
      const c = compareWithThen(snapshot, history, userId, then);
      const a = effectsOf(stateAsOf(snapshot, history, then).snapshot, userId);
      const b = effectsOf(snapshot, userId);
      const expected = [...new Set([...a.keys(), ...b.keys()])].filter((id) => (a.get(id) ?? 0) !== (b.get(id) ?? 0)).sort();
      expect([...c.gained, ...c.lost].flatMap((g) => g.assetIds).sort()).toEqual(expected);
    }
  });
});
