// The role-edit impact (core/engine/role-impact.ts) against the naive answer: the same snapshot with the role
// replaced, every holder's every asset and ticket explained before and after. Plus the seed's own cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessSteps, compileFleet, diffAccess, normaliseRole, projectFeatures, ticketSteps } from '../../core/engine';
import { roleImpact, roleImpactAssets } from '../../core/engine/role-impact';
import { FEATURE_GROUPS } from '../../core/model/catalog';
import type { ProjectRole, Snapshot } from '../../core/model/snapshot';
import { snapshotArb, TAG_POOL } from './arbitraries';
import { asset, baseSnapshot, member, role, user } from './fixtures';

const RANK = { hidden: 0, read: 1, full: 2 } as const;
const pairArb = fc.constantFrom(
  { read: false, write: false },
  { read: true, write: false },
  { read: true, write: true },
  { read: false, write: true },
);

const draftArb = (base: ProjectRole): fc.Arbitrary<ProjectRole> =>
  fc
    .record({
      groups: fc.array(fc.tuple(fc.constantFrom(...FEATURE_GROUPS.map((g) => g.id)), fc.boolean(), pairArb, pairArb), { maxLength: 6 }),
      tags: fc.subarray([...TAG_POOL, 'tag-nobody']).chain((tags) => fc.tuple(...tags.map((t) => pairArb.map((p) => ({ tag: t, ...p }))))),
      fullAccessUntagged: fc.boolean(),
      expertMode: fc.boolean(),
    })
    .map((d) => {
      const features: ProjectRole['features'] = {};
      for (const [g, enabled, p1, p2] of d.groups) {
        const fns = FEATURE_GROUPS.find((x) => x.id === g)!.functions;
        features[g] = { enabled, functions: { [fns[0].id]: p1, [fns[fns.length - 1].id]: p2 } };
      }
      // Write without read is what an editor normalises (R2): the impact must read the draft the same way.
      return { ...base, features, tags: d.tags, fullAccessUntagged: d.fullAccessUntagged, expertMode: d.expertMode };
    });

/** The naive answer: explain every (holder user, asset) and (holder user, ticket) in both fleets. */
function naive(s: Snapshot, roleId: string, draft: ProjectRole) {
  const before = compileFleet(s);
  const i = before.projectRoleIndex.get(roleId)!;
  const after = compileFleet({ ...s, projectRoles: s.projectRoles.map((r, k) => (k === i ? normaliseRole(draft) : r)) });
  const holders = s.memberships.filter(
    (m, k) =>
      before.userIndex.has(m.userId) &&
      s.memberships.findIndex((x) => x.userId === m.userId && x.projectId === m.projectId) === k &&
      m.projectRoleId === roleId,
  );
  const users = [...new Set(holders.map((m) => before.userIndex.get(m.userId)!))];
  const transitions = new Map<string, number>();
  const hiddenAssets = new Set<number>();
  const tickets = { visible: 0, redacted: 0, hidden: 0 };
  let functions = 0;
  for (const u of users) {
    for (let a = 0; a < s.assets.length; a++) {
      if (before.assetIndex.get(s.assets[a].id) !== a) continue;
      const b = accessSteps(before, u, a).effect;
      const c = accessSteps(after, u, a).effect;
      if (b === c) continue;
      transitions.set(`${b}>${c}`, (transitions.get(`${b}>${c}`) ?? 0) + 1);
      if (c === 'hidden') hiddenAssets.add(a);
    }
    for (let t = 0; t < s.tickets.length; t++) {
      if (before.ticketIndex.get(s.tickets[t].id) !== t) continue;
      const b = ticketSteps(before, u, t).effect;
      const c = ticketSteps(after, u, t).effect;
      if (b !== c) tickets[c]++;
    }
  }
  for (const m of holders) {
    if (!before.projectIndex.has(m.projectId)) continue;
    const fb = projectFeatures(before, m.userId, m.projectId).functions;
    const fa = projectFeatures(after, m.userId, m.projectId).functions;
    functions += fb.filter((f, k) => f.read !== fa[k].read || f.write !== fa[k].write).length;
  }
  return { holders: holders.length, transitions, hiddenAssets: hiddenAssets.size, tickets, functions };
}

describe('roleImpact', () => {
  it('equals the per-holder diff computed naively by explaining before and after (random fleets and drafts)', () => {
    fc.assert(
      fc.property(
        snapshotArb({ maxUsers: 5, maxAssets: 7 }).chain((s) =>
          fc
            .tuple(fc.constant(s), fc.nat({ max: s.projectRoles.length - 1 }))
            .chain(([s2, i]) => fc.tuple(fc.constant(s2), fc.constant(i), draftArb(s2.projectRoles[i]))),
        ),
        ([s, i, draft]) => {
          const f = compileFleet(s);
          const roleId = s.projectRoles[i].id;
          const impact = roleImpact(f, roleId, draft);
          const want = naive(s, roleId, draft);
          expect(impact.totals.holders).toBe(want.holders);
          const got = new Map(impact.totals.assets.transitions.map((t) => [`${t.before}>${t.after}`, t.count]));
          expect(got).toEqual(want.transitions);
          expect(impact.totals.assets.hiddenAssets).toBe(want.hiddenAssets);
          const { visible, redacted, hidden } = impact.totals.tickets;
          expect({ visible, redacted, hidden }).toEqual(want.tickets);
          // Functions per holder row, where the project exists (projectFeatures needs a project record).
          const rowsFns = impact.holders.filter((h) => f.projectIndex.has(h.projectId)).reduce((n, h) => n + h.functions, 0);
          expect(rowsFns).toBe(want.functions);
          // Per-holder rows add up to the totals.
          expect(impact.holders.reduce((n, h) => n + h.assets.lost, 0)).toBe(impact.totals.assets.lost);
          expect(impact.holders.reduce((n, h) => n + h.tickets.hidden + h.tickets.redacted + h.tickets.visible, 0)).toBe(
            visible + redacted + hidden,
          );
          // Each holder row is the existing what-if diff (core/engine/diff.ts) of that user holding the draft in that project.
          for (const h of impact.holders.filter((x) => f.projectIndex.has(x.projectId))) {
            const d = diffAccess(f, h.userId, { asDraftRole: draft, projectId: h.projectId });
            expect(d.changes.length).toBe(h.assets.gained + h.assets.lost);
            expect(d.changes.filter((c) => c.after === 'hidden').length).toBe(h.assets.hidden);
            expect(d.functions.length).toBe(h.functions);
          }
          // Details on demand list exactly the counted assets.
          for (const h of impact.holders) {
            const rows = roleImpactAssets(f, roleId, draft, h);
            expect(rows.length).toBe(h.assets.gained + h.assets.lost);
            expect(rows.filter((r) => RANK[r.after] > RANK[r.before]).length).toBe(h.assets.gained);
            expect(rows.filter((r) => RANK[r.after] < RANK[r.before]).length).toBe(h.assets.lost);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('switching the Alarms universal switch off hides the Alarms menu item and its functions for every deciding holder', () => {
    const s = baseSnapshot({
      users: [
        user('u-1'),
        user('u-2'),
        user('u-off', { status: 'disabled' }),
        user('u-admin', { systemRoleId: 'globalAdmin', organizationId: 'org-global' }),
      ],
      projectRoles: [
        role('pr-ops', {
          assets: 'rw',
          extraFeatures: {
            alarms: { enabled: true, functions: { alarms: { read: true, write: true }, alarmHistory: { read: true, write: false } } },
          },
        }),
      ],
      memberships: [member('u-1', 'pr-ops'), member('u-2', 'pr-ops'), member('u-off', 'pr-ops'), member('u-admin', 'pr-ops')],
      assets: [asset('a-1'), asset('a-2', { tags: ['x'] })],
    });
    const f = compileFleet(s);
    const stored = s.projectRoles[0];
    const draft: ProjectRole = { ...stored, features: { ...stored.features, alarms: { ...stored.features.alarms, enabled: false } } };
    const impact = roleImpact(f, 'pr-ops', draft);
    expect(impact.totals).toMatchObject({ holders: 4, users: 4, projects: 1, decidingUsers: 2 });
    expect(impact.menu).toEqual([{ groupId: 'alarms', before: true, after: false, users: 2 }]);
    expect(impact.functions.map((x) => [x.id, x.before, x.after])).toEqual([
      ['alarms.alarms', 'write', 'none'],
      ['alarms.alarmHistory', 'read', 'none'],
    ]);
    expect(impact.holders.map((h) => [h.userId, h.code, h.menu])).toEqual([
      ['u-1', 'ROLE_DECIDES', 1],
      ['u-2', 'ROLE_DECIDES', 1],
      ['u-off', 'USER_NOT_ACTIVE', 0],
      ['u-admin', 'SYSTEM_FULL_ACCESS', 0],
    ]);
    expect(impact.totals.assets.lost).toBe(0);
  });

  it("switching Assets off hides the project's assets from its holders, and a new role has no holders", () => {
    const s = baseSnapshot({
      users: [user('u-1'), user('u-2')],
      projectRoles: [role('pr-ops', { assets: 'rw' })],
      memberships: [member('u-1', 'pr-ops'), member('u-2', 'pr-ops')],
      assets: [asset('a-1'), asset('a-2'), asset('a-3', { projectId: 'prj-other' })],
    });
    const f = compileFleet(s);
    const draft: ProjectRole = {
      ...s.projectRoles[0],
      features: { ...s.projectRoles[0].features, assets: { enabled: false, functions: s.projectRoles[0].features.assets.functions } },
    };
    const impact = roleImpact(f, 'pr-ops', draft);
    expect(impact.totals.assets).toMatchObject({ lost: 4, hidden: 4, hiddenAssets: 2, hiddenFromUsers: 2, hiddenInProjects: 1 });
    expect(
      roleImpactAssets(f, 'pr-ops', draft, { userId: 'u-1', projectId: 'prj-food' }).map((r) => [r.assetId, r.before, r.after]),
    ).toEqual([
      ['a-1', 'full', 'hidden'],
      ['a-2', 'full', 'hidden'],
    ]);
    const created = roleImpact(f, null, { ...draft, id: 'pr-new' });
    expect(created.holders).toEqual([]);
    expect(created.totals.holders).toBe(0);
  });
});
